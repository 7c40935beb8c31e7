"""Reads of the registry that pages, the API and commands share."""

import datetime

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext

from szansa.domain.people.access import HEALTH_INCOME_SOURCES, scope_households, scope_persons
from szansa.domain.people.assessment import SENSITIVE_ART7_CODES
from szansa.domain.people.enums import HouseholdRelation, SituationKind
from szansa.domain.people.models import Household, IncomeRecord, Person, Situation
from szansa.lib.access_log import log_access


def person_list(*, user, search: str = "", team=None, situation: str = "", on=None):
    """The people a user may see, filtered; `situation` keeps those with one in force on `on`."""
    people = scope_persons(Person.objects.all(), user).search(search)
    if team:
        people = people.filter(responsible_worker__team=team)
    if situation:
        active = Situation.objects.on(on or datetime.date.today()).filter(kind=situation).values("person_id")
        people = people.filter(pk__in=active)
    return people.select_related("responsible_worker__team", "household")


def person_get(*, user, pk) -> Person:
    """One person within the user's scope, else Http404 (never the data)."""
    try:
        return (
            scope_persons(Person.objects.all(), user)
            .select_related("responsible_worker__team", "household")
            .get(pk=pk)
        )
    except (Person.DoesNotExist, ValueError) as exc:
        raise Http404 from exc


def person_file_open(*, user, pk, route: str, what: str = "file") -> Person:
    """Load a person's file for reading and write the access-log entry (who read `what` of it, when,
    through which `route`: the URL name of the page or API route)."""
    person = person_get(user=user, pk=pk)
    log_access(user=user, persons=[person], route=route, what=what)
    return person


def person_history(person: Person):
    """Changes to the person and to the records of their file, newest first."""
    person_type = ContentType.objects.get_for_model(Person)
    return (
        LogEntry.objects.filter(
            Q(content_type=person_type, object_pk=str(person.pk)) | Q(additional_data__person_id=person.pk)
        )
        .exclude(action=LogEntry.Action.ACCESS)
        .select_related("actor", "content_type")
        .order_by("-timestamp")
    )


def person_reads(person: Person):
    """The access-log entries of the person (szansa.lib.access_log), newest first."""
    return (
        LogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(Person),
            object_pk=str(person.pk),
            action=LogEntry.Action.ACCESS,
        )
        .select_related("actor")
        .order_by("-timestamp")
    )


def household_get(*, user, pk) -> Household:
    try:
        return scope_households(Household.objects.all(), user).get(pk=pk)
    except (Household.DoesNotExist, ValueError) as exc:
        raise Http404 from exc


def sensitive_situations():
    """Situations that are health data (GDPR art. 9): disability and the health-related art. 7 points."""
    return Q(kind=SituationKind.DISABILITY) | Q(
        kind=SituationKind.ASSISTANCE_REASON, assistance_reason__code__in=SENSITIVE_ART7_CODES
    )


def person_situations(person: Person, *, show_health: bool):
    """The situations of a file a reader may see (health data only with people.view_health)."""
    situations = person.situations.select_related("assistance_reason")
    return situations if show_health else situations.exclude(sensitive_situations())


# The housing records that hold health data: a stay's support plan and its planned support.
HEALTH_HISTORY_MODELS = ("supportplan", "plannedsupport")


def person_file_history(person: Person, *, show_health: bool):
    """person_history without the entries about situations the reader may not see."""
    history = person_history(person)
    if show_health:
        return history
    hidden = person.situations.filter(sensitive_situations()).values_list("pk", flat=True)
    pensions = IncomeRecord.objects.filter(person=person, source__in=HEALTH_INCOME_SOURCES).values_list(
        "pk", flat=True
    )
    # A sheltered-housing support plan names therapy, addiction treatment, illness (housing app; named by
    # its label, as people may not import housing).
    health_records = ContentType.objects.filter(app_label="housing", model__in=HEALTH_HISTORY_MODELS)
    return (
        history.exclude(
            content_type=ContentType.objects.get_for_model(Situation),
            object_pk__in=[str(pk) for pk in hidden],
        )
        .exclude(
            content_type=ContentType.objects.get_for_model(IncomeRecord),
            object_pk__in=[str(pk) for pk in pensions],
        )
        .exclude(content_type__in=health_records)
    )


def household_members_for(*, user, household: Household) -> tuple[list[Person], list[int]]:
    """(the members `user` may see, the ids of every member): a household shows each member only as far
    as the member is visible to the reader (a specialist sees the members they serve, a social worker those
    of their team). The others are counted (the income per person needs them) but never loaded."""
    visible = visible_household_members(user=user, household=household)
    return visible, list(household.members.order_by("pk").values_list("pk", flat=True))


def visible_household_members(*, user, household: Household) -> list[Person]:
    """The members of the household `user` may see, by pk (household_members_for without the count)."""
    return list(
        scope_persons(household.members.select_related("responsible_worker__team"), user).order_by("pk")
    )


def household_label(household: Household, user) -> str:
    """The household's name as `user` may see it: it names its head only for a reader who may see the head
    (a social worker of another team sees "Household no. 6")."""
    # One query: the head as far as the reader may see them (no head, or one the reader may not see, both
    # give the number).
    head = scope_persons(household.members.filter(household_relation=HouseholdRelation.HEAD), user).first()
    if head is None:
        return gettext("Household no. %(pk)s") % {"pk": household.pk}
    return gettext("Household of %(name)s") % {"name": head.full_name}


def record_name_for(user):
    """How a related record is named to `user` in a history: a household by household_label (its head's
    name only for a reader who may see the head), anything else by its own name."""

    def name_of(record) -> str:
        if isinstance(record, Household):
            return household_label(record, user)
        return str(record)

    return name_of


def household_candidates(*, user, search: str, limit: int = 10):
    """People the user may see, without a household, matching a PESEL prefix or name fragment."""
    if not " ".join(search.split()):
        return Person.objects.none()
    return scope_persons(Person.objects.all(), user).search(search).filter(household__isnull=True)[:limit]
