"""Texts are translatable as whole messages, and one msgid has one meaning (issue 16)."""

import re
from pathlib import Path

from django.conf import settings
from django.utils import translation

SZANSA = Path(settings.BASE_DIR) / "szansa"
TEMPLATES = SZANSA / "web" / "templates"


def test_the_attendance_rate_and_the_co_financing_rate_are_two_messages():
    grid = (TEMPLATES / "support" / "activity_detail.html").read_text(encoding="utf-8")
    projects = (TEMPLATES / "projects" / "project_list.html").read_text(encoding="utf-8")

    assert '{% translate "Attendance rate" %}' in grid
    assert '{% translate "Co-financing rate" %}' in projects
    with translation.override("pl"):
        assert translation.gettext("Attendance rate") == "Frekwencja"
        assert translation.gettext("Co-financing rate") == "Poziom dofinansowania"


def test_no_translation_is_called_inside_an_f_string():
    pattern = re.compile(r"""f"[^"]*\{_\(|f'[^']*\{_\(|(?<!\w)_\(f["']""")
    offenders = [
        f"{path.relative_to(SZANSA)}:{number}"
        for path in SZANSA.rglob("*.py")
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if pattern.search(line)
    ]

    assert offenders == []


def test_the_former_f_string_texts_are_translated_with_their_placeholders():
    with translation.override("pl"):
        planned = translation.gettext("%(name)s (planned in the plan)") % {"name": "Anna Nowak"}
        internship = translation.gettext("Internship: %(employer)s") % {"employer": "Piekarnia"}

    assert planned == "Anna Nowak (zaplanowany w planie)"
    assert internship == "Staż: Piekarnia"
