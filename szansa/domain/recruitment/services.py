"""Writes of recruitment and participation. Every write names its actor, checks the permission
(recruitment.access), validates fully and saves under the audit actor.

The participant limit of a project and the planned total of a target group hold under concurrent
requests: `participant_enrol` locks the project row (SELECT … FOR UPDATE) for the rest of its
transaction, so enrolments into one project are serialised and each one counts what is committed.
"""

import datetime
import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from szansa.domain.people.enums import Citizenship, ConsentKind, LabourMarketStatus, SituationKind
from szansa.domain.people.models import Person
from szansa.domain.people.services import ConsentRequired, ensure_consent
from szansa.domain.projects.models import Project, TargetGroup
from szansa.domain.recruitment import access, eligibility, enums
from szansa.domain.recruitment.models import (
    Application,
    ApplicationDocument,
    DegurbaArea,
    DocumentKind,
    Participant,
    ParticipationCorrection,
    RecruitmentRound,
    RuleCriterion,
)
from szansa.domain.work import enums as work_enums
from szansa.domain.work import services as work_services
from szansa.domain.work.models import Task, TaskKind
from szansa.lib.services import require, save_validated

logger = logging.getLogger(__name__)

FOLLOW_UP_TASK_KIND = "followup_3_months"  # work/data/task_kinds.json: due 3 months from its start

# The refusal of a write, translated when it is shown.
DENIED = gettext_lazy("You may not do this in this project's recruitment.")


def _move(application: Application, to: str) -> None:
    current = enums.ApplicationStatus(application.status)
    target = enums.ApplicationStatus(to)
    if target not in enums.APPLICATION_TRANSITIONS[current]:
        raise ValidationError(
            _('An application with the status "%(current)s" cannot become "%(target)s".')
            % {"current": current.label, "target": target.label},
            code="illegal_transition",
        )
    application.status = target


# --- rules and rounds ----------------------------------------------------------------------------------


def recruitment_record_save(*, actor, record):
    """Save an eligibility rule, rule criterion, scoring criterion or round (data a coordinator edits)."""
    target_group = record.rule.target_group if isinstance(record, RuleCriterion) else record.target_group
    require(actor, "recruitment.manage", target_group, message=DENIED)
    return save_validated(actor, record)


# --- applications -----------------------------------------------------------------------------------------


def application_submit(
    *, actor, person: Person, round: RecruitmentRound, submitted_on: datetime.date, channel: str, note=""
) -> Application:
    if not access.may_submit_application(actor, round, person):
        raise PermissionDenied(DENIED)
    if not (round.opens_on <= submitted_on <= round.closes_on):
        raise ValidationError(
            {
                "submitted_on": _("The round takes applications from %(opens)s to %(closes)s.")
                % {"opens": f"{round.opens_on:%d.%m.%Y}", "closes": f"{round.closes_on:%d.%m.%Y}"}
            },
            code="outside_round",
        )
    application = Application(
        person=person, round=round, submitted_on=submitted_on, channel=channel, note=note, created_by=actor
    )
    return save_validated(actor, application)


def document_receive(
    *,
    actor,
    application: Application,
    kind: DocumentKind,
    received_on: datetime.date,
    issued_on=None,
    note="",
) -> ApplicationDocument:
    require(actor, "recruitment.manage", application, message=DENIED)
    document = ApplicationDocument(
        application=application, kind=kind, received_on=received_on, issued_on=issued_on, note=note
    )
    return save_validated(actor, document)


@transaction.atomic
def application_verify(*, actor, application: Application, on: datetime.date) -> eligibility.Evaluation:
    """Evaluate the application with its documents on `on` and store the outcome, the reasons, the
    score and the income per person (the ranking's tie-break)."""
    require(actor, "recruitment.manage", application, message=DENIED)
    application = Application.objects.select_for_update().get(pk=application.pk)
    evaluation = eligibility.evaluate(
        application.person,
        application.round.target_group,
        on,
        documents=eligibility.documents_of(application),
        income_month=eligibility.default_income_month(application.submitted_on),
    )
    _move(
        application,
        enums.ApplicationStatus.ELIGIBLE if evaluation.eligible else enums.ApplicationStatus.NOT_ELIGIBLE,
    )
    application.results = evaluation.stored_results()
    application.score = evaluation.score
    application.income_per_person = evaluation.income_per_person
    application.verified_by = actor
    application.verified_on = on
    save_validated(actor, application)
    return evaluation


