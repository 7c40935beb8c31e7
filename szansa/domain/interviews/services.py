"""Writes of community interviews (docs/community-interview.md). Every write names its actor, checks the
permission (access.py) and keeps the answers of every save as a revision.

- `interview_start`: a draft pre-filled from the registry (prefill.KEYS) in the questionnaire in force on
  the day;
- `interview_save`: the answers of a client that read revision `base_revision`; a save on an older base
  is merged when nobody else changed the same question, and refused with `InterviewConflict` otherwise;
- `interview_complete`: the mandatory segments answered; the community-interview task is done on the
  day the answers were last saved (the deadline is met when the interview is saved);
- `writeback_changes` / `interview_confirm`: the pre-filled answers that differ from the registry, and
  writing the accepted ones back through the people services (history and audit as any change);
- `update_tasks_create`: the reminder of an update of the interview (Celery beat, tasks.py).
"""

import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from szansa.domain.interviews import selectors
from szansa.domain.interviews import structure as form
from szansa.domain.interviews.answers import clean_answers, is_empty, same
from szansa.domain.interviews.enums import InterviewKind, InterviewStatus
from szansa.domain.interviews.models import Interview, InterviewRevision, Questionnaire
from szansa.domain.interviews.prefill import KEYS
from szansa.domain.people.models import Person
from szansa.domain.work import services as work_services
from szansa.domain.work.enums import CaseStatus, TaskStatus
from szansa.domain.work.models import Task
from szansa.lib.errors import ServiceError
from szansa.lib.services import require, save_validated


class InterviewConflict(ServiceError):
    """The interview changed on the server since the client's base revision, in questions the client also
    changed to another value. Carries `conflicts` ([{question, label, base, server, yours}]), the current
    `revision` and the server's `answers`."""

    def __init__(self, *, conflicts: list[dict], revision: int, answers: dict):
        super().__init__(
            _(
                "The interview was changed by someone else meanwhile. Choose, question by question, which "
                "answer to keep, and send again."
            ),
            code="conflict",
        )
        self.conflicts = conflicts
        self.revision = revision
        self.answers = answers


def _questions(interview_or_questionnaire, kind: str | None = None) -> dict[str, dict]:
    """The questions of the parts used by the interview's kind, by code."""
    if isinstance(interview_or_questionnaire, Interview):
        structure = interview_or_questionnaire.questionnaire.structure
        kind = interview_or_questionnaire.kind
    else:
        structure = interview_or_questionnaire.structure
    return {
        question["code"]: question
        for part, _segment, question in form.iter_questions(structure)
        if form.part_used_by(part, kind)
    }


def _prefill(questionnaire: Questionnaire, kind: str, person: Person, on: datetime.date) -> tuple[dict, dict]:
    """(answers, registry values by key) for the questions of the kind's parts that name a pre-fill key."""
    answers, values = {}, {}
    for code, question in _questions(questionnaire, kind).items():
        key = question.get("prefill")
        if not key:
            continue
        if key not in values:
            values[key] = KEYS[key].read(person, on)
        if not is_empty(values[key]):
            answers[code] = values[key]
    return answers, values


def _default_kind(person: Person) -> str:
    confirmed = Interview.objects.filter(person=person, status=InterviewStatus.CONFIRMED).exists()
    return InterviewKind.UPDATE if confirmed else InterviewKind.FULL


