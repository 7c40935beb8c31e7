"""Every indicator value split by sex (K women, M men), as the reports to the managing body give it
(docs/indicators.md#split-by-sex), on the hand-built cohort of tests/factories/indicator_cohort.py."""

from decimal import Decimal

import pytest
from django.urls import reverse

from szansa.domain.people.enums import Sex
from szansa.domain.people.models import Person
from szansa.domain.support.indicators import selectors as indicator_selectors
from tests.factories.indicator_cohort import add_targets, build_cohort, link_call

pytestmark = pytest.mark.django_db
D = Decimal
WOMEN = ("P1", "P3", "P5")  # everyone else of the cohort (U, P2, P4, P6, P7, Env, Res) is a man


@pytest.fixture
def cohort(cast, project, target_group):
    link_call(cast.admin, project)
    add_targets(cast.admin, project)
    cohort = build_cohort(cast, project, target_group)
    people = [participant.person_id for participant in cohort.values()]
    women = [cohort[name].person_id for name in WOMEN]
    Person.objects.filter(pk__in=people).update(sex=Sex.MALE)
    Person.objects.filter(pk__in=women).update(sex=Sex.FEMALE)
    return cohort


@pytest.fixture
def values(project, cohort):
    return {value.code: value for value in indicator_selectors.project_indicators(project)}


def test_outputs_and_results_count_the_people_of_each_sex(values):
    # P-01 counts U, P1-P7 (8): women P1, P3, P5 = 3, men U, P2, P4, P6, P7 = 5.
    assert (values["PI9i-P-01"].value, values["PI9i-P-01"].women, values["PI9i-P-01"].men) == (
        D(8),
        D(3),
        D(5),
    )
    # P-02 counts P5, P6, P7: woman P5 = 1, men P6, P7 = 2.
    assert (values["PI9i-P-02"].women, values["PI9i-P-02"].men) == (D(1), D(2))
    # R-01 counts P4 only: 0 women, 1 man. R-02 counts P1 and P2: 1 woman, 1 man.
    assert (values["PI9i-R-01"].women, values["PI9i-R-01"].men) == (D(0), D(1))
    assert (values["PI9i-R-02"].women, values["PI9i-R-02"].men) == (D(1), D(1))
    for value in values.values():
        if value.value is not None and value.ratio is None:
            assert value.women + value.men == value.value


def test_effectiveness_is_each_sex_numerator_over_that_sex_denominator(values):
    # ES: denominator U, P3, P4, all three in the numerator: women P3 1/1 = 100 %, men U, P4 2/2 = 100 %.
    assert (values["EFS-ES"].women, values["EFS-ES"].men) == (D("100.0"), D("100.0"))
    # EZ: denominator P1, P2, P3, numerator P1: women P1 of P1, P3 = 1/2 = 50 %, men P2 0/1 = 0 %
    # (the total stays 1/3 = 33.3 %).
    assert (values["EFS-EZ"].value, values["EFS-EZ"].women, values["EFS-EZ"].men) == (
        D("33.3"),
        D("50.0"),
        D("0.0"),
    )


def test_a_sex_with_nobody_in_the_denominator_has_no_ratio(project, cohort):
    # Everyone a woman: the men's denominators are empty, so their ratios are undefined (None), not 0 %.
    Person.objects.filter(pk__in=[p.person_id for p in cohort.values()]).update(sex=Sex.FEMALE)
    values = {v.code: v for v in indicator_selectors.project_indicators(project)}
    assert (values["EFS-EZ"].women, values["EFS-EZ"].men) == (D("33.3"), None)
    assert (values["PI9i-P-01"].women, values["PI9i-P-01"].men) == (D(8), D(0))


def test_the_api_gives_women_and_men_beside_each_value(client_for, cast, project, cohort):
    response = client_for(cast.audytor).get(f"/api/v1/projects/{project.pk}/indicators/")
    assert response.status_code == 200
    rows = {row["code"]: row for row in response.json()}
    assert (rows["PI9i-P-01"]["value"], rows["PI9i-P-01"]["women"], rows["PI9i-P-01"]["men"]) == (
        "8.00",
        "3.00",
        "5.00",
    )
    assert (rows["EFS-EZ"]["women"], rows["EFS-EZ"]["men"]) == ("50.00", "0.00")


def test_the_indicators_page_shows_women_and_men(client_for, cast, project, cohort):
    response = client_for(cast.audytor).get(reverse("support:indicators", args=[project.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Kobiety (K)" in html and "Mężczyźni (M)" in html
    # P-01's row: achieved 8, women 3, men 5.
    row = html.split('id="indicator-PI9i-P-01"', 1)[1].split("</tr>", 1)[0]
    assert '<td class="num women">3</td>' in row and '<td class="num men">5</td>' in row