def application_withdraw(*, actor, application: Application, note: str = "") -> Application:
    require(actor, "recruitment.manage", application, message=DENIED)
    _move(application, enums.ApplicationStatus.WITHDRAWN)
    if note:
        application.note = "\n".join(filter(None, [application.note, note]))
    application.rank = None
    return save_validated(actor, application)


def ranking_key(application: Application):
    """Score descending; ties: the earlier application, then the lower income per person."""
    income = application.income_per_person
    return (
        -(application.score or 0),
        application.submitted_on,
        income if income is not None else 0,
        application.pk,
    )


@transaction.atomic
def round_rank(*, actor, round: RecruitmentRound) -> list[Application]:
    """Rank the verified eligible (and re-rank the ranked) applications of a round."""
    require(actor, "recruitment.manage", round, message=DENIED)
    ranked = list(
        Application.objects.select_for_update()
        .filter(round=round, status__in=[enums.ApplicationStatus.ELIGIBLE, enums.ApplicationStatus.RANKED])
        .order_by("pk")
    )
    ranked.sort(key=ranking_key)
    for position, application in enumerate(ranked, start=1):
        if application.status == enums.ApplicationStatus.ELIGIBLE:
            _move(application, enums.ApplicationStatus.RANKED)
        application.rank = position
        save_validated(actor, application)
    return ranked


@transaction.atomic
def round_enrol(*, actor, round: RecruitmentRound, start_date: datetime.date) -> list[Participant]:
    """Enrol the ranked applicants in ranking order while places remain; the rest go to the waiting
    list. Refused as a whole (nothing changes) when a ranked applicant lacks the EU-project consent."""
    require(actor, "recruitment.manage", round, message=DENIED)
    ranked = list(round.applications.filter(status=enums.ApplicationStatus.RANKED).order_by("rank"))
    lacking = [
        a.person.full_name
        for a in ranked
        if not a.person.consents.active_on(start_date).filter(kind=ConsentKind.EU_PROJECT_DATA).exists()
    ]
    if lacking:
        raise ValidationError(
            _("Record the consent to data processing for an EU project first: %(names)s.")
            % {"names": ", ".join(lacking)},
            code="consent_required",
        )
    check_start_date(round.target_group.project, round.target_group, start_date)
    enrolled = []
    for application in ranked:
        if _free_places(round.target_group, round) > 0:
            enrolled.append(
                participant_enrol(
                    actor=actor,
                    person=application.person,
                    project=round.target_group.project,
                    target_group=round.target_group,
                    start_date=start_date,
                    application=application,
                )
            )
        else:
            _move(application, enums.ApplicationStatus.WAITING_LIST)
            save_validated(actor, application)
    return enrolled


def _free_places(target_group: TargetGroup, round: RecruitmentRound | None = None) -> int:
    project = target_group.project
    counted = Participant.objects.main().counted()
    free = target_group.planned_total - counted.filter(target_group=target_group).count()
    if round is not None and round.places is not None:
        free = min(free, round.places - counted.filter(application__round=round).count())
    if project.participant_limit is not None:
        free = min(free, project.participant_limit - counted.filter(project=project).count())
    return free


# --- enrolment ------------------------------------------------------------------------------------------


def data_set_from_registry(person: Person, start_date: datetime.date) -> dict:
    """The EU data set as far as the registry knows it on the start date (docs/participant-exports.md)."""
    situations = list(person.situations.all())
    active = [s for s in situations if s.is_active_on(start_date)]
    labour = next((s for s in active if s.kind == SituationKind.LABOUR_MARKET), None)
    status = substatus = ""
    if labour is not None:
        status = enums.LabourStatus(labour.labour_status)
        if labour.labour_status in (
            LabourMarketStatus.REGISTERED_UNEMPLOYED,
            LabourMarketStatus.UNREGISTERED_UNEMPLOYED,
        ):
            long_term = eligibility.people_assessment.is_long_term_unemployed(person, situations, start_date)
            substatus = (
                enums.LabourSubstatus.LONG_TERM_UNEMPLOYED
                if long_term
                else enums.LabourSubstatus.OTHER_UNEMPLOYED
            )
    area = DegurbaArea.objects.filter(gmina__iexact=person.gmina, powiat__iexact=person.powiat).first()
    non_polish = person.citizenship != Citizenship.POLISH
    kinds = {s.kind for s in active}
    return {
        "age_at_start": person.age_on(start_date),
        "education": person.education_level,
        "labour_status": status,
        "labour_substatus": substatus,
        "degurba": area.degurba if area else "",
        "third_country_national": person.citizenship == Citizenship.THIRD_COUNTRY,
        # Known from the registry only when it says yes; otherwise the coordinator asks.
        "foreign_background": True if non_polish else None,
        "homeless": True if SituationKind.HOMELESSNESS in kinds else None,
        "disability": True if SituationKind.DISABILITY in kinds else None,
    }


