"""Keeps each participant's activation (szansa.domain.support.activation) equal to a recount when a record
it is counted from changes: an attendance, a planned support (with its plan), an internship, an activity's
form of support. What bypasses the ORM's signals (a bulk load) is caught by the nightly recount
(`support.recount_activation`).

It also marks stale the kept copy of a project's indicator figures (szansa.domain.support.indicators.kept)
when one of their inputs changes: a participant (saved, deleted, or their flags at entry recounted in bulk
by szansa.domain.recruitment.entry), a person with a participation (their sex splits the figures), an
outcome, the kept activation. One statement per change."""

from django.db.models.signals import post_delete, post_save

from szansa.domain.people.models import Person
from szansa.domain.recruitment import entry
from szansa.domain.recruitment.models import Participant
from szansa.domain.support import activation
from szansa.domain.support.indicators import kept
from szansa.domain.support.models import (
    Activation,
    Activity,
    Attendance,
    IndividualPlan,
    Internship,
    Outcome,
    PlannedSupport,
)


def _refresh(participant_ids):
    ids = {pk for pk in participant_ids if pk}
    if ids:
        activation.refresh(Participant.objects.filter(pk__in=ids))


def participant_record_changed(sender, instance, raw=False, **kwargs):
    """An attendance or an internship: its participant."""
    if not raw:
        _refresh([instance.participant_id])


def planned_support_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        _refresh(IndividualPlan.objects.filter(pk=instance.plan_id).values_list("participant_id", flat=True))


def plan_deleted(sender, instance, **kwargs):
    _refresh([instance.participant_id])


def activity_saved(sender, instance, raw=False, created=False, **kwargs):
    """A new form of support changes the instrument of every attendance at the activity (rare)."""
    if not raw and not created:
        _refresh(
            Attendance.objects.filter(session__activity=instance)
            .values_list("participant_id", flat=True)
            .distinct()
        )


def participant_changed(sender, instance, raw=False, **kwargs):
    """A participant saved or deleted: their project's figures."""
    if not raw:
        kept.invalidate_projects([instance.project_id])


def person_changed(sender, instance, raw=False, created=False, **kwargs):
    """A person saved: the figures of the projects they take part in (a new person takes part in none)."""
    if not raw and not created:
        kept.invalidate(Participant.objects.filter(person_id=instance.pk))


def outcome_or_activation_changed(sender, instance, raw=False, **kwargs):
    """An outcome or a participant's kept activation saved or deleted: their participant's project."""
    if not raw:
        kept.invalidate_participants([instance.participant_id])


def flags_recounted(sender, participant_ids, **kwargs):
    """The flags at entry of these participants rewritten in bulk (szansa.domain.recruitment.entry)."""
    kept.invalidate_participants(participant_ids)


def connect_kept_figures():
    for model, receiver in (
        (Participant, participant_changed),
        (Outcome, outcome_or_activation_changed),
        (Activation, outcome_or_activation_changed),
    ):
        post_save.connect(receiver, sender=model, dispatch_uid=f"figures-{model.__name__}-saved")
        post_delete.connect(receiver, sender=model, dispatch_uid=f"figures-{model.__name__}-deleted")
    post_save.connect(person_changed, sender=Person, dispatch_uid="figures-person-saved")
    entry.flags_recounted.connect(flags_recounted, sender=Participant, dispatch_uid="figures-flags-recounted")


def connect():
    for model in (Attendance, Internship):
        post_save.connect(
            participant_record_changed, sender=model, dispatch_uid=f"activation-{model.__name__}-saved"
        )
        post_delete.connect(
            participant_record_changed, sender=model, dispatch_uid=f"activation-{model.__name__}-deleted"
        )
    post_save.connect(planned_support_changed, sender=PlannedSupport, dispatch_uid="activation-planned-saved")
    post_delete.connect(
        planned_support_changed, sender=PlannedSupport, dispatch_uid="activation-planned-deleted"
    )
    post_delete.connect(plan_deleted, sender=IndividualPlan, dispatch_uid="activation-plan-deleted")
    post_save.connect(activity_saved, sender=Activity, dispatch_uid="activation-activity-saved")
    connect_kept_figures()
