"""Seed texts are Polish data (issue 16): no English notes and no "(demo; verify)" remarks reach
Polish pages from szansa/demo."""

import re
from pathlib import Path

from django.conf import settings

DEMO = Path(settings.BASE_DIR) / "szansa" / "demo"
# a stored note, title or name written in English: three or more English function words in one literal
ENGLISH = re.compile(
    r"""(?:notes?|title|name|description|reason)\s*=\s*"[^"]*\b(?:the|of|from|not|an|verify)\b[^"]*\""""
)


def test_no_seed_text_is_english_or_a_note_to_verify():
    offenders = [
        f"{path.relative_to(DEMO)}:{number}"
        for path in DEMO.rglob("*.py")
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if ENGLISH.search(line) or "verify)" in line
    ]

    assert offenders == []


def test_the_housing_conversion_and_the_synthetic_projects_read_in_polish():
    from szansa.demo import housing, projects

    assert "verify" not in housing.CONVERSION and housing.CONVERSION.startswith("Uchwała")
    source = Path(projects.__file__).read_text(encoding="utf-8")
    assert "Synthetic demo project" not in source and "Projekt fikcyjny (dane demonstracyjne)" in source
