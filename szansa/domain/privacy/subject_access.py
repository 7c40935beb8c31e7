"""The person's own copy of their data (GDPR art. 15(3)): everything Szansa holds about one person,
across every app, as sections of rows — for the PDF handed over and the ZIP archive (JSON and CSV).

Other people's data are left out (art. 15(4)): the household appears only as the person's own
membership (its number and the person's relation), never its other members, their incomes or
identities; a link to another record that would print someone else's name (another participant, the
household) is given as its number only.
"""

import datetime
import io
import json
import zipfile
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _

from szansa.domain.housing import models as housing
from szansa.domain.interviews import models as interviews
from szansa.domain.interviews import selectors as interview_selectors
from szansa.domain.interviews import structure as interview_form
from szansa.domain.people import models as people
from szansa.domain.projects import models as projects
from szansa.domain.recruitment import models as recruitment
from szansa.domain.support import models as support
from szansa.domain.work import models as work
from szansa.lib.access_log import log_access
from szansa.lib.services import require
from szansa.lib.spreadsheets import CsvWriter

# Linked records named by their own text (they name no other person); any other link is its number.
NAMED_LINKS = (
    people.Art7Reason,
    projects.Project,
    projects.TargetGroup,
    recruitment.RecruitmentRound,
    recruitment.DocumentKind,
    recruitment.ExitSituation,
    support.SupportForm,
    support.Activity,
    support.Room,
    housing.Place,
    housing.FeeTable,
    housing.ExemptionGround,
    work.TaskKind,
)
# Never shown: internal search text, and links that lead to other people.
LEFT_OUT = frozenset({"search_text", "household", "linked_to"})


@dataclass
class Section:
    key: str
    title: str
    columns: list[str]  # field names
    headers: list[str]  # their labels
    rows: list[list]

    @property
    def cards(self) -> list[list[tuple[str, str]]]:
        """Each row as (label, text) pairs without the empty ones: the PDF prints a row as a card."""
        return [
            [
                (header, _text(value))
                for header, value in zip(self.headers, row, strict=True)
                if value not in (None, "")
            ]
            for row in self.rows
        ]


def _value(instance, field):
    if field.is_relation:
        related = getattr(instance, field.name)
        if related is None:
            return None
        if isinstance(related, get_user_model()):
            return related.get_full_name() or related.get_username()
        if isinstance(related, NAMED_LINKS):
            return str(related)
        return related.pk
    value = getattr(instance, field.attname)
    if field.choices and value not in (None, ""):
        return str(dict(field.flatchoices).get(value, value))
    return value


def _section(key: str, title: str, queryset, *, exclude=()) -> Section:
    model = queryset.model
    fields = [
        f
        for f in model._meta.concrete_fields
        if f.name not in LEFT_OUT
        and f.name not in exclude
        and not (f.is_relation and f.related_model is people.Person)
    ]
    rows = [[_value(instance, f) for f in fields] for instance in queryset]
    return Section(key, title, [f.name for f in fields], [str(f.verbose_name) for f in fields], rows)


# Pre-filled interview answers that list the household's other members (their names, their incomes):
# left out of the copy (GDPR art. 15(4)); the person's own incomes are in their own section.
OTHERS_PREFILL = interview_selectors.MEMBER_LISTS


def _answer_text(question: dict | None, value) -> str:
    """An answer as the person reads it: a choice by its label, several joined, yes/no."""
    labels = {
        str(c.get("value")): c.get("label", c.get("value")) for c in (question or {}).get("choices", [])
    }
    if isinstance(value, list):
        return ", ".join(str(labels.get(str(item), item)) for item in value)
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if value is None:
        return ""
    return str(labels.get(str(value), value))


def interview_sections(person: people.Person) -> list[Section]:
    """The person's community interviews (kind, status, dates, worker), their answers by question with the
    question's label, and their revisions summarised (who saved which revision when, how many answers).
    Answers that list other people (the household's members) are left out."""
    found = list(
        interviews.Interview.objects.filter(person=person)
        .select_related("questionnaire", "worker")
        .prefetch_related("revisions__saved_by")
        .order_by("conducted_on", "pk")
    )
    summary, answers, revisions = [], [], []
    for interview in found:
        summary.append(
            [
                interview.pk,
                str(interview.questionnaire),
                interview.get_kind_display(),
                interview.get_status_display(),
                interview.conducted_on,
                interview.worker.get_full_name() or interview.worker.get_username(),
                interview.completed_at,
                interview.confirmed_at,
                interview.revision,
            ]
        )
        questions = interview_form.questions_by_code(interview.questionnaire.structure)
        order = {code: n for n, code in enumerate(questions)}
        for code in sorted(interview.answers, key=lambda c: (order.get(c, len(order)), c)):
            question = questions.get(code)
            if question and question.get("prefill") in OTHERS_PREFILL:
                continue
            label = question.get("label", code) if question else code
            answers.append([interview.pk, code, label, _answer_text(question, interview.answers[code])])
        for revision in interview.revisions.all():
            saved_by = revision.saved_by.get_full_name() or revision.saved_by.get_username()
            revisions.append(
                [interview.pk, revision.number, saved_by, revision.saved_at, len(revision.answers)]
            )
    return [
        Section(
            "interviews",
            _("Community interviews"),
            [
                "interview",
                "questionnaire",
                "kind",
                "status",
                "conducted_on",
                "worker",
                "completed_at",
                "confirmed_at",
                "revision",
            ],
            [
                _("interview no."),
                _("questionnaire"),
                _("kind"),
                _("status"),
                _("conducted on"),
                _("social worker"),
                _("completed at"),
                _("confirmed at"),
                _("revision"),
            ],
            summary,
        ),
        Section(
            "interview_answers",
            _("Answers of the community interviews"),
            ["interview", "question", "label", "answer"],
            [_("interview no."), _("question"), _("question's text"), _("answer")],
            answers,
        ),
        Section(
            "interview_revisions",
            _("Saved revisions of the community interviews"),
            ["interview", "revision", "saved_by", "saved_at", "answers"],
            [_("interview no."), _("revision"), _("saved by"), _("saved at"), _("answers given")],
            revisions,
        ),
    ]


