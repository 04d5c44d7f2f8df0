using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace SkillSwap.Payments.Infrastructure.Migrations
{
    /// <inheritdoc />
    public partial class InitialCreate : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "accounts",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    user_id = table.Column<Guid>(type: "uuid", nullable: true),
                    booking_id = table.Column<Guid>(type: "uuid", nullable: true),
                    name = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    balance_minutes = table.Column<long>(type: "bigint", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    anonymised_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_accounts", x => x.id);
                    table.CheckConstraint("ck_accounts_balance_non_negative", "kind = 'System' OR balance_minutes >= 0");
                    table.CheckConstraint("ck_accounts_shape", "(kind = 'Wallet' AND booking_id IS NULL AND name IS NULL) OR (kind = 'Escrow' AND booking_id IS NOT NULL AND user_id IS NULL AND name IS NULL) OR (kind = 'System' AND name IS NOT NULL AND user_id IS NULL AND booking_id IS NULL)");
                });

            migrationBuilder.CreateTable(
                name: "inbox_messages",
                columns: table => new
                {
                    event_id = table.Column<Guid>(type: "uuid", nullable: false),
                    consumer = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    handled_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_inbox_messages", x => new { x.event_id, x.consumer });
                });

            migrationBuilder.CreateTable(
                name: "ledger_transactions",
                columns: table => new
                {
                    id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    kind = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    booking_id = table.Column<Guid>(type: "uuid", nullable: true),
                    session_id = table.Column<Guid>(type: "uuid", nullable: true),
                    occurred_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ledger_transactions", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "outbox_messages",
                columns: table => new
                {
                    event_id = table.Column<Guid>(type: "uuid", nullable: false),
                    event_type = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    payload = table.Column<string>(type: "text", nullable: false),
                    occurred_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    trace_parent = table.Column<string>(type: "character varying(55)", maxLength: 55, nullable: true),
                    trace_state = table.Column<string>(type: "character varying(512)", maxLength: 512, nullable: true),
                    published_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_outbox_messages", x => x.event_id);
                });

            migrationBuilder.CreateTable(
                name: "escrows",
                columns: table => new
                {
                    booking_id = table.Column<Guid>(type: "uuid", nullable: false),
                    session_id = table.Column<Guid>(type: "uuid", nullable: false),
                    learner_account_id = table.Column<Guid>(type: "uuid", nullable: false),
                    teacher_account_id = table.Column<Guid>(type: "uuid", nullable: false),
                    escrow_account_id = table.Column<Guid>(type: "uuid", nullable: true),
                    amount_minutes = table.Column<int>(type: "integer", nullable: false),
                    status = table.Column<string>(type: "character varying(24)", maxLength: 24, nullable: false),
                    refunded_minutes = table.Column<int>(type: "integer", nullable: false),
                    released_minutes = table.Column<int>(type: "integer", nullable: false),
                    cancellation_reason = table.Column<string>(type: "character varying(24)", maxLength: 24, nullable: true),
                    late_cancellation = table.Column<bool>(type: "boolean", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    disputed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_escrows", x => x.booking_id);
                    table.CheckConstraint("ck_escrows_amounts", "amount_minutes >= 0 AND refunded_minutes >= 0 AND released_minutes >= 0 AND refunded_minutes + released_minutes <= amount_minutes");
                    table.ForeignKey(
                        name: "FK_escrows_accounts_escrow_account_id",
                        column: x => x.escrow_account_id,
                        principalTable: "accounts",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_escrows_accounts_learner_account_id",
                        column: x => x.learner_account_id,
                        principalTable: "accounts",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_escrows_accounts_teacher_account_id",
                        column: x => x.teacher_account_id,
                        principalTable: "accounts",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "ledger_entries",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    transaction_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    account_id = table.Column<Guid>(type: "uuid", nullable: false),
                    amount_minutes = table.Column<long>(type: "bigint", nullable: false),
                    balance_after_minutes = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ledger_entries", x => x.id);
                    table.CheckConstraint("ck_ledger_entries_amount_non_zero", "amount_minutes <> 0");
                    table.ForeignKey(
                        name: "FK_ledger_entries_accounts_account_id",
                        column: x => x.account_id,
                        principalTable: "accounts",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_ledger_entries_ledger_transactions_transaction_id",
                        column: x => x.transaction_id,
                        principalTable: "ledger_transactions",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.InsertData(
                table: "accounts",
                columns: new[] { "id", "anonymised_at", "balance_minutes", "booking_id", "created_at", "kind", "name", "user_id" },
                values: new object[] { new Guid("00000000-0000-0000-0000-0000000000a1"), null, 0L, null, new DateTimeOffset(new DateTime(2026, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)), "System", "grants", null });

            migrationBuilder.CreateIndex(
                name: "IX_accounts_booking_id",
                table: "accounts",
                column: "booking_id",
                unique: true,
                filter: "booking_id IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_accounts_name",
                table: "accounts",
                column: "name",
                unique: true,
                filter: "name IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_accounts_user_id",
                table: "accounts",
                column: "user_id",
                unique: true,
                filter: "user_id IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_escrows_escrow_account_id",
                table: "escrows",
                column: "escrow_account_id");

            migrationBuilder.CreateIndex(
                name: "IX_escrows_learner_account_id_status",
                table: "escrows",
                columns: new[] { "learner_account_id", "status" });

            migrationBuilder.CreateIndex(
                name: "IX_escrows_teacher_account_id_status",
                table: "escrows",
                columns: new[] { "teacher_account_id", "status" });

            migrationBuilder.CreateIndex(
                name: "IX_ledger_entries_account_id_id",
                table: "ledger_entries",
                columns: new[] { "account_id", "id" });

            migrationBuilder.CreateIndex(
                name: "IX_ledger_entries_transaction_id_account_id",
                table: "ledger_entries",
                columns: new[] { "transaction_id", "account_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ledger_transactions_booking_id",
                table: "ledger_transactions",
                column: "booking_id");

            migrationBuilder.CreateIndex(
                name: "ix_outbox_messages_unpublished",
                table: "outbox_messages",
                columns: new[] { "occurred_at", "event_id" },
                filter: "published_at IS NULL");

            // The ledger's rules, enforced by the database whatever code writes to it:
            // 1. an account's balance changes only by its entries: each inserted entry is added to its account's
            //    balance (which the CHECK ck_accounts_balance_non_negative then guards) and records the balance after it;
            //    any other change of a balance, or an account opened with a non-zero balance, is refused;
            // 2. entries and transactions are append-only;
            // 3. at commit, every transaction touched has at least two entries summing to zero (deferred constraint
            //    triggers, so the entries of one transaction may be inserted one by one).
            migrationBuilder.Sql("""
                CREATE FUNCTION ledger_apply_entry() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    UPDATE accounts SET balance_minutes = balance_minutes + NEW.amount_minutes
                    WHERE id = NEW.account_id
                    RETURNING balance_minutes INTO NEW.balance_after_minutes;
                    IF NOT FOUND THEN
                        RAISE EXCEPTION 'ledger entry for unknown account %', NEW.account_id USING ERRCODE = 'foreign_key_violation';
                    END IF;
                    RETURN NEW;
                END
                $$;

                CREATE TRIGGER ledger_entries_apply BEFORE INSERT ON ledger_entries
                    FOR EACH ROW EXECUTE FUNCTION ledger_apply_entry();

                CREATE FUNCTION accounts_guard_balance() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF TG_OP = 'INSERT' THEN
                        IF NEW.balance_minutes <> 0 THEN
                            RAISE EXCEPTION 'account % must open with a zero balance', NEW.id USING ERRCODE = 'check_violation';
                        END IF;
                    -- Depth 2: the UPDATE of ledger_apply_entry. Depth 1: anybody else's UPDATE.
                    ELSIF NEW.balance_minutes IS DISTINCT FROM OLD.balance_minutes AND pg_trigger_depth() < 2 THEN
                        RAISE EXCEPTION 'the balance of account % changes only through ledger entries', NEW.id USING ERRCODE = 'check_violation';
                    END IF;
                    RETURN NEW;
                END
                $$;

                CREATE TRIGGER accounts_balance_from_entries BEFORE INSERT OR UPDATE ON accounts
                    FOR EACH ROW EXECUTE FUNCTION accounts_guard_balance();

                CREATE FUNCTION ledger_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP USING ERRCODE = 'restrict_violation';
                END
                $$;

                CREATE TRIGGER ledger_entries_append_only BEFORE UPDATE OR DELETE ON ledger_entries
                    FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change();
                CREATE TRIGGER ledger_entries_no_truncate BEFORE TRUNCATE ON ledger_entries
                    FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_change();
                CREATE TRIGGER ledger_transactions_append_only BEFORE UPDATE OR DELETE ON ledger_transactions
                    FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change();
                CREATE TRIGGER ledger_transactions_no_truncate BEFORE TRUNCATE ON ledger_transactions
                    FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_change();

                -- TG_ARGV[0] names the column holding the transaction id in the row that fired.
                CREATE FUNCTION ledger_check_balanced() RETURNS trigger LANGUAGE plpgsql AS $$
                DECLARE
                    checked_transaction text := to_jsonb(NEW) ->> TG_ARGV[0];
                    total numeric;
                    entry_count bigint;
                BEGIN
                    SELECT coalesce(sum(amount_minutes), 0), count(*) INTO total, entry_count
                    FROM ledger_entries WHERE transaction_id = checked_transaction;
                    IF entry_count < 2 OR total <> 0 THEN
                        RAISE EXCEPTION 'ledger transaction % is unbalanced: % entries summing to %', checked_transaction, entry_count, total
                            USING ERRCODE = 'check_violation';
                    END IF;
                    RETURN NULL;
                END
                $$;

                CREATE CONSTRAINT TRIGGER ledger_transactions_balanced AFTER INSERT ON ledger_transactions
                    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION ledger_check_balanced('id');
                CREATE CONSTRAINT TRIGGER ledger_entries_balanced AFTER INSERT ON ledger_entries
                    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION ledger_check_balanced('transaction_id');
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // Their triggers go with them.
            migrationBuilder.Sql("""
                DROP FUNCTION ledger_check_balanced() CASCADE;
                DROP FUNCTION ledger_refuse_change() CASCADE;
                DROP FUNCTION accounts_guard_balance() CASCADE;
                DROP FUNCTION ledger_apply_entry() CASCADE;
                """);

            migrationBuilder.DropTable(
                name: "escrows");

            migrationBuilder.DropTable(
                name: "inbox_messages");

            migrationBuilder.DropTable(
                name: "ledger_entries");

            migrationBuilder.DropTable(
                name: "outbox_messages");

            migrationBuilder.DropTable(
                name: "accounts");

            migrationBuilder.DropTable(
                name: "ledger_transactions");
        }
    }
}
