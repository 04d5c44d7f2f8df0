"""The local SMTP server's handler: aiosmtpd's Mailbox (every accepted email goes into a Maildir), except that it
answers like a real provider for two kinds of made-up addresses, so delivery failures can be tried without one:
a recipient whose local part starts with "refused." does not exist (550, for good) and one starting with
"unavailable." is temporarily unavailable (451, try again later). Every other address is accepted."""

from aiosmtpd.handlers import Mailbox


class ProviderLikeMailbox(Mailbox):
    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        local_part = address.split("@", 1)[0].lower()
        if local_part.startswith("refused."):
            return "550 5.1.1 Mailbox does not exist"
        if local_part.startswith("unavailable."):
            return "451 4.2.1 Mailbox temporarily unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"
