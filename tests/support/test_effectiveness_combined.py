"""Calls announced before the revision of the social-inclusion guideline: one combined social-and-
employment effectiveness per group (docs/indicators.md#effectiveness-thresholds), on the hand-built cohort
of tests/factories/indicator_cohort.py. The cut-off date and the thresholds are data marked verify
(szansa/domain/support/data/effectiveness_thresholds.json: before 01.10.2016; 56 % / 46 %)."""

import datetime
from decimal import Decimal

import pytest
from django.conf import settings
from django.urls import reverse

from szansa.domain.projects.models import Call
from szansa.domain.support.indicators import effectiveness as indicator_effectiveness
from tests.factories.indicator_cohort import build_cohort, link_call, names

pytestmark = pytest.mark.django_db
D = Decimal
CUT_OFF = datetime.date(2016, 10, 1)


@pytest.fixture
def old_call(cast, project, target_group):
    link_call(cast.admin, project)
    build_cohort(cast, project, target_group)
    call = Call.objects.get(number=f"CALL-{project.number}")
    Call.objects.filter(pk=call.pk).update(announced_on=datetime.date(2016, 3, 1))
    return call


def test_the_method_follows_the_calls_announcement_date():
    assert indicator_effectiveness.combined_cut_off() == CUT_OFF
    assert indicator_effectiveness.effectiveness_method(None) == indicator_effectiveness.SEPARATE
    before = Call(announced_on=CUT_OFF - datetime.timedelta(days=1))
    on = Call(announced_on=CUT_OFF)
    assert indicator_effectiveness.effectiveness_method(before) == indicator_effectiveness.COMBINED
    assert indicator_effectiveness.effectiveness_method(on) == indicator_effectiveness.SEPARATE


def test_an_old_call_is_measured_by_one_combined_ratio_with_employment_as_its_part(project, old_call):
    result = indicator_effectiveness.project_effectiveness(project)
    assert result.method == indicator_effectiveness.COMBINED
    # At-risk group, ended, not in the severe group: U, P1, P2, P3, P4. Social or vocational activation:
    # U, P3, P4 (social), P1, P2, P3 (vocational) -> denominator all five. Social progress or employment
    # within 90 days: U, P3, P4 (progress, see test_effectiveness.py) and P1 (½ FTE for 3 months);
    # P2's full-time job for 2 months does not count -> 4/5 = 80.0 %, against 56 %: met.
    combined = result.combined
    assert names(combined.denominator) == {"U", "P1", "P2", "P3", "P4"}
    assert names(c.participant for c in combined.numerator) == {"U", "P1", "P3", "P4"}
    assert (combined.percent, combined.threshold, combined.met) == (D("80.0"), D("56.00"), True)
    # Employment is the part with the call's own threshold (22 %): 1/3 as before; social progress alone has
    # no threshold under this method.
    assert (result.employment.percent, result.employment.threshold) == (D("33.3"), D("22.00"))
    assert (result.social.threshold, result.social.met) == (None, None)
    assert result.combined_severe.threshold == D("46.00")
    assert [r.kind for r in result.ratios] == [
        "combined",
        "social",
        "employment",
        "combined",
        "social",
        "employment",
    ]


def test_a_call_after_the_revision_keeps_separate_ratios(cast, project, target_group):
    link_call(cast.admin, project)  # announced 01.03.2018
    build_cohort(cast, project, target_group)
    result = indicator_effectiveness.project_effectiveness(project)
    assert (result.method, result.combined) == (indicator_effectiveness.SEPARATE, None)
    assert [r.kind for r in result.ratios] == ["social", "employment", "social", "employment"]


def test_the_effectiveness_page_shows_the_combined_row_and_says_why(cast, client_for, project, old_call):
    client = client_for(cast.audytor)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(reverse("support:effectiveness", args=[project.pk])).content.decode()
    row = html.split('id="ratio-combined-at_risk"', 1)[1].split("</tr>", 1)[0]
    assert "social-and-employment (combined)" in row and "80.0 %" in row and "56.00 %" in row
    assert 'id="combined-method"' in html and "1 Oct 2016" in html  # the English date format
