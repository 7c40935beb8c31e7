"""The home page's counters are styled by a rule scoped to the home page: `.card` is also the recruitment
board's round article, and a `.card strong` rule made every criterion name there a large bold blue counter
(issue 16)."""

import re
from pathlib import Path

import pytest
from django.urls import reverse

from szansa.demo.people import ensure_demo_accounts

CSS = Path(__file__).resolve().parents[2] / "szansa" / "web" / "static" / "css" / "szansa.css"


def selectors():
    """Every selector of the stylesheet (comments removed; a rule's selector list split at its commas)."""
    text = re.sub(r"/\*.*?\*/", "", CSS.read_text(encoding="utf-8"), flags=re.S)
    found = []
    for head in re.findall(r"([^{}]+)\{", text):
        found += [part.strip() for part in head.split(",") if part.strip()]
    return found


def test_no_rule_styles_every_strong_or_span_inside_a_card():
    too_general = [s for s in selectors() if re.search(r"\.card\b[^,]*\s(strong|span)\b", s)]
    assert too_general == []


def test_the_counter_rules_are_scoped_to_the_home_page():
    counters = [s for s in selectors() if ".counter" in s]
    assert counters and all(s.startswith(".home-counters ") for s in counters)


@pytest.mark.django_db
def test_the_home_page_marks_its_counters(client):
    client.force_login(ensure_demo_accounts()["koordynator"])
    html = client.get(reverse("core:home")).content.decode()
    assert 'class="cards home-counters"' in html
    assert html.count('<strong class="counter">') == 3