@transaction.atomic
def participant_enrol(
    *,
    actor,
    person: Person,
    project: Project,
    start_date: datetime.date,
    target_group: TargetGroup | None = None,
    role: str = enums.ParticipantRole.MAIN,
    linked_to: Participant | None = None,
    application: Application | None = None,
) -> Participant:
    """Enrol a person (or a person of a participant's environment) with the data set pre-filled from
    the registry. Main participants count against the project's limit and the target group's planned
    total; the environment (otoczenie) is counted separately and not against either."""
    require(actor, "recruitment.manage", project, message=DENIED)
    project = Project.objects.select_for_update().get(pk=project.pk)
    check_start_date(project, target_group if role == enums.ParticipantRole.MAIN else None, start_date)
    try:
        ensure_consent(person, ConsentKind.EU_PROJECT_DATA, start_date)
    except ConsentRequired as refusal:
        raise ValidationError(str(refusal), code="consent_required") from refusal
    if role == enums.ParticipantRole.MAIN:
        _check_places(project, target_group)
    elif linked_to is None or linked_to.project_id != project.pk or not linked_to.is_main:
        raise ValidationError(
            _("A person from the environment is linked to a participant of the same project."),
            code="environment_not_linked",
        )
    participant = Participant(
        person=person,
        project=project,
        target_group=target_group,
        application=application,
        role=role,
        linked_to=linked_to,
        start_date=start_date,
        enrolled_by=actor,
        **data_set_from_registry(person, start_date),
    )
    save_validated(actor, participant)
    if application is not None:
        _move(application, enums.ApplicationStatus.ENROLLED)
        save_validated(actor, application)
    return participant


def _day(value: datetime.date) -> str:
    return date_format(value, "SHORT_DATE_FORMAT")


def check_start_date(project: Project, target_group: TargetGroup | None, start_date: datetime.date) -> None:
    """The start of participation lies within the project's period and in the target group's year
    (docs/recruitment.md#dates); the message names the date that blocks it and how to fix it."""
    values = {
        "day": _day(start_date),
        "start": _day(project.start),
        "end": _day(project.end),
    }
    if not (project.start <= start_date <= project.end):
        raise ValidationError(
            {
                "start_date": _(
                    "The start of participation (%(day)s) lies outside the project's period "
                    "(%(start)s – %(end)s). Choose a day within it."
                )
                % values
            },
            code="start_outside_project",
        )
    if target_group is not None and start_date.year != target_group.year:
        raise ValidationError(
            {
                "start_date": _(
                    "The target group %(group)s is planned for %(year)s, but the start of participation "
                    "(%(day)s) falls in %(other)s. Choose a day in %(year)s or the target group of %(other)s."
                )
                % {**values, "group": target_group.name, "year": target_group.year, "other": start_date.year}
            },
            code="start_outside_group_year",
        )


def _check_places(project: Project, target_group: TargetGroup | None) -> None:
    counted = Participant.objects.main().counted()
    if project.participant_limit is not None and (
        counted.filter(project=project).count() >= project.participant_limit
    ):
        raise ValidationError(
            _("The project has reached its limit of %(limit)s participants.")
            % {"limit": project.participant_limit},
            code="participant_limit_reached",
        )
    if target_group is None:
        raise ValidationError(_("Choose the participant's target group."), code="target_group_required")
    if target_group.project_id != project.pk:
        raise ValidationError(_("The target group belongs to another project."), code="target_group_mismatch")
    if counted.filter(target_group=target_group).count() >= target_group.planned_total:
        raise ValidationError(
            _("The target group %(group)s is full (%(total)s participants planned).")
            % {"group": target_group, "total": target_group.planned_total},
            code="target_group_full",
        )


