"""Writes to the registry. Every write names its actor, validates fully and leaves an audit trail."""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from rapidfuzz import fuzz

from szansa.domain.people import enums
from szansa.domain.people.models import Consent, Household, Message, Person, normalise_name
from szansa.domain.people.validators import pesel_birth_date, pesel_sex, validate_pesel
from szansa.lib.services import require, save_validated


def _duplicate_pesel() -> ValidationError:
    return ValidationError(
        {"pesel": _("A person with this PESEL is already in the registry.")}, code="duplicate_pesel"
    )


def _save_person(actor, person: Person) -> Person:
    """save_validated, with the unique PESEL kept by the database too: when another request saved
    the same PESEL between our check and our insert, the loser gets the same refusal as the check."""
    try:
        with transaction.atomic():
            return save_validated(actor, person)
    except IntegrityError:
        if person.pesel and Person.objects.filter(pesel=person.pesel).exclude(pk=person.pk).exists():
            raise _duplicate_pesel() from None
        raise


class ConsentRequired(Exception):
    """Processing that needs a GDPR consent was attempted without one."""


def fill_from_pesel(data: dict) -> dict:
    """Derive birth date and sex from a valid PESEL where the user left them empty."""
    pesel = data.get("pesel")
    if pesel:
        try:
            validate_pesel(pesel)
        except ValidationError:
            return data
        data.setdefault("birth_date", None)
        data.setdefault("sex", "")
        data["birth_date"] = data["birth_date"] or pesel_birth_date(pesel)
        data["sex"] = data["sex"] or pesel_sex(pesel)
    return data


@dataclass
class DuplicateCheck:
    same_pesel: Person | None = None
    similar: list[Person] = field(default_factory=list)

    @property
    def blocking(self) -> bool:
        return self.same_pesel is not None


def find_duplicates(
    *, first_name: str, last_name: str, birth_date, pesel: str | None = None, exclude_pk=None
) -> DuplicateCheck:
    """Same PESEL blocks; same birth date and a similar name warns (rapidfuzz token ratio)."""
    others = Person.objects.exclude(pk=exclude_pk) if exclude_pk else Person.objects.all()
    check = DuplicateCheck()
    if pesel:
        check.same_pesel = others.filter(pesel=pesel).first()
    if birth_date:
        name = normalise_name(f"{last_name} {first_name}")
        threshold = settings.DUPLICATE_NAME_SIMILARITY
        check.similar = [
            candidate
            for candidate in others.filter(birth_date=birth_date).select_related("responsible_worker")
            if candidate != check.same_pesel
            and fuzz.token_sort_ratio(name, candidate.search_text) >= threshold
        ]
    return check


@transaction.atomic
def person_create(*, actor, data: dict, confirm_not_duplicate: bool = False) -> Person:
    data = fill_from_pesel(dict(data))
    check = find_duplicates(
        first_name=data.get("first_name", ""),
        last_name=data.get("last_name", ""),
        birth_date=data.get("birth_date"),
        pesel=data.get("pesel"),
    )
    if check.blocking:
        raise _duplicate_pesel()
    if check.similar and not confirm_not_duplicate:
        raise ValidationError(
            _(
                "The registry already has a person with the same birth date and a similar name. "
                "Check the candidates and confirm that this is someone else."
            ),
            code="possible_duplicate",
            params={"candidates": check.similar},
        )
    person = Person(**data, created_by=actor)
    return _save_person(actor, person)


@transaction.atomic
def person_update(*, actor, person: Person, data: dict) -> Person:
    for name, value in fill_from_pesel(dict(data)).items():
        setattr(person, name, value)
    return _save_person(actor, person)


@transaction.atomic
def household_create(*, actor, head: Person, multi_problem_family=False, notes="") -> Household:
    if head.household_id:
        raise ValidationError(
            _("%(name)s already belongs to a household.") % {"name": head.full_name},
            code="already_member",
        )
    household = Household(multi_problem_family=multi_problem_family, notes=notes)
    save_validated(actor, household)
    head.household = household
    head.household_relation = enums.HouseholdRelation.HEAD
    save_validated(actor, head)
    return household


@transaction.atomic
def household_add_member(*, actor, household: Household, person: Person, relation: str) -> Person:
    if person.household_id and person.household_id != household.pk:
        raise ValidationError(
            _("%(name)s already belongs to another household.") % {"name": person.full_name},
            code="already_member",
        )
    if relation == enums.HouseholdRelation.HEAD and household.head not in (None, person):
        raise ValidationError(_("The household already has a head."), code="second_head")
    person.household = household
    person.household_relation = relation
    return save_validated(actor, person)


@transaction.atomic
def household_remove_member(*, actor, person: Person) -> Person:
    # removing a member changes their file: the actor must be allowed to change that person (a social
    # worker: a member of their own team)
    require(actor, "people.change_person", person)
    if person.household_relation == enums.HouseholdRelation.HEAD and (
        person.household.members.exclude(pk=person.pk).exists()
    ):
        raise ValidationError(
            _("Choose another head of household before removing the head."), code="head_leaves"
        )
    person.household = None
    person.household_relation = ""
    return save_validated(actor, person)


def household_update(*, actor, household: Household, data: dict) -> Household:
    for name, value in data.items():
        setattr(household, name, value)
    return save_validated(actor, household)


def record_save(*, actor, record):
    """Save an income record, situation or consent of a person's file."""
    return save_validated(actor, record)


def consent_withdraw(*, actor, consent: Consent, on: datetime.date) -> Consent:
    consent.withdrawn_on = on
    return save_validated(actor, consent)


def ensure_consent(person: Person, kind: str, on: datetime.date) -> Consent:
    """Refuse processing that needs a consent the person has not given (or has withdrawn)."""
    consent = person.consents.active_on(on).filter(kind=kind).first()
    if consent is None:
        raise ConsentRequired(
            _("%(name)s has not given consent to: %(kind)s. Record the consent first.")
            % {"name": person.full_name, "kind": enums.ConsentKind(kind).label}
        )
    return consent


@transaction.atomic
def person_send_email(
    *, actor, person: Person, subject: str, body: str, on: datetime.date | None = None
) -> Message:
    """Send an e-mail to a person and keep it in their file. Refused without the person's e-mail
    address or without an electronic-contact consent in force (GDPR): nothing is sent then."""
    if not person.email:
        raise ValidationError(
            _("%(name)s has no e-mail address in the registry.") % {"name": person.full_name},
            code="no_email",
        )
    try:
        ensure_consent(person, enums.ConsentKind.ELECTRONIC_CONTACT, on or datetime.date.today())
    except ConsentRequired as refusal:
        raise ValidationError(str(refusal), code="consent_required") from refusal
    message = save_validated(
        actor, Message(person=person, recipient=person.email, subject=subject, body=body, sent_by=actor)
    )
    try:
        send_mail(subject, body, None, [person.email])
    except OSError as failure:  # SMTP and socket errors; the record above is rolled back
        raise ValidationError(
            _("The e-mail could not be sent (%(error)s). Try again later.") % {"error": failure},
            code="send_failed",
        ) from failure
    return message
