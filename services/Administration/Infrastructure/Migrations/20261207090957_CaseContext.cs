using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SkillSwap.Administration.Infrastructure.Migrations
{
    /// <inheritdoc />
    public partial class CaseContext : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "context",
                table: "moderation_cases",
                type: "jsonb",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "credit_minutes",
                table: "booking_parties",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "requested_at",
                table: "booking_parties",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "skill_label",
                table: "booking_parties",
                type: "text",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "context",
                table: "moderation_cases");

            migrationBuilder.DropColumn(
                name: "credit_minutes",
                table: "booking_parties");

            migrationBuilder.DropColumn(
                name: "requested_at",
                table: "booking_parties");

            migrationBuilder.DropColumn(
                name: "skill_label",
                table: "booking_parties");
        }
    }
}