def participant_update(*, actor, participant: Participant, data: dict) -> Participant:
    """The coordinator completes or corrects the data set (age at start stays computed)."""
    require(actor, "recruitment.manage", participant, message=DENIED)
    for name, value in data.items():
        setattr(participant, name, value)
    participant.age_at_start = participant.person.age_on(participant.start_date)
    return save_validated(actor, participant)


def _later_steps_before(participant: Participant, day: datetime.date) -> list[str]:
    """The recorded steps of the path dated before `day` (they would start before the participation)."""
    found = []
    first = participant.activity_places.filter(assigned_on__lt=day).order_by("assigned_on").first()
    if first is not None:
        found.append(
            _("assignment to %(activity)s on %(day)s")
            % {"activity": first.activity, "day": _day(first.assigned_on)}
        )
    first = participant.internships.filter(starts_on__lt=day).order_by("starts_on").first()
    if first is not None:
        found.append(_("internship from %(day)s") % {"day": _day(first.starts_on)})
    first = participant.outcomes.filter(achieved_on__lt=day).order_by("achieved_on").first()
    if first is not None:
        found.append(_("outcome of %(day)s") % {"day": _day(first.achieved_on)})
    return found


@transaction.atomic
def participant_correct_dates(
    *,
    actor,
    participant: Participant,
    reason: str,
    start_date: datetime.date | None = None,
    end_date: datetime.date | None = None,
) -> list[ParticipationCorrection]:
    """Correct the start (and, once it ended, the end) of a participation. The reason is required and
    kept with each change (a ParticipationCorrection row and the audit entry's additional data);
    the same date rules as at enrolment and exit apply, and steps already recorded must not fall
    before the new start. Returns the corrections made."""
    require(actor, "recruitment.manage", participant, message=DENIED)
    participant = (
        Participant.objects.select_for_update(of=("self",))
        .select_related("project", "target_group")
        .get(pk=participant.pk)
    )
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for the correction.")}, code="reason_required")
    changes = {}
    if start_date is not None and start_date != participant.start_date:
        changes["start_date"] = start_date
    if end_date is not None and end_date != participant.end_date:
        if participant.end_date is None:
            raise ValidationError(
                {"end_date": _("The participation has not ended; record the exit instead.")},
                code="not_exited",
            )
        changes["end_date"] = end_date
    if not changes:
        raise ValidationError(_("The dates are as recorded; nothing to correct."), code="nothing_changed")
    project = participant.project
    new_start = changes.get("start_date", participant.start_date)
    new_end = changes.get("end_date", participant.end_date)
    if "start_date" in changes:
        check_start_date(project, participant.target_group if participant.is_main else None, new_start)
        blocking = _later_steps_before(participant, new_start)
        if blocking:
            raise ValidationError(
                {
                    "start_date": _(
                        "Steps of the path are recorded before %(day)s: %(steps)s. "
                        "Correct or remove them first."
                    )
                    % {"day": _day(new_start), "steps": "; ".join(blocking)}
                },
                code="steps_before_start",
            )
    if new_end is not None:
        if new_end < new_start:
            raise ValidationError(
                {
                    "end_date": _(
                        "The end of participation (%(end)s) cannot come before its start (%(start)s)."
                    )
                    % {"end": _day(new_end), "start": _day(new_start)}
                },
                code="end_before_start",
            )
        if new_end > project.end:
            raise ValidationError(
                {
                    "end_date": _(
                        "The end of participation (%(day)s) lies after the project's end (%(end)s)."
                    )
                    % {"day": _day(new_end), "end": _day(project.end)}
                },
                code="end_after_project",
            )
    corrections = []
    for field, value in changes.items():
        corrections.append(
            ParticipationCorrection(
                participant=participant,
                field=field,
                old_value=getattr(participant, field),
                new_value=value,
                reason=reason,
                corrected_by=actor,
            )
        )
        setattr(participant, field, value)
    participant.age_at_start = participant.person.age_on(participant.start_date)
    if "end_date" in changes:
        participant.follow_up_due = Participant.follow_up_date(participant.end_date)
    participant.correction_reason = reason  # read by get_additional_data: the audit entry keeps it
    save_validated(actor, participant)
    for correction in corrections:
        save_validated(actor, correction)
    return corrections


