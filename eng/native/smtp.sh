#!/usr/bin/env bash
# Runs a local SMTP server in the foreground on 127.0.0.1 for native mode and the test harness: aiosmtpd (Debian's
# python3-aiosmtpd) accepting every message into the Maildir DATA_DIR/maildir, where a developer or a test reads it,
# except for made-up addresses that try delivery failures (refused.…@ for good, unavailable.…@ for now: smtp_mailbox.py).
# Usage: smtp.sh DATA_DIR PORT [PASSWORD_FILE]   (no authentication: loopback only)
set -euo pipefail
data_dir="$1"; port="$2"
/usr/bin/python3 -c 'import aiosmtpd' 2>/dev/null || { echo "python3-aiosmtpd not found; run ./skillswap install" >&2; exit 127; }
mkdir -p "$data_dir/maildir/tmp" "$data_dir/maildir/new" "$data_dir/maildir/cur"
PYTHONPATH="$(cd "$(dirname "$0")" && pwd)" exec /usr/bin/python3 -m aiosmtpd -n -l "127.0.0.1:$port" -c smtp_mailbox.ProviderLikeMailbox "$data_dir/maildir"
