"""Keeps each participant's flags at entry (szansa.domain.recruitment.entry) equal to a recount when one of
their inputs changes: the participant itself (start date, the data set at entry, the application), the
person's registry situations, the household's incomes and membership, the recruitment's verified
criteria, the income criterion. What bypasses the ORM's signals (a bulk load) is caught by the nightly
recount (`recruitment.recount_entry_flags`)."""

from django.db.models import Q
from django.db.models.signals import post_delete, post_save

from szansa.domain.people.models import IncomeCriterion, IncomeRecord, Person, Situation
from szansa.domain.recruitment import entry
from szansa.domain.recruitment.enums import CriterionKind
from szansa.domain.recruitment.models import Application, Criterion, Participant


def _refresh_household(person_id, household_id):
    """The person's participations and those of everyone in their household (they share the income per
    person), recounted together."""
    members = Q(person_id=person_id)
    if household_id is not None:
        members |= Q(person__household_id=household_id)
    entry.refresh(Participant.objects.filter(members))


def participant_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        entry.refresh(Participant.objects.filter(pk=instance.pk))


def situation_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        entry.refresh(Participant.objects.filter(person_id=instance.person_id))


def income_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        household_id = (
            Person.objects.filter(pk=instance.person_id).values_list("household_id", flat=True).first()
        )
        _refresh_household(instance.person_id, household_id)


def person_saved(sender, instance, raw=False, created=False, **kwargs):
    # A new person has no participation yet; a moved one changes the income per person of the
    # household they joined (the household they left is rechecked by the nightly recount).
    if not raw and not created:
        _refresh_household(instance.pk, instance.household_id)


def application_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        entry.refresh(Participant.objects.filter(application=instance))


def criterion_changed(sender, instance, raw=False, **kwargs):
    """An income criterion, or a recruitment criterion of the at-risk kind, changed: every participant it
    may concern (rare: an edit by the administrator)."""
    if raw:
        return
    if sender is IncomeCriterion:
        entry.refresh(Participant.objects.all())
    elif instance.kind == CriterionKind.AT_RISK:
        entry.refresh(Participant.objects.filter(application__isnull=False))


def connect():
    post_save.connect(participant_saved, sender=Participant, dispatch_uid="entry-participant")
    for model, receiver in ((Situation, situation_changed), (IncomeRecord, income_changed)):
        post_save.connect(receiver, sender=model, dispatch_uid=f"entry-{model.__name__}-saved")
        post_delete.connect(receiver, sender=model, dispatch_uid=f"entry-{model.__name__}-deleted")
    post_save.connect(person_saved, sender=Person, dispatch_uid="entry-person")
    post_save.connect(application_saved, sender=Application, dispatch_uid="entry-application")
    for model in (IncomeCriterion, Criterion):
        post_save.connect(criterion_changed, sender=model, dispatch_uid=f"entry-{model.__name__}-saved")
        post_delete.connect(criterion_changed, sender=model, dispatch_uid=f"entry-{model.__name__}-deleted")