def participant_activate(*, actor, participant: Participant) -> Participant:
    require(actor, "recruitment.manage", participant, message=DENIED)
    if participant.status != enums.ParticipantStatus.ENROLLED:
        raise ValidationError(_("Only an enrolled participant can become active."), code="not_enrolled")
    participant.status = enums.ParticipantStatus.ACTIVE
    return save_validated(actor, participant)


@transaction.atomic
def participant_resign_before_start(
    *, actor, participant: Participant, on: datetime.date
) -> Participant | None:
    """The participant resigns before their start date; the first on the round's waiting list moves up
    (enrolled from the same start date, or from `on` if that is later). Returns the promoted one."""
    require(actor, "recruitment.manage", participant, message=DENIED)
    Project.objects.select_for_update().get(pk=participant.project_id)
    participant = Participant.objects.select_for_update().get(pk=participant.pk)
    if participant.status != enums.ParticipantStatus.ENROLLED or on >= participant.start_date:
        raise ValidationError(
            _(
                "Only an enrolled participant can resign before the start date (%(date)s); "
                "record an exit instead."
            )
            % {"date": f"{participant.start_date:%d.%m.%Y}"},
            code="not_before_start",
        )
    participant.status = enums.ParticipantStatus.RESIGNED_BEFORE_START
    save_validated(actor, participant)
    if participant.application_id is None or not participant.is_main:
        return None
    start = max(participant.start_date, on)
    waiting = participant.application.round.applications.filter(
        status=enums.ApplicationStatus.WAITING_LIST
    ).order_by("rank")
    for application in waiting:
        try:
            with transaction.atomic():
                return participant_enrol(
                    actor=actor,
                    person=application.person,
                    project=participant.project,
                    target_group=participant.target_group,
                    start_date=start,
                    application=application,
                )
        except ValidationError as refusal:
            if refusal.code != "consent_required":
                raise
    return None


@transaction.atomic
def participant_exit(
    *,
    actor,
    participant: Participant,
    end_date: datetime.date,
    exit_reason: str,
    completed_path: bool,
    exit_situation_1=None,
    exit_situation_2=None,
    note: str = "",
) -> Participant:
    """Record the end of participation; the 3-month follow-up falls due at end + 3 months."""
    require(actor, "recruitment.manage", participant, message=DENIED)
    if participant.status not in enums.CURRENT_STATUSES:
        raise ValidationError(_("This participation has already ended."), code="already_ended")
    if exit_reason == enums.ExitReason.LEFT_EARLY and not note:
        raise ValidationError({"exit_note": _("Give the reason for leaving early.")}, code="reason_required")
    if end_date < participant.start_date:
        raise ValidationError(
            {
                "end_date": _(
                    "The end of participation (%(end)s) cannot come before its start (%(start)s). "
                    "If the start is wrong, correct it first (Correct the dates on the participant card)."
                )
                % {"end": _day(end_date), "start": _day(participant.start_date)}
            },
            code="end_before_start",
        )
    if end_date > participant.project.end:
        raise ValidationError(
            {
                "end_date": _("The end of participation (%(day)s) lies after the project's end (%(end)s).")
                % {"day": _day(end_date), "end": _day(participant.project.end)}
            },
            code="end_after_project",
        )
    participant.end_date = end_date
    participant.exit_reason = exit_reason
    participant.exit_note = note
    participant.completed_path = completed_path
    participant.exit_situation_1 = exit_situation_1
    participant.exit_situation_2 = exit_situation_2
    participant.status = (
        enums.ParticipantStatus.LEFT_EARLY
        if exit_reason == enums.ExitReason.LEFT_EARLY
        else enums.ParticipantStatus.COMPLETED
    )
    participant.follow_up_due = Participant.follow_up_date(end_date)
    if participant.is_main and participant.follow_up_task_id is None:
        participant.follow_up_task = _follow_up_task(actor=actor, participant=participant)
    return save_validated(actor, participant)