def subject_sections(person: people.Person) -> list[Section]:
    """Every section of the person's data, in the order of the apps."""
    p = person
    own = people.Person.objects.filter(pk=p.pk)
    sections = [
        _section("person", _("Person"), own),
        Section(
            "household",
            _("Household membership"),
            ["household", "household_relation"],
            [_("household no."), _("relation to the head of household")],
            [[p.household_id, p.get_household_relation_display()]] if p.household_id else [],
        ),
        _section("incomes", _("Incomes"), p.income_records.all()),
        _section("situations", _("Situations"), p.situations.select_related("assistance_reason")),
        _section("consents", _("Consents"), p.consents.all()),
        _section("messages", _("E-mails sent"), p.messages.select_related("sent_by")),
        _section("cases", _("Cases"), work.Case.objects.filter(person=p).select_related("created_by")),
        _section("tasks", _("Tasks"), work.Task.objects.filter(person=p).select_related("kind", "assignee")),
        _section(
            "applications",
            _("Applications to projects"),
            recruitment.Application.objects.filter(person=p).select_related("round"),
        ),
        _section(
            "application_documents",
            _("Documents of the applications"),
            recruitment.ApplicationDocument.objects.filter(application__person=p).select_related("kind"),
        ),
        _section(
            "participations",
            _("Participation in projects"),
            recruitment.Participant.objects.filter(person=p).select_related("project", "target_group"),
        ),
        _section("diagnoses", _("Diagnoses"), support.Diagnosis.objects.filter(participant__person=p)),
        _section(
            "diagnosis_areas",
            _("Diagnosis findings"),
            support.DiagnosisArea.objects.filter(diagnosis__participant__person=p),
        ),
        _section(
            "plans", _("Individual plans"), support.IndividualPlan.objects.filter(participant__person=p)
        ),
        _section(
            "plan_goals",
            _("Goals of the plans"),
            support.PlanGoal.objects.filter(plan__participant__person=p),
        ),
        _section(
            "planned_support",
            _("Support planned"),
            support.PlannedSupport.objects.filter(plan__participant__person=p).select_related("form"),
        ),
        _section("social_contracts", _("Social contracts"), support.SocialContract.objects.filter(person=p)),
        _section(
            "activities",
            _("Activities"),
            support.ActivityParticipant.objects.filter(participant__person=p).select_related("activity"),
        ),
        _section(
            "attendance",
            _("Attendance"),
            support.Attendance.objects.filter(participant__person=p).select_related("recorded_by"),
        ),
        _section("internships", _("Internships"), support.Internship.objects.filter(participant__person=p)),
        _section(
            "internship_months",
            _("Internship months"),
            support.InternshipMonth.objects.filter(internship__participant__person=p),
        ),
        _section("outcomes", _("Outcomes"), support.Outcome.objects.filter(participant__person=p)),
        _section(
            "stays",
            _("Stays in sheltered housing"),
            housing.Stay.objects.filter(person=p).select_related("place"),
        ),
        _section(
            "stay_extensions",
            _("Extensions of the stays"),
            housing.StayExtension.objects.filter(stay__person=p),
        ),
        _section(
            "stay_support_plans",
            _("Support plans of the stays"),
            housing.SupportPlan.objects.filter(stay__person=p),
        ),
        _section("visits", _("Visits"), housing.Visit.objects.filter(stay__person=p)),
        _section("fee_decisions", _("Fee decisions"), housing.FeeDecision.objects.filter(stay__person=p)),
        _section(
            "fee_exemptions",
            _("Fee exemptions"),
            housing.FeeExemption.objects.filter(stay__person=p).select_related("ground"),
        ),
        _section(
            "fees",
            _("Monthly fees"),
            housing.MonthlyStatement.objects.filter(stay__person=p).select_related("fee_table"),
        ),
    ]
    return sections + interview_sections(p)


def _json_default(value):
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return str(value)


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, datetime.datetime | datetime.date | Decimal):
        return _json_default(value)
    return str(value)


def archive(sections: list[Section], *, made_on: datetime.date) -> bytes:
    """A ZIP: data.json (every section, field names as keys) and one CSV per section that has rows."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zip_file:
        data = {
            "made_on": made_on.isoformat(),
            "sections": {
                s.key: {"title": s.title, "rows": [dict(zip(s.columns, row, strict=True)) for row in s.rows]}
                for s in sections
            },
        }
        zip_file.writestr("data.json", json.dumps(data, ensure_ascii=False, indent=1, default=_json_default))
        for s in sections:
            if not s.rows:
                continue
            out = io.StringIO()
            writer = CsvWriter(out, delimiter=";")  # formula-like text stays text
            writer.writerow(s.headers)
            writer.writerows([[_text(value) for value in row] for row in s.rows])
            zip_file.writestr(f"{s.key}.csv", "\ufeff" + out.getvalue())
    return buffer.getvalue()


def subject_access(*, user, person: people.Person, route: str, what: str) -> list[Section]:
    """The person's data for their copy: permission checked, the read access-logged."""
    require(user, "privacy.export_subject_data", person)
    sections = subject_sections(person)
    log_access(
        user=user, persons=[person], route=route, what=what, reason=_("copy for the person (GDPR art. 15)")
    )
    return sections