@transaction.atomic
def interview_start(task_or_person, user, conducted_on: datetime.date | None = None, kind: str | None = None):
    """Start a draft interview about a person, or for a community-interview task (its person and case).
    The kind is an update when the person already has a confirmed interview, else a full interview."""
    task = task_or_person if isinstance(task_or_person, Task) else None
    if task is not None:
        # locked, so that two devices starting the same task's interview at once get one interview
        task = (
            Task.objects.select_for_update(of=("self",))
            .select_related("kind", "person", "case")
            .get(pk=task.pk)
        )
    person = task.person if task is not None else task_or_person
    if task is not None and (task.kind.code != selectors.INTERVIEW_TASK_KIND or person is None):
        raise ServiceError({"task": _("This task is not a community interview about a person.")}, code="task")
    require(user, "interviews.start_interview", person, message=_("You may not interview this person."))
    if task is not None:
        if not task.is_active:
            raise ServiceError({"task": _("This task is already closed.")}, code="task_closed")
        existing = Interview.objects.filter(task=task).first()
        if existing is not None:
            raise ServiceError(
                {
                    "task": _("The interview of this task is already started (no. %(pk)s).")
                    % {"pk": existing.pk}
                },
                code="task_has_interview",
            )
    conducted_on = conducted_on or timezone.localdate()
    questionnaire = selectors.questionnaire_for(conducted_on)
    kind = kind or _default_kind(person)
    if kind not in InterviewKind.values:
        raise ServiceError({"kind": _("Choose a full interview or an update.")}, code="kind")
    answers, values = _prefill(questionnaire, kind, person, conducted_on)
    interview = Interview(
        person=person,
        household=person.household,
        task=task,
        case=task.case if task is not None else None,
        kind=kind,
        questionnaire=questionnaire,
        conducted_on=conducted_on,
        worker=user,
        answers=answers,
        prefilled=values,
        revision=1,
    )
    save_validated(user, interview)
    InterviewRevision.objects.create(interview=interview, number=1, answers=answers, saved_by=user)
    if task is not None and task.status == TaskStatus.OPEN and user.has_perm("work.change_task", task):
        work_services.task_start(actor=user, task=task)
    return interview


def interviews_prepare_day(user, day: datetime.date) -> list[Interview]:
    """Start the drafts of the user's community-interview tasks for `day` that have none yet (dated `day`),
    so the day's list holds every interview assigned to them. Idempotent."""
    if not user.has_perm("interviews.conduct_interview"):
        return []
    started = []
    tasks = (
        selectors.day_tasks(user, day)
        .exclude(interviews__isnull=False)
        .select_related("person", "kind", "case")
    )
    for task in tasks:
        if not user.has_perm("interviews.start_interview", task.person):
            continue
        try:
            started.append(interview_start(task, user, day))
        except ServiceError:
            continue  # no questionnaire in force that day: the task stays as it is
    return started


def _conflicts(questions: dict, base: dict, server: dict, yours: dict) -> list[dict]:
    found = []
    for code in sorted(set(base) | set(server) | set(yours), key=_order(questions)):
        server_changed = not same(server.get(code), base.get(code))
        yours_changed = not same(yours.get(code), base.get(code))
        if server_changed and yours_changed and not same(yours.get(code), server.get(code)):
            found.append(
                {
                    "question": code,
                    "label": questions.get(code, {}).get("label", code),
                    "base": base.get(code),
                    "server": server.get(code),
                    "yours": yours.get(code),
                }
            )
    return found


def _order(questions: dict):
    position = {code: n for n, code in enumerate(questions)}
    return lambda code: (position.get(code, len(position)), code)


@transaction.atomic
def interview_save(interview: Interview, answers: dict, base_revision: int, user) -> Interview:
    """Save the client's answers (all of them: a question left out is unanswered), read at `base_revision`.

    On the current revision they replace the answers. On an older one, the questions changed on the server
    since the base and changed by the client to another value are conflicts (InterviewConflict, nothing
    saved); without conflicts the client's changes are applied over the server's answers. Each save adds
    one revision. Answers of the wrong type are refused by question (ServiceError), nothing saved."""
    interview = Interview.objects.select_for_update().select_related("questionnaire").get(pk=interview.pk)
    require(user, "interviews.change_interview", interview, message=_("You may not change this interview."))
    questions = _questions(interview)
    cleaned, errors = clean_answers(questions, answers)
    if errors:
        raise ServiceError(errors, code="invalid_answers")
    if not selectors.sees_health(user):
        # a reader who does not see the health questions cannot change them
        hidden = form.health_codes(interview.questionnaire.structure)
        cleaned = {code: value for code, value in cleaned.items() if code not in hidden}
        cleaned.update({code: value for code, value in interview.answers.items() if code in hidden})
    cleaned = selectors.keep_hidden_members(interview, user, cleaned)
    if (
        not isinstance(base_revision, int)
        or isinstance(base_revision, bool)
        or not 1 <= base_revision <= interview.revision
    ):
        raise ServiceError(
            {
                "base_revision": _("Give the revision the answers were based on (1 to %(n)s).")
                % {"n": interview.revision}
            },
            code="base_revision",
        )
    if base_revision == interview.revision:
        merged = cleaned
    else:
        base = interview.revisions.get(number=base_revision).answers
        server = interview.answers
        conflicts = _conflicts(questions, base, server, cleaned)
        if conflicts:
            raise InterviewConflict(conflicts=conflicts, revision=interview.revision, answers=dict(server))
        merged = dict(server)
        for code in set(base) | set(cleaned):
            if not same(cleaned.get(code), base.get(code)):
                if is_empty(cleaned.get(code)):
                    merged.pop(code, None)
                else:
                    merged[code] = cleaned[code]
    interview.answers = {code: merged[code] for code in sorted(merged, key=_order(questions))}
    interview.revision += 1
    save_validated(user, interview)
    InterviewRevision.objects.create(
        interview=interview, number=interview.revision, answers=interview.answers, saved_by=user
    )
    return interview