@transaction.atomic
def participant_record_follow_up(
    *, actor, participant: Participant, on: datetime.date, result: str, note: str = ""
) -> Participant:
    """Record the situation 3 months after exit; this completes the open follow-up task. Recorded by
    whoever runs the project's recruitment or by the worker who holds the follow-up task."""
    if not access.may_record_follow_up(actor, participant):
        raise PermissionDenied(DENIED)
    if participant.end_date is None:
        raise ValidationError(_("Record the exit before the follow-up."), code="not_exited")
    participant.follow_up_on = on
    participant.follow_up_result = result
    participant.follow_up_note = note
    save_validated(actor, participant)
    if participant.follow_up_task_id is not None:
        _complete_follow_up_task(actor, Task.objects.get(pk=participant.follow_up_task_id), on)
    return participant


# --- follow-up tasks (szansa.domain.work) -------------------------------------------------------


def _follow_up_task(*, actor, participant: Participant) -> Task | None:
    """A task of the follow-up kind about the participant for their responsible worker (routed by the
    work app), counted from the exit so that it falls due 3 months later (the next working day when
    that is a Saturday, Sunday or holiday). None when the kind has been switched off in admin."""
    if not TaskKind.objects.filter(code=FOLLOW_UP_TASK_KIND, active=True).exists():
        return None
    values = {
        "person": participant.person.full_name,
        "project": participant.project.number,
        "end": f"{participant.end_date:%d.%m.%Y}",
    }
    return work_services.task_create(
        actor=actor,
        kind=FOLLOW_UP_TASK_KIND,
        person=participant.person,
        title=(_("3-month follow-up: %(person)s (project %(project)s)") % values)[:200],
        notes=_(
            "Record the situation of the participant 3 months after the exit on %(end)s "
            "(employment, self-employment, job seeking, social progress) on the participant card."
        )
        % values,
        start_on=participant.end_date,
    )


def _complete_follow_up_task(actor, task: Task, on: datetime.date) -> None:
    """Close the follow-up task once the result is recorded. Its holder (or a manager) completes it
    through the work app; a coordinator who recorded the result on the worker's behalf closes it in
    their own name (the work app lets only the holder complete a task, yet the work is done)."""
    if not task.is_active:
        return
    if actor.has_perm("work.change_task", task):
        work_services.task_complete(actor=actor, task=task, on=on)
        return
    task = Task.objects.select_for_update().get(pk=task.pk)
    task.status = work_enums.TaskStatus.DONE
    task.completed_by = actor
    task.completed_at = timezone.now()
    task.notes = "\n".join(
        filter(None, [task.notes, _("Completed by recording the follow-up in the recruitment.")])
    )
    save_validated(actor, task)


def _job_actor(participant: Participant):
    """In whose name the daily job creates a missing task: the coordinator who enrolled the
    participant, else the responsible worker (whoever of them may still create tasks about the person)."""
    for user in (participant.enrolled_by, participant.person.responsible_worker):
        if (
            user is not None
            and user.is_active
            and user.has_perm("work.add_task")
            and user.has_perm("people.view_person", participant.person)
        ):
            return user
    return None


def create_missing_follow_up_tasks(today: datetime.date) -> list[Task]:
    """Daily: a follow-up task for every participant who exited by `today`, whose follow-up is not
    recorded and who has no follow-up task yet (e.g. exits recorded before tasks existed). Idempotent:
    a participant that has a task is skipped, also under concurrent runs (row lock)."""
    pending = (
        Participant.objects.main()
        .filter(end_date__isnull=False, end_date__lte=today, follow_up_on__isnull=True)
        .filter(follow_up_task__isnull=True)
        .values_list("pk", flat=True)
    )
    created = []
    for pk in list(pending):
        with transaction.atomic():
            participant = (
                Participant.objects.select_for_update(of=("self",))
                .select_related("person__responsible_worker", "project", "enrolled_by")
                .get(pk=pk)
            )
            if participant.follow_up_task_id is not None:
                continue
            actor = _job_actor(participant)
            if actor is None:
                logger.warning("No one may create the follow-up task of participant %s.", pk)
                continue
            task = _follow_up_task(actor=actor, participant=participant)
            if task is None:
                return created
            participant.follow_up_task = task
            save_validated(actor, participant)
            created.append(task)
    return created
