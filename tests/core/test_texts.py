"""Texts are translatable as whole messages, one msgid has one meaning, and dates and money have one
format per language (issue 16)."""

import datetime
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


def test_one_date_format_per_language_for_plain_and_filtered_dates():
    from django.template import Context, Template

    template = Template('{{ day }} | {{ day|date }} | {{ moment|date:"SHORT_DATETIME_FORMAT" }}')
    context = Context({"day": datetime.date(2020, 2, 1), "moment": datetime.datetime(2020, 2, 1, 14, 30)})

    with translation.override("pl"):
        polish = template.render(context)
    with translation.override("en"):
        english = template.render(context)

    assert polish == "01.02.2020 | 01.02.2020 | 01.02.2020 14:30"
    assert english == "1 Feb 2020 | 1 Feb 2020 | 1 Feb 2020 14:30"


def test_templates_show_dates_in_the_format_of_the_language_not_a_fixed_pattern():
    fixed = [
        f"{path.relative_to(TEMPLATES)}"
        for path in TEMPLATES.rglob("*.html")
        if re.search(r'\|date:"d\.m\.Y( H:i)?"', path.read_text(encoding="utf-8"))
    ]

    assert fixed == []


def test_one_money_format_per_language():
    from decimal import Decimal

    from django.template import Context, Template

    from szansa.lib.money import format_pln

    template = Template("{% load project_tags %}{{ amount|pln }} | {{ rate|pct }}")
    context = Context({"amount": Decimal("1216630.61"), "rate": Decimal("84.79")})

    with translation.override("pl"):
        polish = (format_pln(Decimal("900")), template.render(context))
    with translation.override("en"):
        english = (format_pln(Decimal("-900")), template.render(context))

    assert polish == ("900,00 zł", "1 216 630,61 zł | 84,79 %")
    assert english == ("-900.00 zł", "1,216,630.61 zł | 84.79 %")


def test_templates_show_money_through_the_pln_filter_not_a_raw_number():
    raw = re.compile(r"\}\}\s*zł")
    offenders = [
        f"{path.relative_to(TEMPLATES)}"
        for path in TEMPLATES.rglob("*.html")
        if raw.search(path.read_text(encoding="utf-8"))
    ]

    assert offenders == []


def test_model_names_show_money_in_the_format_of_the_language():
    from decimal import Decimal

    from szansa.domain.housing.models import MonthlyStatement

    statement = MonthlyStatement(month=datetime.date(2024, 3, 1), fee_due=Decimal("900"))

    with translation.override("pl"):
        assert str(statement) == "03.2024: 900,00 zł"
    with translation.override("en"):
        assert str(statement) == "03.2024: 900.00 zł"


def test_a_statement_written_in_polish_explains_its_fee_in_the_readers_language():
    from decimal import Decimal

    from szansa.domain.housing.models import MonthlyStatement

    with translation.override("pl"):
        statement = MonthlyStatement(
            month=datetime.date(2024, 3, 1), income_per_person=Decimal("500"), criterion=Decimal("776")
        )
        statement.explanation = statement.explanation_text
    with translation.override("en"):
        english = statement.explanation_text

    assert statement.explanation == "dochód na osobę 500,00 zł nie przekracza kryterium 776,00 zł"
    assert english == "income per person 500.00 zł does not exceed the criterion 776.00 zł"
