"""Anonymisation of a person whose retention has passed (docs/data-protection.md#anonymisation).

Replaced: identity (names, PESEL, identity document), contact (phone, e-mail), address below the gmina,
household membership, and every free text written about the person in any app. Kept, for the
statistics and indicators the centre and the managing bodies still compute: sex, year of birth,
citizenship, education, gmina, powiat and voivodeship, and every record's dates, kinds, amounts and
flags (disability, labour-market status, participation data set). The change history and the access
log keep their entries (who did what, when) but no longer name the person nor hold the texts.

Writes go straight to the tables (`update`): the replaced values would otherwise be written again into
the change history, which is exactly what must not keep them.
"""

import datetime
from collections import Counter

from auditlog.models import LogEntry
from django.contrib.admin.models import LogEntry as AdminLogEntry
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, TextField, Value
from django.db.models.functions import Cast, Replace

from szansa.domain.housing import models as housing
from szansa.domain.interviews import models as interviews
from szansa.domain.people import models as people
from szansa.domain.people.enums import IdentityDocumentType
from szansa.domain.recruitment import models as recruitment
from szansa.domain.support import models as support
from szansa.domain.work import models as work

# A placeholder for a text the database requires (kept short and the same for everyone).
GONE = "—"
MASK = "***"

PERSON_FIELDS = frozenset(
    {
        "first_name",
        "last_name",
        "pesel",
        "other_id_type",
        "other_id_number",
        "birth_date",
        "phone",
        "email",
        "street",
        "building_number",
        "flat_number",
        "postal_code",
        "town",
        "household",
        "household_relation",
    }
)

# The records of a person, by the path from the record to the person, and the texts replaced in each.
RECORD_TEXTS = [
    (people.IncomeRecord, "person", {"note": ""}),
    (people.Situation, "person", {"note": ""}),
    (people.Consent, "person", {"note": ""}),
    (people.Message, "person", {"recipient": "", "subject": GONE, "body": ""}),
    (work.Case, "person", {"request_text": "", "support_proposal": ""}),
    (work.Task, "person", {"title": GONE, "notes": ""}),
    (recruitment.Application, "person", {"note": ""}),
    (recruitment.ApplicationDocument, "application__person", {"note": ""}),
    (recruitment.Participant, "person", {"exit_note": "", "follow_up_note": "", "employer": ""}),
    (support.Diagnosis, "participant__person", {"summary": ""}),
    (support.DiagnosisArea, "diagnosis__participant__person", {"finding": "", "strengths": ""}),
    (support.IndividualPlan, "participant__person", {"revision_reason": ""}),
    (support.PlanGoal, "plan__participant__person", {"description": GONE}),
    (support.PlannedSupport, "plan__participant__person", {"note": ""}),
    (
        support.SocialContract,
        "person",
        {
            "goals": GONE,
            "client_obligations": GONE,
            "centre_obligations": GONE,
            "schedule": "",
            "evaluation": "",
        },
    ),
    (support.ActivityParticipant, "participant__person", {"certificate_number": ""}),
    (support.Outcome, "participant__person", {"evidence": GONE, "note": ""}),
    (support.Internship, "participant__person", {}),
    (support.Attendance, "participant__person", {}),
    # the answers of the community interview and of every saved revision (identity, household, free texts
    # and health questions alike), and the registry values read at its start; its kind, status, dates,
    # worker and revision numbers stay
    (interviews.Interview, "person", {"answers": {}, "prefilled": {}, "household": None}),
    (interviews.InterviewRevision, "interview__person", {"answers": {}}),
    (housing.Stay, "person", {"end_note": "", "decision_number": GONE}),
    (housing.StayExtension, "stay__person", {"decision_number": GONE}),
    (housing.SupportPlan, "stay__person", {"goals": GONE, "notes": ""}),
    (housing.Visit, "stay__person", {"notes": ""}),
    (housing.FeeExemption, "stay__person", {"reason": GONE, "decision_number": ""}),
    (housing.FeeDecision, "stay__person", {"decision_number": GONE}),
    (housing.MonthlyStatement, "stay__person", {}),
]

TEXT_FIELDS = frozenset(name for _, _, texts in RECORD_TEXTS for name in texts)


def anonymous_name(pk: int) -> tuple[str, str]:
    return "Osoba", f"anonimowa {pk}"


def _scrub(entries, fields: frozenset[str]) -> int:
    """Mask the values of `fields` in the entries' changes; the entries say what changed and when."""
    changed = []
    for entry in entries:
        changes = entry.changes or {}
        if isinstance(changes, dict) and fields.intersection(changes):
            entry.changes = {
                name: ([MASK, MASK] if name in fields else values) for name, values in changes.items()
            }
        entry.changes_text = ""
        entry.serialized_data = None
        changed.append(entry)
    LogEntry.objects.bulk_update(changed, ["changes", "changes_text", "serialized_data"], batch_size=500)
    return len(changed)


