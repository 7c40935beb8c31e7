"""Polish is the default language of the interface; English is available and complete by fallback."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from szansa.domain.people.validators import validate_pesel, validate_postal_code

PL_PO = Path(settings.BASE_DIR) / "szansa" / "locale" / "pl" / "LC_MESSAGES" / "django.po"
EN_PO = Path(settings.BASE_DIR) / "szansa" / "locale" / "en" / "LC_MESSAGES" / "django.po"

PESEL_CHECKSUM_PL = "Ten PESEL ma błędną cyfrę kontrolną; sprawdź, czy nie ma literówki."
POSTAL_CODE_PL = "Wpisz kod pocztowy w formacie NN-NNN, np. 32-300."


def _unquote(text: str) -> str:
    return re.sub(r'\\(["\\nt])', lambda m: {"n": "\n", "t": "\t"}.get(m[1], m[1]), text.strip()[1:-1])


def parse_po(path: Path) -> list[dict]:
    """Entries of a .po file as dicts: flags (a set), msgid, msgid_plural, msgstr or msgstr[n]."""
    entries = []
    for block in re.split(r"\n\s*\n", path.read_text(encoding="utf-8").strip()):
        entry: dict = {"flags": set()}
        key = None
        for line in block.splitlines():
            if line.startswith("#,"):
                entry["flags"] |= {flag.strip() for flag in line[2:].split(",")}
            elif line.startswith("#"):
                continue
            elif line.startswith('"'):
                entry[key] += _unquote(line)
            else:
                key, rest = line.split(" ", 1)
                entry[key] = _unquote(rest)
        entries.append(entry)
    return entries


def translations(entry: dict) -> list[str]:
    return [value for key, value in entry.items() if key.startswith("msgstr")]


def placeholders(text: str) -> list[str]:
    return sorted(re.findall(r"%\((\w+)\)[sd]", text))


def test_the_login_page_speaks_polish_by_default(client):
    response = client.get(reverse("login"))

    assert response.status_code == 200
    assert response.headers["Content-Language"] == "pl"
    assert "Zaloguj" in response.content.decode()
    assert '<html lang="pl">' in response.content.decode()


def switch_to_english(client):
    """The language switch in the page header (Django's set_language view, which sets the cookie)."""
    client.post(reverse("set_language"), {"language": "en", "next": "/"})


def test_the_login_page_speaks_english_after_switching_the_language(client):
    switch_to_english(client)

    response = client.get(reverse("login"))

    body = response.content.decode()
    assert response.headers["Content-Language"] == "en"
    assert "Log in" in body
    assert "Zaloguj" not in body


def test_pesel_validator_messages_are_polish():
    # Messages are lazy: they are rendered in the language active when they are read.
    with translation.override("pl"):
        with pytest.raises(ValidationError) as too_short:
            validate_pesel("123")
        with pytest.raises(ValidationError) as bad_checksum:
            validate_pesel("44051401358")  # 44051401359 is valid
        messages = too_short.value.messages + bad_checksum.value.messages

    assert messages == ["PESEL musi mieć dokładnie 11 cyfr.", PESEL_CHECKSUM_PL]


def test_postal_code_validator_message_is_polish():
    with translation.override("pl"):
        with pytest.raises(ValidationError) as error:
            validate_postal_code("32300")
        messages = error.value.messages

    assert messages == [POSTAL_CODE_PL]


def test_the_same_validator_speaks_english_under_the_english_locale():
    with translation.override("en"):
        with pytest.raises(ValidationError) as error:
            validate_pesel("123")
        messages = error.value.messages

    assert messages == ["PESEL must have exactly 11 digits."]


def test_the_income_reason_is_translated_with_its_placeholders_kept():
    msgid = "income per person %(income)s ≤ criterion %(criterion)s (%(month)s)"
    values = {"income": "612,40 zł", "criterion": "823,00 zł", "month": "03.2025"}

    with translation.override("pl"):
        polish = translation.gettext(msgid) % values

    assert polish == "dochód na osobę 612,40 zł ≤ kryterium 823,00 zł (03.2025)"


def _person_create_url():
    from django.urls import NoReverseMatch

    try:
        return reverse("people:person_create")
    except NoReverseMatch:
        pytest.skip("the person-create page does not exist yet")


def test_person_form_shows_polish_errors_next_to_their_fields_and_keeps_the_typed_values(cast, client_for):
    url = _person_create_url()
    client = client_for(cast.pracownik)

    response = client.post(
        url,
        {
            "first_name": "Zofia",
            "last_name": "Wiśniewska",
            "pesel": "44051401358",
            "postal_code": "32300",
            "town": "Olkusz",
            "citizenship": "PL",
            "responsible_worker": cast.pracownik.pk,
        },
    )

    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["pesel"] == [PESEL_CHECKSUM_PL]
    assert form.errors["postal_code"] == [POSTAL_CODE_PL]
    body = response.content.decode()
    # Each message sits in its own field's block, right after the input that keeps what was typed.
    pesel_block = re.search(r'<input[^>]*name="pesel"[^>]*>.*?</div>', body, re.S)
    postal_block = re.search(r'<input[^>]*name="postal_code"[^>]*>.*?</div>', body, re.S)
    assert pesel_block and postal_block
    assert 'value="44051401358"' in pesel_block[0]
    assert PESEL_CHECKSUM_PL in pesel_block[0]
    assert POSTAL_CODE_PL not in pesel_block[0]
    assert 'value="32300"' in postal_block[0]
    assert POSTAL_CODE_PL in postal_block[0]
    assert 'value="Wiśniewska"' in body
    assert 'value="Olkusz"' in body


def test_person_form_errors_are_english_under_the_english_locale(cast, client_for):
    url = _person_create_url()
    client = client_for(cast.pracownik)
    switch_to_english(client)

    response = client.post(url, {"pesel": "123", "postal_code": "32300"})

    assert response.status_code == 200
    assert response.context["form"].errors["pesel"] == ["PESEL must have exactly 11 digits."]
    assert "Enter the postal code as NN-NNN, e.g. 32-300." in response.content.decode()


def test_every_message_of_the_polish_catalogue_is_translated_and_none_is_fuzzy():
    header, *entries = parse_po(PL_PO)

    assert "fuzzy" not in header["flags"]
    assert len(entries) > 100
    untranslated = [entry["msgid"] for entry in entries if not all(translations(entry))]
    fuzzy = [entry["msgid"] for entry in entries if "fuzzy" in entry["flags"]]
    assert untranslated == []
    assert fuzzy == []


def test_polish_translations_keep_every_placeholder_of_their_source():
    _header, *entries = parse_po(PL_PO)

    broken = []
    for entry in entries:
        sources = [entry["msgid"], entry.get("msgid_plural", entry["msgid"])]
        for number, text in enumerate(translations(entry)):
            # Polish singular may drop the number ("1 osoba" reads better than "%(n)s osoba" in some texts),
            # but no form may invent a placeholder or lose one of the plural source.
            source = sources[0] if number == 0 else sources[1]
            if number == 0 and entry.get("msgid_plural"):
                if not set(placeholders(text)) <= set(placeholders(source)):
                    broken.append(entry["msgid"])
            elif placeholders(text) != placeholders(source):
                broken.append(entry["msgid"])
    assert broken == []


def test_polish_catalogue_uses_three_plural_forms_and_picks_the_right_one():
    header, *entries = parse_po(PL_PO)
    assert "nplurals=3;" in header["msgstr"]
    plural_entries = [entry for entry in entries if "msgid_plural" in entry]
    assert all(len(translations(entry)) == 3 for entry in plural_entries)
    if not plural_entries:
        pytest.skip("no plural messages in the code yet")
    entry = plural_entries[0]

    with translation.override("pl"):
        picked = {
            n: translation.ngettext(entry["msgid"], entry["msgid_plural"], n) for n in (1, 3, 5, 12, 22, 25)
        }

    one, few, many = entry["msgstr[0]"], entry["msgstr[1]"], entry["msgstr[2]"]
    assert picked == {1: one, 3: few, 5: many, 12: many, 22: few, 25: many}


def test_english_is_a_real_locale_with_its_own_catalogue():
    header, *entries = parse_po(EN_PO)

    assert "Language: en" in header["msgstr"]
    assert {entry["msgid"] for entry in entries} == {entry["msgid"] for entry in parse_po(PL_PO)[1:]}
    assert "en" in dict(settings.LANGUAGES)
    assert settings.LANGUAGE_CODE == "pl"