def missing_answers(interview: Interview) -> list[tuple[dict, dict, list[dict]]]:
    """(part, segment, unanswered questions) for each mandatory segment of the kind's parts with a required
    question unanswered."""
    missing = []
    for part, segment in form.iter_segments(interview.questionnaire.structure):
        if not segment.get("required") or not form.part_used_by(part, interview.kind):
            continue
        empty = [
            question
            for question in segment.get("questions") or []
            if question.get("required") and is_empty(interview.answers.get(question["code"]))
        ]
        if empty:
            missing.append((part, segment, empty))
    return missing


@transaction.atomic
def interview_complete(interview: Interview, user) -> Interview:
    """Finish the interview: every required question of the mandatory segments answered (refused with the
    list of the missing ones by segment). Its community-interview task is done on the day the answers were
    last saved; a task at the interview step of its case moves the case on (work.services)."""
    interview = Interview.objects.select_for_update().get(pk=interview.pk)
    require(user, "interviews.change_interview", interview, message=_("You may not change this interview."))
    if interview.status != InterviewStatus.DRAFT:
        raise ServiceError(_("This interview is already completed."), code="not_draft")
    missing = missing_answers(interview)
    if missing:
        lines = [
            _("Part %(part)s, segment %(segment)s (%(title)s): %(questions)s")
            % {
                "part": part["code"],
                "segment": segment["code"],
                "title": segment["title"],
                "questions": "; ".join(f"{q['code']} {q['label']}" for q in questions),
            }
            for part, segment, questions in missing
        ]
        raise ServiceError(
            [_("Answer the required questions of the mandatory segments first.")] + lines, code="incomplete"
        )
    saved_on = selectors.last_saved_on(interview)
    interview.status = InterviewStatus.COMPLETED
    interview.completed_at = timezone.now()
    save_validated(user, interview)
    task = interview.task
    if task is not None and task.is_active:
        case = task.case
        if (
            case is not None
            and case.status == CaseStatus.REQUEST_REGISTERED
            and case.tasks.active().filter(pk=task.pk).exists()
        ):
            work_services.case_record_interview(actor=user, case=case, on=saved_on)
        else:
            work_services.task_complete(actor=user, task=task, on=saved_on)
    return interview


def writeback_changes(interview: Interview, user=None) -> list[dict]:
    """The pre-filled answers that differ from the registry now, one per pre-fill key:
    {field (the key), question, label, registry, interview, writable}. An unanswered question is no
    change. With `user`, the health questions are left out for a reader who may not see them."""
    hidden = (
        frozenset()
        if user is None or selectors.sees_health(user)
        else form.health_codes(interview.questionnaire.structure)
    )
    changes, seen = [], set()
    for code, question in _questions(interview).items():
        key = question.get("prefill")
        if not key or key in seen or code in hidden:
            continue
        seen.add(key)
        answer = interview.answers.get(code)
        if is_empty(answer):
            continue
        registry = KEYS[key].read(interview.person, interview.conducted_on)
        if isinstance(answer, list) and isinstance(registry, list):
            differs = sorted(map(str, answer)) != sorted(map(str, registry))
        else:
            differs = not same(_comparable(answer), _comparable(registry))
        if differs:
            changes.append(
                {
                    "field": key,
                    "question": code,
                    "label": question["label"],
                    "registry": registry,
                    "interview": answer,
                    "writable": KEYS[key].writable,
                }
            )
    return changes


