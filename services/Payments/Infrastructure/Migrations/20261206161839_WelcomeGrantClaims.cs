using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SkillSwap.Payments.Infrastructure.Migrations
{
    /// <inheritdoc />
    public partial class WelcomeGrantClaims : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "grant_claims",
                columns: table => new
                {
                    address_key = table.Column<byte[]>(type: "bytea", nullable: false),
                    granted_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_grant_claims", x => x.address_key);
                });

            migrationBuilder.CreateIndex(
                name: "IX_grant_claims_granted_at",
                table: "grant_claims",
                column: "granted_at");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "grant_claims");
        }
    }
}
