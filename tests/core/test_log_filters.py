"""No PESEL in the server's logs (issue 13): the logging filter every handler of LOGGING carries blanks
11-digit numbers in messages, arguments and tracebacks, and leaves other numbers alone."""

import io
import logging
import logging.config

from django.conf import settings

from szansa.lib.log_filters import RedactIdentifiers, redact

PESEL = "80051712345"  # synthetic: born 17.05.1980


def _logger(stream) -> logging.Logger:
    handler = logging.StreamHandler(stream)
    handler.addFilter(RedactIdentifiers())
    logger = logging.getLogger("tests.redaction")
    logger.handlers = [handler]
    logger.propagate = False
    logger.setLevel(logging.INFO)
    return logger


def test_a_pesel_in_a_message_its_arguments_or_a_traceback_is_blanked():
    stream = io.StringIO()
    logger = _logger(stream)
    logger.warning("Not Found: /osoby/?q=%s", PESEL)
    logger.info("duplicate " + PESEL + " in row 3")
    try:
        raise ValueError(f"PESEL {PESEL} is already in the registry")
    except ValueError:
        logger.exception("import failed")
    text = stream.getvalue()
    assert PESEL not in text
    assert text.count("[PESEL]") == 3
    assert "Not Found: /osoby/?q=[PESEL]" in text and "in row 3" in text


def test_other_numbers_stay():
    assert redact("phone 600100200, account 12345678901234567890, year 2020") == (
        "phone 600100200, account 12345678901234567890, year 2020"
    )
    assert redact("a=80051712345&b=1") == "a=[PESEL]&b=1"


def test_the_project_logging_puts_the_filter_on_every_handler():
    handlers = settings.LOGGING["handlers"]
    assert handlers and all(
        "redact_identifiers" in handler.get("filters", []) for handler in handlers.values()
    )
    stream = io.StringIO()
    logging.config.dictConfig(settings.LOGGING)
    root = logging.getLogger()
    original = [h.stream for h in root.handlers]
    try:
        for handler in root.handlers:
            handler.stream = stream
        logging.getLogger("django.request").warning("Bad request: /api/people/?pesel=%s", PESEL)
    finally:
        for handler, s in zip(root.handlers, original, strict=True):
            handler.stream = s
    assert "pesel=[PESEL]" in stream.getvalue() and PESEL not in stream.getvalue()