def _renamed(value, old_name: str, new_name: str, old_birth: str, new_birth: str):
    """`value` (an answer: text, list or dict) with each line naming `old_name` naming `new_name`, its birth
    date reduced to the year as the person's own."""
    if isinstance(value, str):
        return "\n".join(
            line.replace(old_name, new_name).replace(old_birth, new_birth) if old_name in line else line
            for line in value.split("\n")
        )
    if isinstance(value, list):
        return [_renamed(item, old_name, new_name, old_birth, new_birth) for item in value]
    if isinstance(value, dict):
        return {key: _renamed(item, old_name, new_name, old_birth, new_birth) for key, item in value.items()}
    return value


def _rename_in_other_interviews(person: people.Person, old_name: str, new_name: str) -> int:
    """Other people's community interviews name the person in their pre-filled lists of the household's
    members and incomes: those lines name the anonymous label instead (answers, registry values at the
    start, every revision)."""
    old_birth = f"{person.birth_date:%d.%m.%Y}"
    new_birth = f"01.01.{person.birth_date.year}"
    changed = 0
    others = (
        interviews.Interview.objects.exclude(person=person)
        .annotate(answers_text=Cast("answers", TextField()), prefilled_text=Cast("prefilled", TextField()))
        .filter(Q(answers_text__contains=old_name) | Q(prefilled_text__contains=old_name))
    )
    for interview in others:
        interviews.Interview.objects.filter(pk=interview.pk).update(
            answers=_renamed(interview.answers, old_name, new_name, old_birth, new_birth),
            prefilled=_renamed(interview.prefilled, old_name, new_name, old_birth, new_birth),
        )
        for revision in interview.revisions.all():
            interviews.InterviewRevision.objects.filter(pk=revision.pk).update(
                answers=_renamed(revision.answers, old_name, new_name, old_birth, new_birth)
            )
        changed += 1
    return changed


def anonymise_person(person: people.Person) -> Counter:
    """Anonymise one person and their records; returns the count of rows changed per kind. The caller
    holds the transaction (szansa.domain.privacy.services.anonymise_due)."""
    counts = Counter()
    old_name = person.full_name
    first, last = anonymous_name(person.pk)
    household = person.household
    log_targets: list[tuple[type, list]] = []

    for model, path, texts in RECORD_TEXTS:
        pks = list(model.objects.filter(**{path: person}).values_list("pk", flat=True))
        if pks and texts:
            model.objects.filter(pk__in=pks).update(**texts)
        if pks:
            counts[model._meta.label_lower] += len(pks)
            log_targets.append((model, pks))

    people.Person.objects.filter(pk=person.pk).update(
        first_name=first,
        last_name=last,
        search_text=people.normalise_name(f"{last} {first}"),
        pesel=None,
        other_id_type=IdentityDocumentType.OTHER,
        other_id_number=f"ANON-{person.pk}",
        birth_date=datetime.date(person.birth_date.year, 1, 1),
        phone="",
        email="",
        street="",
        building_number=GONE,
        flat_number="",
        postal_code="00-000",
        town=person.gmina,
        household=None,
        household_relation="",
    )
    counts["people.person"] += 1
    if household is not None and not household.members.exists():
        people.Household.objects.filter(pk=household.pk).update(notes="")
        counts["people.household"] += 1

    anonymous = f"{first} {last}"
    person_type = ContentType.objects.get_for_model(people.Person)
    own = LogEntry.objects.filter(content_type=person_type, object_id=person.pk)
    cleared = _scrub(own, PERSON_FIELDS)
    own.update(object_repr=anonymous)
    # Records that name the person in their history (additional_data), access-log entries included.
    about = LogEntry.objects.filter(additional_data__person_id=person.pk).exclude(
        content_type=person_type, object_id=person.pk
    )
    cleared += _scrub(about, TEXT_FIELDS)
    about.update(object_repr=anonymous)
    for model, pks in log_targets:
        entries = LogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(model), object_id__in=pks
        )
        cleared += _scrub(entries.exclude(additional_data__person_id=person.pk), TEXT_FIELDS)
    if old_name.strip():
        renamed = _rename_in_other_interviews(person, old_name, anonymous)
        if renamed:
            counts["interviews.interview_mentions"] += renamed
    # Any other entry whose description carries the name (a participation, an attendance, a stay).
    if old_name.strip():
        LogEntry.objects.filter(object_repr__contains=old_name).update(
            object_repr=Replace("object_repr", Value(old_name), Value(anonymous))
        )
    AdminLogEntry.objects.filter(content_type=person_type, object_id=str(person.pk)).update(
        object_repr=anonymous, change_message=""
    )
    counts["log_entries"] += cleared
    return counts
