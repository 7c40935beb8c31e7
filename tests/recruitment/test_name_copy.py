"""The participant's copy of the person's name (recruitment.name_copy): the database keeps it equal to the
person's name however the rows are written, the participants' order uses it, and the index serves a page
of a project in Polish order without sorting the project."""

import pytest
from django.db import connection

from szansa.domain.people.models import Person
from szansa.domain.recruitment import selectors
from szansa.domain.recruitment.filters import PARTICIPANT_ORDER
from szansa.domain.recruitment.models import Participant
from szansa.lib.filters import polish_order
from tests.factories import PersonFactory
from tests.factories.projects import ProjectFactory, TargetGroupFactory
from tests.factories.recruitment import ParticipantFactory

pytestmark = pytest.mark.django_db


def copies(participant) -> tuple[str, str]:
    """What the database holds (the instance in memory keeps what Python wrote)."""
    return tuple(
        Participant.objects.filter(pk=participant.pk).values_list("sort_last_name", "sort_first_name").get()
    )


def test_a_new_participant_holds_the_persons_name():
    person = PersonFactory(last_name="Żak", first_name="Łucja")
    participant = ParticipantFactory(person=person)
    assert participant.sort_last_name == ""  # Python never sets it…
    assert copies(participant) == ("Żak", "Łucja")  # …the database does


def test_a_bulk_insert_gets_the_copies_too():
    project = ProjectFactory()
    group = TargetGroupFactory(project=project)
    people = [PersonFactory(last_name=name, first_name="Jan") for name in ("Ćwik", "Bąk")]
    Participant.objects.bulk_create(
        Participant(
            person=person, project=project, target_group=group, start_date="2019-02-01", age_at_start=40
        )
        for person in people
    )
    assert sorted(Participant.objects.values_list("sort_last_name", flat=True)) == ["Bąk", "Ćwik"]


def test_a_renamed_person_renames_every_copy_whatever_wrote_the_name():
    person = PersonFactory(last_name="Nowak", first_name="Anna")
    first = ParticipantFactory(person=person)
    second = ParticipantFactory(person=person)
    person.last_name = "Kowalska"
    person.save()  # the model's save
    assert copies(first) == copies(second) == ("Kowalska", "Anna")
    Person.objects.filter(pk=person.pk).update(first_name="Anita")  # a queryset update (anonymisation's way)
    assert copies(first) == copies(second) == ("Kowalska", "Anita")


def test_an_anonymised_person_leaves_no_name_in_the_copies(cast):
    from szansa.domain.privacy.anonymisation import anonymise_person

    participant = ParticipantFactory(person=PersonFactory(last_name="Wiśniewska", first_name="Ewa"))
    anonymise_person(participant.person)
    person = Person.objects.get(pk=participant.person_id)
    assert copies(participant) == (person.last_name, person.first_name)
    assert "Wiśniewska" not in copies(participant)


def test_a_copy_written_by_hand_or_saved_stale_is_replaced_by_the_name():
    participant = ParticipantFactory(person=PersonFactory(last_name="Lis", first_name="Olga"))
    Participant.objects.filter(pk=participant.pk).update(sort_last_name="Ktoś inny")
    assert copies(participant) == ("Lis", "Olga")
    participant.save()  # the instance still holds "" from before the insert
    assert copies(participant) == ("Lis", "Olga")
    other = PersonFactory(last_name="Mróz", first_name="Piotr")
    participant.person = other
    participant.save()  # another person: the other person's name
    assert copies(participant) == ("Mróz", "Piotr")


def test_the_participants_order_is_polish_and_matches_the_persons_names(cast):
    project = ProjectFactory()
    group = TargetGroupFactory(project=project)
    # Polish order (pl-x-icu): Łukasz after Lis and before Mazur; Ćwik after Cisek; Żak after Zając.
    for last in ("Żak", "Mazur", "Łukasz", "Zając", "Lis", "Ćwik", "Cisek"):
        ParticipantFactory(project=project, target_group=group, person=PersonFactory(last_name=last))
    ordered = Participant.objects.filter(project=project).order_by(
        *(polish_order(Participant, term) for term in PARTICIPANT_ORDER)
    )
    assert [p.person.last_name for p in ordered] == [
        "Cisek",
        "Ćwik",
        "Lis",
        "Łukasz",
        "Mazur",
        "Zając",
        "Żak",
    ]


def test_a_page_of_a_project_reads_the_index_without_sorting(cast):
    """The board's keys query (lib.pagination.NarrowPaginator) over the copies: an index scan in the
    index's order, no Sort node (planner choices are forced towards the index, as on a big project)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_collation WHERE collname = 'pl-x-icu'")
        if cursor.fetchone() is None:
            pytest.skip("PostgreSQL without ICU: no Polish-order index")
    participant = ParticipantFactory()
    keys = (
        selectors.participant_list(user=cast.koordynator, project=participant.project)
        .order_by(*(polish_order(Participant, term) for term in PARTICIPANT_ORDER))
        .values_list("pk", flat=True)[:50]
    )
    sql, params = keys.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_sort = off")
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "participant_name_pl_order_idx" in plan, plan
    assert "Sort" not in plan, plan