def _comparable(value):
    return value.strip() if isinstance(value, str) else value


@transaction.atomic
def interview_confirm(interview: Interview, user, accepted_fields) -> Interview:
    """Confirm a completed interview and write the accepted changes (pre-fill keys among
    `writeback_changes`, writable ones) into the registry, dated the interview's day."""
    interview = Interview.objects.select_for_update().select_related("person").get(pk=interview.pk)
    require(user, "interviews.change_interview", interview, message=_("You may not change this interview."))
    if interview.status != InterviewStatus.COMPLETED:
        raise ServiceError(_("Complete the interview before confirming it."), code="not_completed")
    accepted = list(dict.fromkeys(accepted_fields or []))
    changes = {change["field"]: change for change in writeback_changes(interview, user)}
    unknown = [field for field in accepted if field not in changes]
    fixed = [field for field in accepted if field in changes and not changes[field]["writable"]]
    if unknown or fixed:
        messages = []
        if unknown:
            messages.append(
                _("These are not differences of this interview: %(fields)s.")
                % {"fields": ", ".join(map(str, unknown))}
            )
        if fixed:
            messages.append(
                _("Change these in the person's file, not from the interview: %(fields)s.")
                % {"fields": ", ".join(changes[field]["label"] for field in fixed)}
            )
        raise ServiceError({"fields": messages}, code="fields")
    for field in accepted:
        if not user.has_perm("people.change_person", interview.person):
            raise PermissionDenied(_("You may not change this person's file."))
        KEYS[field].write(user, interview.person, changes[field]["interview"], interview.conducted_on)
    now = timezone.now()
    interview.status = InterviewStatus.CONFIRMED
    interview.confirmed_at = now
    if accepted:
        interview.written_back_at = now
    save_validated(user, interview)
    return interview


def update_tasks_create(today: datetime.date) -> list[Task]:
    """For each person due for an update of the interview (selectors.interviews_due_for_update), one
    community-interview task for their responsible worker. Idempotent: a person with an open
    community-interview task, or an interview started since the last confirmed one, is not due."""
    created = []
    for person in selectors.interviews_due_for_update(today):
        values = {"person": person.full_name, "day": f"{person.last_interview_on:%d.%m.%Y}"}
        with transaction.atomic():
            task = work_services.task_create(
                actor=person.responsible_worker,
                kind=selectors.INTERVIEW_TASK_KIND,
                person=person,
                title=(_("Update of the community interview: %(person)s") % values)[:200],
                notes=_("The last confirmed interview was conducted on %(day)s; its update is due.") % values,
                start_on=today,
            )
        created.append(task)
    return created


@transaction.atomic
def questionnaire_load(data: dict) -> tuple[Questionnaire, bool]:
    """Create or correct a questionnaire version from its data (the format of data/rws-2021.json),
    validated (structure and period). Returns (questionnaire, created)."""
    row = dict(data)
    code = row.pop("code", None)
    if not code:
        raise ServiceError({"code": _("Give the questionnaire's code.")}, code="code")
    questionnaire = Questionnaire.objects.filter(code=code).first()
    created = questionnaire is None
    questionnaire = questionnaire or Questionnaire(code=code)
    allowed = {
        "title",
        "valid_from",
        "valid_to",
        "legal_source",
        "structure",
        "update_interval_months",
        "update_interval_source",
    }
    unknown = set(row) - allowed
    if unknown:
        raise ServiceError(
            _("Unknown fields: %(fields)s.") % {"fields": ", ".join(sorted(unknown))}, code="fields"
        )
    for name, value in row.items():
        setattr(questionnaire, name, value)
    questionnaire.full_clean()
    questionnaire.save()
    return questionnaire, created
