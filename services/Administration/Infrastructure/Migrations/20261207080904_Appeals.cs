using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SkillSwap.Administration.Infrastructure.Migrations
{
    /// <inheritdoc />
    public partial class Appeals : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "appeal_text",
                table: "moderation_cases",
                type: "character varying(2000)",
                maxLength: 2000,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "appealed_at",
                table: "moderation_cases",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "appealed_outcome",
                table: "moderation_cases",
                type: "character varying(16)",
                maxLength: 16,
                nullable: true);

            migrationBuilder.AddColumn<List<Guid>>(
                name: "former_deciders",
                table: "moderation_cases",
                type: "uuid[]",
                nullable: false,
                // Cases decided before appeals existed had no former deciders.
                defaultValueSql: "'{}'");

            migrationBuilder.AddColumn<bool>(
                name: "under_appeal",
                table: "moderation_cases",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.CreateTable(
                name: "appeal_tickets",
                columns: table => new
                {
                    token_hash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    case_id = table.Column<Guid>(type: "uuid", nullable: false),
                    user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    decided_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    expires_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    used_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_appeal_tickets", x => x.token_hash);
                });

            migrationBuilder.CreateIndex(
                name: "IX_appeal_tickets_case_id",
                table: "appeal_tickets",
                column: "case_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "appeal_tickets");

            migrationBuilder.DropColumn(
                name: "appeal_text",
                table: "moderation_cases");

            migrationBuilder.DropColumn(
                name: "appealed_at",
                table: "moderation_cases");

            migrationBuilder.DropColumn(
                name: "appealed_outcome",
                table: "moderation_cases");

            migrationBuilder.DropColumn(
                name: "former_deciders",
                table: "moderation_cases");

            migrationBuilder.DropColumn(
                name: "under_appeal",
                table: "moderation_cases");
        }
    }
}
