"""Keeps each participant's activation (szansa.domain.support.activation) equal to a recount when a record
it is counted from changes: an attendance, a planned support (with its plan), an internship, an activity's
form of support. What bypasses the ORM's signals (a bulk load) is caught by the nightly recount
(`support.recount_activation`)."""

from django.db.models.signals import post_delete, post_save

from szansa.domain.recruitment.models import Participant
from szansa.domain.support import activation
from szansa.domain.support.models import Activity, Attendance, IndividualPlan, Internship, PlannedSupport


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
