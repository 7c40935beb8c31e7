"""A safety net for the server's logs: no PESEL (or any other 11-digit number that looks like one) is
written, whoever logs it (Django's request log with a URL, a library's error, a traceback).

Pages and the API keep identifiers out of URLs and error messages in the first place (the person search
is a POST; a duplicate PESEL is reported without the number); this filter catches what slips through.
"""

import logging
import re

# 11 digits not part of a longer number: a PESEL, also inside a URL (?q=80051712345) or a quoted value.
IDENTIFIER = re.compile(r"(?<!\d)\d{11}(?!\d)")
MASK = "[PESEL]"


def redact(text: str) -> str:
    return IDENTIFIER.sub(MASK, text)


class RedactIdentifiers(logging.Filter):
    """Blank 11-digit numbers in a record's message, its arguments and its exception text. The record is
    rewritten in place (formatted once), so every handler after the filter sees the redacted text."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a broken format string: leave it to the handler to report
            return True
        redacted = redact(message)
        if redacted != message or record.args:
            record.msg, record.args = redacted, None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        return True
