"""Anonymisation keeps the statistics: the indicators, the effectiveness and the participant export of a
closed project give the same figures before and after every participant is anonymised (the cohort of
tests/factories/indicator_cohort.py, worked out by hand in tests/support/test_indicators.py)."""

import datetime

import pytest
from django.utils import timezone

from szansa.domain.people.models import Person
from szansa.domain.privacy import services
from szansa.domain.privacy.enums import ReviewStatus
from szansa.domain.privacy.models import RetentionReview
from szansa.domain.projects import services as project_services
from szansa.domain.projects.enums import StaffRole
from szansa.domain.projects.models import ProjectStaff, TargetGroup
from szansa.domain.recruitment import exports
from szansa.domain.recruitment.models import Participant
from szansa.domain.support.indicators.effectiveness import project_effectiveness
from szansa.domain.support.indicators.selectors import project_indicators
from szansa.domain.work.enums import TaskStatus
from szansa.domain.work.models import Task
from tests.factories.indicator_cohort import add_targets, build_cohort, link_call
from tests.factories.projects import make_project

pytestmark = pytest.mark.django_db
D = datetime.date
TODAY = D(2031, 1, 2)  # the project's documents were kept until 31.12.2025
# Columns of the export that are the person's identity, contact or free text: replaced by design.
IDENTITY = {
    "Imię",
    "Nazwisko",
    "PESEL",
    "Brak PESEL",
    "Miejscowość",
    "Ulica",
    "Nr budynku",
    "Nr lokalu",
    "Kod pocztowy",
    "Telefon kontaktowy",
    "Adres e-mail",
    "Zatrudniony w",
    "Powód przerwania udziału",
    "PESEL uczestnika, którego otoczeniem jest osoba",
}


@pytest.fixture
def closed_project(cast):
    project = make_project(cast.admin, number="S-1", participant_limit=12)
    project_services.project_record_save(
        actor=cast.admin,
        record=ProjectStaff(
            project=project, user=cast.koordynator, role=StaffRole.COORDINATOR, valid_from=project.start
        ),
    )
    target_group = project_services.project_record_save(
        actor=cast.admin,
        record=TargetGroup(project=project, year=2019, name="Osoby zagrożone", planned_total=12),
    )
    link_call(cast.admin, project)
    add_targets(cast.admin, project)
    cohort = build_cohort(cast, project, target_group)
    project.documents_kept_until = D(2025, 12, 31)
    project.save()
    persons = [p.person_id for p in cohort.values()]
    # The follow-up tasks are done long ago and the files were last touched in 2019.
    Task.objects.filter(person_id__in=persons).update(status=TaskStatus.CANCELLED)
    moment = timezone.make_aware(datetime.datetime(2019, 11, 30, 12))
    Person.objects.filter(pk__in=persons).update(created_at=moment, updated_at=moment)
    return project, persons


def figures(project):
    indicators = {
        v.code: (v.value, v.forecast, sorted(p.pk for p in v.participants))
        for v in project_indicators(project)
    }
    effectiveness = [
        (r.kind, r.group, sorted(c.participant.pk for c in r.numerator), sorted(p.pk for p in r.denominator))
        for r in project_effectiveness(project).ratios
    ]
    statistical = [i for i, header in enumerate(exports.HEADERS) if header not in IDENTITY]
    export = {
        participant.pk: [exports.participant_rows([participant])[0][i] for i in statistical]
        for participant in exports.project_participants(project)
    }
    return indicators, effectiveness, export


def test_indicators_effectiveness_and_export_are_the_same_after_anonymisation(cast, closed_project):
    project, persons = closed_project
    before = figures(project)
    # The whole flow: listed by the daily job, approved by the manager, anonymised after the grace period.
    services.retention_review_refresh(TODAY)
    reviews = RetentionReview.objects.filter(person_id__in=persons)
    assert reviews.count() == len(persons) == 10
    for review in reviews:
        services.retention_review_approve(actor=cast.kierownik, review=review, on=TODAY)
    batch = services.anonymise_due(TODAY + datetime.timedelta(days=30))
    assert batch.persons == 10
    assert set(reviews.values_list("status", flat=True)) == {ReviewStatus.ANONYMISED}
    assert not Person.objects.filter(pk__in=persons, pesel__isnull=False).exists()

    after = figures(project)
    assert after[0] == before[0]  # every indicator: value, forecast and who is counted
    assert after[1] == before[1]  # both effectiveness ratios of both groups
    assert after[2] == before[2]  # every statistical column of every exported participant
    assert len(after[2]) == Participant.objects.filter(project=project).counted().count() == 9
    # The figures are not trivially empty: 8 main participants started (PI9i-P-01).
    assert after[0]["PI9i-P-01"][0] == 8
