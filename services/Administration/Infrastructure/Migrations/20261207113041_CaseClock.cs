using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SkillSwap.Administration.Infrastructure.Migrations
{
    /// <inheritdoc />
    public partial class CaseClock : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "waiting_since",
                table: "moderation_cases",
                type: "timestamp with time zone",
                nullable: false,
                defaultValue: new DateTimeOffset(new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)));

            // Cases opened before the clock: waiting since their appeal, or else since they were opened.
            migrationBuilder.Sql("UPDATE moderation_cases SET waiting_since = CASE WHEN under_appeal THEN appealed_at ELSE opened_at END;");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "waiting_since",
                table: "moderation_cases");
        }
    }
}
