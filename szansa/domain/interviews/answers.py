"""Answers as the questionnaire's types keep them, and their check (messages in Polish).

Stored forms: text/textarea a string; number an int or a float; money a string with two decimals
("1200.50"); date an ISO date ("2026-11-02"); boolean true/false; choice one of the choices' values;
multichoice a list of them. An empty answer (None, "", []) means "not answered" and is not stored.
"""

import datetime
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from szansa.domain.interviews.enums import QuestionType
from szansa.lib.forms import normalise_amount

TEXT_MAX = 1000
TEXTAREA_MAX = 20000


class Invalid(ValueError):
    pass


def is_empty(value) -> bool:
    return value is None or value == "" or value == [] or (isinstance(value, str) and not value.strip())


def _number(value):
    if isinstance(value, bool):
        raise Invalid(_("Type a number."))
    if isinstance(value, int | float):
        return value
    text = normalise_amount(str(value))
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise Invalid(_("Type a number.")) from None
    if not number.is_finite():
        raise Invalid(_("Type a number."))
    return int(number) if number == number.to_integral_value() else float(number)


def _money(value):
    if isinstance(value, bool):
        raise Invalid(_("Type an amount in złoty, e.g. 1 200,50."))
    try:
        amount = Decimal(normalise_amount(str(value)))
    except InvalidOperation:
        raise Invalid(_("Type an amount in złoty, e.g. 1 200,50.")) from None
    if not amount.is_finite() or amount.as_tuple().exponent < -2 or abs(amount) >= Decimal("1e10"):
        raise Invalid(_("Type an amount in złoty, e.g. 1 200,50."))
    return f"{amount.quantize(Decimal('0.01'))}"


def _date(value):
    text = str(value).strip()
    for pattern in ("%Y-%m-%d", "%d.%m.%Y"):
        try:
            return datetime.datetime.strptime(text, pattern).date().isoformat()
        except ValueError:
            continue
    raise Invalid(_("Type a date as dd.mm.yyyy."))


def _boolean(value):
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("true", "1", "tak", "yes"):
        return True
    if text in ("false", "0", "nie", "no"):
        return False
    raise Invalid(_("Answer yes or no."))


def _values(question) -> dict[str, object]:
    return {str(choice["value"]): choice["value"] for choice in question.get("choices") or []}


def _choice(value, question):
    allowed = _values(question)
    if isinstance(value, list | dict) or str(value) not in allowed:
        raise Invalid(_("Choose one of the listed answers."))
    return allowed[str(value)]


def _multichoice(value, question):
    allowed = _values(question)
    items = value if isinstance(value, list) else [value]
    if any(isinstance(item, list | dict) or str(item) not in allowed for item in items):
        raise Invalid(_("Choose from the listed answers."))
    chosen = {str(item) for item in items}
    return [allowed[key] for key in allowed if key in chosen]


def _text(value, limit):
    if isinstance(value, list | dict):
        raise Invalid(_("Type a text."))
    text = str(value) if not isinstance(value, bool) else ("tak" if value else "nie")
    if len(text) > limit:
        raise Invalid(_("Shorten the text to %(limit)s characters.") % {"limit": limit})
    return text


def clean_answer(question: dict, value):
    """The stored form of one answer, or Invalid with a Polish message."""
    kind = question.get("type")
    if kind == QuestionType.NUMBER:
        return _number(value)
    if kind == QuestionType.MONEY:
        return _money(value)
    if kind == QuestionType.DATE:
        return _date(value)
    if kind == QuestionType.BOOLEAN:
        return _boolean(value)
    if kind == QuestionType.CHOICE:
        return _choice(value, question)
    if kind == QuestionType.MULTICHOICE:
        return _multichoice(value, question)
    if kind == QuestionType.TEXTAREA:
        return _text(value, TEXTAREA_MAX)
    return _text(value, TEXT_MAX)


def clean_answers(questions: dict[str, dict], answers) -> tuple[dict, dict[str, str]]:
    """(stored answers, errors by question code). Unknown codes are errors; empty answers are dropped."""
    if not isinstance(answers, dict):
        return {}, {"answers": _("Send the answers as an object of question codes and values.")}
    cleaned: dict = {}
    errors: dict[str, str] = {}
    for code, value in answers.items():
        question = questions.get(code)
        if question is None:
            errors[str(code)] = _("The questionnaire has no question %(code)s.") % {"code": code}
            continue
        if is_empty(value):
            continue
        try:
            cleaned[code] = clean_answer(question, value)
        except Invalid as error:
            errors[code] = str(error)
    return cleaned, errors


def same(a, b) -> bool:
    """Two stored answers are the same (an absent answer equals an empty one)."""
    if is_empty(a) and is_empty(b):
        return True
    return a == b
