using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SkillSwap.Administration.Infrastructure.Migrations
{
    /// <inheritdoc />
    public partial class Kpis : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "kpi_active_days",
                columns: table => new
                {
                    user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    day = table.Column<DateOnly>(type: "date", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_kpi_active_days", x => new { x.user_id, x.day });
                });

            migrationBuilder.CreateTable(
                name: "kpi_facts",
                columns: table => new
                {
                    event_id = table.Column<Guid>(type: "uuid", nullable: false),
                    kind = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    occurred_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    value = table.Column<int>(type: "integer", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_kpi_facts", x => new { x.event_id, x.kind, x.user_id });
                });

            migrationBuilder.CreateTable(
                name: "kpi_members",
                columns: table => new
                {
                    user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    registered_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    verified_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    skills_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    matches_shown_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    first_message_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    first_session_requested_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    first_session_completed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    first_review_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_kpi_members", x => x.user_id);
                });

            migrationBuilder.CreateTable(
                name: "kpi_monthly_nps",
                columns: table => new
                {
                    month = table.Column<DateOnly>(type: "date", nullable: false),
                    promoters = table.Column<int>(type: "integer", nullable: false),
                    passives = table.Column<int>(type: "integer", nullable: false),
                    detractors = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_kpi_monthly_nps", x => x.month);
                });

            migrationBuilder.CreateTable(
                name: "kpi_totals",
                columns: table => new
                {
                    name = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    value = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_kpi_totals", x => x.name);
                });

            migrationBuilder.CreateTable(
                name: "kpi_weekly_sessions",
                columns: table => new
                {
                    week = table.Column<DateOnly>(type: "date", nullable: false),
                    completed = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_kpi_weekly_sessions", x => x.week);
                });

            migrationBuilder.CreateIndex(
                name: "IX_kpi_active_days_day",
                table: "kpi_active_days",
                column: "day");

            migrationBuilder.CreateIndex(
                name: "IX_kpi_members_registered_at",
                table: "kpi_members",
                column: "registered_at");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "kpi_active_days");

            migrationBuilder.DropTable(
                name: "kpi_facts");

            migrationBuilder.DropTable(
                name: "kpi_members");

            migrationBuilder.DropTable(
                name: "kpi_monthly_nps");

            migrationBuilder.DropTable(
                name: "kpi_totals");

            migrationBuilder.DropTable(
                name: "kpi_weekly_sessions");
        }
    }
}
