"""Texts kept as a message and its parameters and translated when they are shown.

A finding stored today (an application's verification reasons) is read later by users of either
language: storing the rendered sentence would freeze it in the writer's language. A `Message` keeps the
English msgid and its parameters; `render()` translates it into the active language at display time,
formatting dates, months and money by that language (szansa/formats, `format_pln`).

Parameters may be plain strings and numbers (kept as they are), dates, `Month`, `Pln`, `Bilingual`
(a reference row's Polish and English names), lazily translated labels (a choice's label is stored as
its msgid) or nested messages. `to_json()` / `Message.from_json()` give the stored form.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import formats, translation
from django.utils.functional import Promise
from django.utils.translation import gettext

from szansa.lib.money import format_pln

MONTH_FORMAT = {"en": "M Y"}  # English "Feb 2020"; Polish (the default) "02.2020"
DEFAULT_MONTH_FORMAT = "m.Y"


@dataclass(frozen=True)
class Month:
    """A month (its first day), shown as 02.2020 in Polish and Feb 2020 in English."""

    day: datetime.date


@dataclass(frozen=True)
class Pln:
    """An amount of money, shown through format_pln in the reader's language."""

    amount: Decimal


@dataclass(frozen=True)
class Bilingual:
    """A name kept in Polish and English (reference rows); the reader's language picks one."""

    pl: str
    en: str


@dataclass(frozen=True)
class Message:
    msgid: str
    params: dict = field(default_factory=dict)

    def render(self) -> str:
        text = gettext(self.msgid) if self.msgid else ""
        if not self.params:
            return text
        return text % {name: _render(value) for name, value in self.params.items()}

    def __str__(self) -> str:
        return self.render()

    def to_json(self) -> dict:
        return {"msgid": self.msgid, "params": {name: _encode(value) for name, value in self.params.items()}}

    @classmethod
    def from_json(cls, data: dict) -> "Message":
        return cls(
            data.get("msgid", ""), {name: _decode(value) for name, value in data.get("params", {}).items()}
        )


@dataclass(frozen=True)
class Joined:
    """Messages shown one after another (e.g. a sentence and a suffix), each translated on its own."""

    parts: tuple
    separator: str = ""

    def render(self) -> str:
        return self.separator.join(_render(part) for part in self.parts)

    def __str__(self) -> str:
        return self.render()

    def to_json(self) -> dict:
        return {"joined": [_encode(part) for part in self.parts], "separator": self.separator}


def msgid_of(label) -> str:
    """The msgid behind a lazily translated label (a TextChoices label): its text with no language."""
    with translation.override(None):
        return str(label)


def label(value) -> Message:
    """A choice's label (or any lazy text) as a message translated when shown."""
    return Message(msgid_of(value))


def _language() -> str:
    return (translation.get_language() or "pl").split("-")[0]


def _render(value) -> str:
    if isinstance(value, (Message, Joined)):
        return value.render()
    if isinstance(value, Month):
        return formats.date_format(value.day, MONTH_FORMAT.get(_language(), DEFAULT_MONTH_FORMAT))
    if isinstance(value, Pln):
        return format_pln(value.amount)
    if isinstance(value, Bilingual):
        return value.en if _language() == "en" else value.pl
    if isinstance(value, datetime.date):
        return formats.date_format(value, "SHORT_DATE_FORMAT")
    if isinstance(value, Promise):
        return str(value)
    return value


def _encode(value):
    if isinstance(value, (Message, Joined)):
        return {"message": value.to_json()}
    if isinstance(value, Month):
        return {"month": value.day.isoformat()}
    if isinstance(value, Pln):
        return {"pln": str(value.amount)}
    if isinstance(value, Bilingual):
        return {"pl": value.pl, "en": value.en}
    if isinstance(value, datetime.date):
        return {"date": value.isoformat()}
    if isinstance(value, Promise):
        return {"message": Message(msgid_of(value)).to_json()}
    if isinstance(value, Decimal):
        return str(value)
    return value


def _decode(value):
    if not isinstance(value, dict):
        return value
    if "message" in value:
        return decode(value["message"])
    if "month" in value:
        return Month(datetime.date.fromisoformat(value["month"]))
    if "pln" in value:
        return Pln(Decimal(value["pln"]))
    if "date" in value:
        return datetime.date.fromisoformat(value["date"])
    if "pl" in value:
        return Bilingual(value["pl"], value.get("en", value["pl"]))
    return value


def encode(value) -> dict:
    """The stored form of a Message or Joined."""
    return value.to_json()


def decode(data: dict):
    """A Message or Joined from its stored form."""
    if "joined" in data:
        return Joined(tuple(_decode(part) for part in data["joined"]), data.get("separator", ""))
    return Message.from_json(data)
