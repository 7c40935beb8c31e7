"""Every read of personal data is access-logged (issue 13): a walk over EVERY URL pattern of the project
(pages, the API, PDFs, exports, feeds, the admin's lists and change pages), with its parameters filled by
objects of one seeded fixture, each requested by an administrator. A 2xx answer that shows a seeded
person (their surname or PESEL in the body, PDFs and spreadsheets read as text) must have written an
access entry naming that person, through that route.

A route that takes parameters and is not in ROUTE_OBJECTS fails the test: a new page is not skipped in
silence, its author says which object fills it (a router's detail route is filled from its viewset's model).

The same walk, signed in as each role, proves least privilege (docs/data-protection.md#who-sees-what):
every person an answer shows is one the role may see in the registry (a specialist never sees a household
member they do not serve, a social worker never one of another team), and the administrative clerk sees no
health or art. 10 data (disability, its certificate and pension, addiction, release from prison, a
disability criterion's outcome, a target group named after a disability) on any page, PDF, export or API
answer."""

import datetime
import io
import re
import zipfile
from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.apps import apps
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from szansa.domain.accounts.models import ApiToken, User
from szansa.domain.housing import services as housing_services
from szansa.domain.housing.models import MonthlyStatement, Place, Stay
from szansa.domain.people import enums as people_enums
from szansa.domain.people.models import Art7Reason, Consent, Household, Person, Situation
from szansa.domain.privacy.models import RetentionReview, SubjectRequest
from szansa.domain.projects import enums as project_enums
from szansa.domain.projects import services as project_services
from szansa.domain.projects.models import (
    BudgetLine,
    BudgetTask,
    Call,
    Expenditure,
    FundingApplication,
    PaymentClaim,
    Project,
    ProjectIndicator,
    ProjectStaff,
    TargetGroup,
)
from szansa.domain.recruitment.models import (
    Application,
    EligibilityRule,
    Participant,
    RecruitmentRound,
    ScoringCriterion,
)
from szansa.domain.support.models import (
    Diagnosis,
    IndividualPlan,
    Internship,
    InternshipMonth,
    Room,
    Session,
    SocialContract,
    StipendRate,
)
from szansa.domain.work import services as work_services
from szansa.domain.work.models import Case, Notification, Task
from szansa.lib.pdf import pdf_text
from tests.factories import HouseholdFactory, IncomeRecordFactory, PersonFactory, SituationFactory
from tests.factories.housing import make_apartment, refer
from tests.factories.people import UI_WORD_SURNAMES
from tests.factories.projects import (
    BudgetLineFactory,
    ExpenditureFactory,
    FundingApplicationFactory,
    ProjectIndicatorFactory,
    make_project,
)
from tests.factories.recruitment import (
    ApplicationFactory,
    RecruitmentRoundFactory,
    add_rule,
    add_scoring,
    with_consent,
)
from tests.factories.support import (
    OutcomeFactory,
    at,
    conclude,
    diagnose,
    enrol,
    internship_activity,
    make_activity,
    make_plan,
    place,
    rate,
)
from tests.factories.work import TaskFactory

ACCESS = LogEntry.Action.ACCESS
NO_JOB = "0" * 32  # an import job lives only while it runs; its pages answer 404 for an unknown one

# Which object fills each parameter of each route with parameters: {view name: {parameter: source}}.
# A source is a model (its first object in the fixture) or a function of the fixture's objects.
ROUTE_OBJECTS = {
    "accounts:user_account": {"pk": lambda o: o["user"].pk},
    "accounts:token_issue": {"pk": lambda o: o["user"].pk},
    "accounts:token_revoke": {"pk": ApiToken},
    "accounts:second_factor_reset": {"pk": lambda o: o["user"].pk},
    "people:import_job": {"job": lambda o: NO_JOB},
    "people:import_progress": {"job": lambda o: NO_JOB},
    "people:import_report": {"job": lambda o: NO_JOB},
    "support:export_job": {"job": lambda o: NO_JOB},
    "support:export_progress": {"job": lambda o: NO_JOB},
    "support:export_file": {"job": lambda o: NO_JOB},
    "export-job": {"job": lambda o: NO_JOB},
    "export-job-file": {"job": lambda o: NO_JOB},
    "people:person_detail": {"pk": lambda o: o["person"].pk},
    "people:person_update": {"pk": lambda o: o["person"].pk},
    "people:income_create": {"pk": lambda o: o["person"].pk},
    "people:situation_create": {"pk": lambda o: o["person"].pk},
    "people:situation_end": {"pk": lambda o: o["person"].pk, "situation_pk": Situation},
    "people:consent_create": {"pk": lambda o: o["person"].pk},
    "people:consent_withdraw": {"pk": lambda o: o["person"].pk, "consent_pk": Consent},
    "people:person_message": {"pk": lambda o: o["person"].pk},
    "people:household_create": {"pk": lambda o: o["person"].pk},
    "people:household_detail": {"pk": Household},
    "people:household_update": {"pk": Household},
    "people:household_add_member": {"pk": Household},
    "people:household_remove_member": {"pk": Household, "person_pk": lambda o: o["household_member"].pk},
    "projects:project_detail": {"pk": Project},
    "projects:project_update": {"pk": Project},
    "projects:budget": {"pk": Project},
    "projects:budget_export": {"pk": Project},
    "projects:task_create": {"pk": Project},
    "projects:task_update": {"pk": Project, "task_pk": BudgetTask},
    "projects:line_create": {"pk": Project},
    "projects:line_update": {"pk": Project, "line_pk": BudgetLine},
    "projects:indirect_costs_apply": {"pk": Project},
    "projects:expenditure_create": {"pk": Project},
    "projects:shift_create": {"pk": Project},
    "projects:claim_create": {"pk": Project},
    "projects:claim_update": {"pk": Project, "claim_pk": PaymentClaim},
    "projects:claim_transition": {"pk": Project, "claim_pk": PaymentClaim},
    "projects:target_group_create": {"pk": Project},
    "projects:target_group_update": {"pk": Project, "record_pk": TargetGroup},
    "projects:indicator_create": {"pk": Project},
    "projects:indicator_update": {"pk": Project, "record_pk": ProjectIndicator},
    "projects:staff_create": {"pk": Project},
    "projects:staff_update": {"pk": Project, "record_pk": ProjectStaff},
    "projects:call_update": {"call_pk": Call},
    "projects:application_create": {"call_pk": Call},
    "projects:application_update": {"call_pk": Call, "application_pk": FundingApplication},
    "projects:application_transition": {"application_pk": FundingApplication},
    "recruitment_documents:application_document": {"pk": Application, "kind": lambda o: "eligibility"},
    "recruitment_documents:round_ranking": {"pk": RecruitmentRound, "format": lambda o: "xlsx"},
    "recruitment:board": {"pk": Project},
    "recruitment:participants_export": {"pk": Project},
    "recruitment:application_create": {"pk": Project},
    "recruitment:candidates": {"pk": Project, "group_pk": TargetGroup},
    "recruitment:application_verify": {"pk": Application},
    "recruitment:round_rank": {"pk": RecruitmentRound},
    "recruitment:round_import": {"pk": RecruitmentRound},
    "recruitment:round_enrol": {"pk": RecruitmentRound},
    "recruitment:participant_detail": {"pk": Participant},
    "recruitment:participant_data_set": {"pk": Participant},
    "recruitment:participant_exit": {"pk": Participant},
    "recruitment:participant_follow_up": {"pk": Participant},
    "recruitment:participant_resign": {"pk": Participant},
    "housing:apartment_detail": {"pk": lambda o: o["stay"].place.room.apartment_id},
    "housing:stay_create": {"place_pk": Place},
    **{
        f"housing:{name}": {"pk": Stay}
        for name in (
            "stay_detail",
            "stay_extend",
            "stay_end",
            "support_plan_edit",
            "visit_create",
            "payment_create",
            "statements_create",
            "decision_pdf",
            "agreement_pdf",
        )
    },
    "housing:statement_pdf": {"pk": Stay, "statement_pk": MonthlyStatement},
    **{
        f"support:{name}": {"pk": Participant}
        for name in (
            "path",
            "diagnosis_create",
            "plan_create",
            "contract_create",
            "internship_create",
            "outcome_create",
            "outcomes",
        )
    },
    "support:diagnosis": {"pk": Diagnosis},
    **{
        f"support:{name}": {"pk": IndividualPlan}
        for name in ("plan", "plan_revise", "plan_accept", "plan_pdf")
    },
    **{
        f"support:{name}": {"pk": SocialContract}
        for name in ("contract", "contract_evaluate", "contract_pdf")
    },
    **{
        f"support:{name}": {"pk": lambda o: o["activity"].pk}
        for name in ("activity", "activity_edit", "activity_assign", "session_create", "session_series")
    },
    "support:attendance_sheet_pdf": {"pk": lambda o: o["activity"].pk},
    "support:exam_record": {"pk": lambda o: o["activity"].pk, "member_pk": lambda o: o["member"].pk},
    "support:certificate_pdf": {"pk": lambda o: o["activity"].pk, "member_pk": lambda o: o["member"].pk},
    "support:attendance": {"pk": Session},
    "support:session_cancel": {"pk": Session},
    "support:calendar_specialist": {"pk": lambda o: o["specialist"].pk},
    "support:calendar_room": {"pk": Room},
    "support:calendar_participant": {"pk": Participant},
    "support:calendar_feed": {"pk": lambda o: o["specialist"].pk, "token": lambda o: o["feed_token"]},
    "support:internship": {"pk": Internship},
    "support:internship_month": {"pk": Internship},
    "support:internship_timesheet": {"pk": Internship, "month": lambda o: o["internship_month"]},
    "support:outcome_from_exam": {"member_pk": lambda o: o["member"].pk},
    "support:indicators": {"pk": Project},
    "support:indicator_people": {"pk": Project, "code": lambda o: "PI9i-P-02"},
    "support:effectiveness": {"pk": Project},
    "support:participant_exports": {"pk": Project},
    **{
        f"work:{name}": {"pk": Task}
        for name in ("task_detail", "task_complete", "task_start", "task_time", "task_reassign")
    },
    "work:notification_read": {"pk": Notification},
    "work:case_detail": {"pk": Case},
    "work:case_step": {"pk": Case},
    "privacy:review_decide": {"pk": RetentionReview},
    "privacy:request_answer": {"pk": SubjectRequest},
    **{
        f"privacy:{name}": {"pk": lambda o: o["person"].pk}
        for name in ("person_rights", "request_add", "subject_access_pdf", "subject_access_zip")
    },
    "project-ranking": {"pk": Project},
    "project-participant-export": {"pk": Project},
    "project-budget-export": {"pk": Project},
    "privacy-retention": {"pk": lambda o: o["person"].pk},
    "participant-exit": {"pk": Participant},
    "participant-follow-up": {"pk": Participant},
    "project-indicators": {"pk": Project},
    "project-indicator-people": {"pk": Project, "code": lambda o: "PI9i-P-02"},
    "project-effectiveness": {"pk": Project},
    "project-effectiveness-people": {"pk": Project, "key": lambda o: "social-at_risk"},
    "privacy-subject-access": {"pk": lambda o: o["person"].pk},
    "participant-date-corrections": {"pk": Participant},
    "recruitment:participant_correct": {"pk": Participant},
    "recruitment:setup": {"pk": Project},
    "recruitment:round_create": {"pk": Project, "group_pk": TargetGroup},
    "recruitment:round_edit": {"pk": RecruitmentRound},
    "recruitment:round_delete": {"pk": RecruitmentRound},
    "recruitment:rule_create": {"pk": Project, "group_pk": TargetGroup},
    "recruitment:rule_edit": {"pk": EligibilityRule},
    "recruitment:rule_delete": {"pk": EligibilityRule},
    "recruitment:scoring_create": {"pk": Project, "group_pk": TargetGroup},
    "recruitment:scoring_edit": {"pk": ScoringCriterion},
    "recruitment:scoring_delete": {"pk": ScoringCriterion},
    "recruitment:stipend_rate_create": {"pk": Project},
    "recruitment:stipend_rate_edit": {"pk": Project, "rate_pk": StipendRate},
    "work:case_delivery": {"pk": Case},
    "work:case_appeal": {"pk": Case},
    "work:case_waiver": {"pk": Case},
    "work:decision_detail": {"pk": "work.Decision"},
    "work:decision_pdf": {"pk": "work.Decision"},
    "recruitment:stipend_rate_delete": {"pk": Project, "rate_pk": StipendRate},
    "housing:fee_decision_create": {"pk": Stay},
    "housing:exemption_create": {"pk": Stay},
    "interviews:start_for_task": {"pk": Task},
    "interviews:start_for_person": {"pk": lambda o: o["person"].pk},
}
# API router routes: the model behind each basename (detail routes and their actions take its pk).
API_OBJECTS = {
    "person": lambda o: o["person"].pk,
    "household": Household,
    "call": Call,
    "project": Project,
    "expenditure": Expenditure,
    "task": Task,
    "apartment": lambda o: o["stay"].place.room.apartment_id,
    "stay": Stay,
    "application": Application,
    "participant": Participant,
    "support-diagnosis": Diagnosis,
    "support-plan": IndividualPlan,
    "support-contract": SocialContract,
    "activity": lambda o: o["activity"].pk,
    "session": Session,
    "decision": "work.Decision",
    "recruitment-round": RecruitmentRound,
    "eligibility-rule": EligibilityRule,
    "scoring-criterion": ScoringCriterion,
    "stipend-rate": StipendRate,
    "privacy-request": SubjectRequest,
    "interview": lambda o: o["interview"].pk,
    "interview-form": "interviews.Questionnaire",
}
# The interview pages (namespace "interviews"): a parameter of these names, unless ROUTE_OBJECTS says
# otherwise, is filled by the seeded interview, its person or its questionnaire.
INTERVIEW_PARAMETERS = {
    "pk": lambda o: o["interview"].pk,
    "interview_pk": lambda o: o["interview"].pk,
    "person_pk": lambda o: o["person"].pk,
    "questionnaire_pk": lambda o: o["interview"].questionnaire_id,
    "revision": lambda o: 1,
    "number": lambda o: 1,
}
# Routes outside the walk, each with its reason.
NOT_WALKED = {
    "logout": "signs the walker out",
    "set_language": "POST only, no data",
}


def walk(patterns, prefix="", namespace=None):
    """(route text, view name, pattern) of every URL pattern, namespaces resolved."""
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            name = f"{namespace}:{pattern.name}" if namespace else pattern.name
            yield prefix + str(pattern.pattern), name, pattern


def names_of(pattern) -> list[str]:
    return list(pattern.pattern.regex.groupindex)


def parameters(pattern) -> list[str]:
    return sorted(pattern.pattern.regex.groupindex)


def fill(source, objects):
    if isinstance(source, str):  # "app.Model"
        source = apps.get_model(source)
    if isinstance(source, type):
        found = source.objects.order_by("pk").first()
        assert found is not None, f"the fixture holds no {source.__name__}"
        return found.pk
    return source(objects)


@pytest.fixture
def seeded(cast):
    """One of everything that names a person: a person with a household (a member of another team),
    a disability with its certificate, art. 7 reasons, incomes, a case and a task, a project with a
    participant, their application, diagnosis, plan, contract, activity, session, internship and outcome,
    a stay with a statement, a data-subject request and a retention review."""
    household = HouseholdFactory()
    person = PersonFactory(
        first_name="Halina",
        last_name="Wierzbicka-Próbna",
        responsible_worker=cast.pracownik,
        household=household,
        household_relation=people_enums.HouseholdRelation.HEAD,
    )
    member = PersonFactory(
        first_name="Zenon",
        last_name="Domowy-Członek",
        responsible_worker=cast.pracownik2,
        household=household,
        household_relation=people_enums.HouseholdRelation.SPOUSE,
    )
    SituationFactory(
        person=person,
        kind=people_enums.SituationKind.DISABILITY,
        disability_degree=people_enums.DisabilityDegree.MODERATE,
        certificate_valid_until=datetime.date(2030, 1, 1),
        valid_from=datetime.date(2018, 1, 1),
    )
    for code in ("12", "13"):
        SituationFactory(
            person=person,
            kind=people_enums.SituationKind.ASSISTANCE_REASON,
            assistance_reason=Art7Reason.objects.get(code=code),
            valid_from=datetime.date(2018, 1, 1),
        )
    IncomeRecordFactory(person=person, source=people_enums.IncomeSource.DISABILITY_PENSION)
    IncomeRecordFactory(person=member, net_amount=Decimal("2100.00"))
    with_consent(person)
    project = make_project(cast.admin, number="RL-1", participant_limit=10)
    for user, role in (
        (cast.koordynator, project_enums.StaffRole.COORDINATOR),
        (cast.specjalista, project_enums.StaffRole.SPECIALIST),
    ):
        project_services.project_record_save(
            actor=cast.admin,
            record=ProjectStaff(project=project, user=user, role=role, valid_from=project.start),
        )
    group = project_services.project_record_save(
        actor=cast.admin,
        record=TargetGroup(
            project=project, year=2019, name="Osoby z niepełnosprawnościami", planned_total=10
        ),
    )
    ProjectIndicatorFactory(project=project)
    round_ = RecruitmentRoundFactory(target_group=group)
    application = ApplicationFactory(person=person, round=round_)
    participant = enrol(cast, project, group, person)
    diagnose(cast.pracownik, participant)
    make_plan(cast, participant)
    conclude(cast, participant)
    activity = make_activity(cast, project)
    from szansa.domain.support.activities import services as activity_services

    member_record = activity_services.activity_assign(
        actor=cast.koordynator,
        activity=activity,
        participant=participant,
        on=datetime.date(2019, 3, 1),
    )
    Session.objects.create(
        activity=activity,
        starts_at=at(datetime.date(2019, 3, 4), 9),
        ends_at=at(datetime.date(2019, 3, 4), 12),
    )
    Room.objects.create(name="Sala 1")
    internships = internship_activity(project)
    rate(project, datetime.date(2019, 1, 1), "1200.00")
    internship = place(cast, internships, participant)
    InternshipMonth.objects.get_or_create(
        internship=internship,
        month=datetime.date(2019, 3, 1),
        defaults={
            "hours_scheduled": Decimal("160"),
            "stipend": Decimal("1200.00"),
            "recorded_by": cast.koordynator,
        },
    )
    apartment = make_apartment(cast.admin)
    stay = refer(
        cast.admin,
        person,
        Place.objects.filter(room__apartment=apartment).first(),
        datetime.date(2024, 1, 1),
        datetime.date(2024, 12, 31),
    )
    case = work_services.case_open(
        actor=cast.referent, person=person, benefit="zasiłek celowy", opened_on=datetime.date(2025, 4, 14)
    )
    work_services.case_record_interview(actor=cast.pracownik, case=case, on=datetime.date(2025, 4, 22))
    work_services.case_propose_support(
        actor=cast.pracownik, case=case, proposal="Opał.", on=datetime.date(2025, 4, 23)
    )
    work_services.case_draft_decision(
        actor=cast.referent, case=case, outcome="grant", on=datetime.date(2025, 4, 24)
    )
    add_rule(group, disability={}, at_risk={})
    add_scoring(group, "disability", 5)
    from szansa.domain.recruitment import services as recruitment_services

    recruitment_services.application_verify(
        actor=cast.koordynator, application=application, on=datetime.date(2019, 1, 25)
    )
    task = TaskFactory(person=person, case=case, created_by=cast.pracownik, assignee=cast.pracownik)
    Notification.objects.create(user=cast.admin, task=task, kind="new", message=str(task))
    SubjectRequest.objects.create(
        person=person, kind="access", received_on=datetime.date(2026, 1, 5), recorded_by=cast.admin
    )
    RetentionReview.objects.create(
        person=member,
        listed_on=datetime.date(2026, 1, 5),
        retention_until=datetime.date(2025, 12, 31),
        holding_record="case file",
    )
    PaymentClaim.objects.create(
        project=project,
        period_from=datetime.date(2019, 1, 1),
        period_to=datetime.date(2019, 3, 31),
        entered_by=cast.admin,
        amount_claimed=Decimal("1000.00"),
    )
    ExpenditureFactory(line=BudgetLine.objects.filter(task__project=project).first() or BudgetLineFactory())
    housing_services.statement_generate(actor=cast.admin, stay=stay, month=datetime.date(2024, 1, 1))
    from szansa.domain.accounts import tokens
    from szansa.domain.support.calendar import feed_token

    tokens.issue(cast.pracownik, name="walk", actor=cast.admin)
    FundingApplicationFactory()
    OutcomeFactory(participant=participant, recorded_by=cast.koordynator)
    # Her community interview (the API's and the pages' interview routes take it), with a health answer
    # the clerk must never see, saved once more after the pre-filled start (two revisions).
    from szansa.domain.interviews import services as interview_services

    interview = interview_services.interview_start(person, cast.pracownik, datetime.date(2026, 1, 12))
    interview_services.interview_save(
        interview,
        {**interview.answers, "I.E.2": "Cukrzyca insulinozależna"},
        interview.revision,
        cast.pracownik,
    )

    return {
        "person": person,
        "user": cast.pracownik,
        "activity": activity,
        "member_record": member_record,
        "member": member_record,
        "household_member": member,
        "specialist": cast.specjalista,
        "feed_token": feed_token(cast.specjalista),
        "internship_month": "2019-03",
        "stay": stay,
        "interview": interview,
    }


def without_vocabulary(urls):
    """The walk without the API's schema and documentation: they describe the vocabulary, not a person,
    and a random surname can be an ordinary word in them (CI once saw a generated surname in the schema)."""
    return [(name, url) for name, url in urls if name not in ("schema", "api-docs")]


def surnames_and_pesels() -> dict[int, re.Pattern]:
    """Each seeded person's marks: the surname as a word, the PESEL. A surname a member of staff also has
    is no mark of the person (every page names the signed-in user; a list names the responsible worker):
    such a person is found by the PESEL only."""
    staff = set(User.objects.values_list("last_name", flat=True))
    marks = {}
    for person in Person.objects.all():
        words = [] if person.last_name in staff else [re.escape(person.last_name)]
        words += [person.pesel] if person.pesel else []
        if words:
            marks[person.pk] = re.compile(r"(?<!\w)(" + "|".join(words) + r")(?!\w)")
    return marks


def test_no_test_person_has_a_surname_that_is_a_word_of_the_application():
    """The walks below find a person by the surname as a word: PersonFactory never draws a Faker surname
    that is also a word of the application's texts (tests.factories.people.UI_WORD_SURNAMES). Worked out
    by hand: every surname of Faker's pl_PL list found as a word in the translations, templates, reference
    data, Python sources or the OpenAPI schema must be in that set."""
    from pathlib import Path

    from django.conf import settings
    from drf_spectacular.generators import SchemaGenerator
    from drf_spectacular.renderers import OpenApiJsonRenderer
    from faker.providers.person.pl_PL import Provider

    root = Path(settings.BASE_DIR) / "szansa"
    words = set(re.findall(r"\w+", OpenApiJsonRenderer().render(SchemaGenerator().get_schema()).decode()))
    for path in root.rglob("*"):
        if path.suffix in (".po", ".html", ".py", ".json", ".csv", ".yaml", ".txt") and path.is_file():
            words |= set(re.findall(r"\w+", path.read_text(encoding="utf-8", errors="ignore")))
    assert {name for name in Provider.unisex_last_names if name in words} <= UI_WORD_SURNAMES
    assert not any(PersonFactory.build().last_name in UI_WORD_SURNAMES for _ in range(200))


def text_of(response) -> str:
    """The answer's text: HTML/JSON/CSV/iCalendar as they are, a PDF's text, every cell of an XLSX,
    every member of a ZIP."""
    content = b"".join(response.streaming_content) if response.streaming else response.content
    kind = response.get("Content-Type", "")
    if "pdf" in kind:
        return pdf_text(content)
    if "spreadsheetml" in kind:
        import openpyxl

        book = openpyxl.load_workbook(io.BytesIO(content), read_only=True)
        return "\n".join(
            " ".join(str(cell) for cell in row if cell is not None)
            for sheet in book.worksheets
            for row in sheet.iter_rows(values_only=True)
        )
    if "zip" in kind:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            return "\n".join(archive.read(name).decode("utf-8", "replace") for name in archive.namelist())
    return content.decode("utf-8", "replace")


def urls_to_walk(objects) -> tuple[list[tuple[str, str]], list[str]]:
    """(view name, URL) of every route; and the routes with parameters nobody said how to fill."""
    urls, unknown = [], []
    for route, name, pattern in walk(get_resolver().url_patterns):
        if route.startswith("admin/") or name in NOT_WALKED or "format" in names_of(pattern):
            continue
        names = parameters(pattern)
        if not names:
            urls.append((name, reverse(name)))
            continue
        spec = ROUTE_OBJECTS.get(name)
        if spec is None and name.startswith("interviews:") and set(names) <= set(INTERVIEW_PARAMETERS):
            spec = {key: INTERVIEW_PARAMETERS[key] for key in names}
        if spec is None and route.startswith("api/v1/^"):
            basename = name.rsplit("-", 1)[0]
            for size in (2, 1):
                candidate = "-".join(name.split("-")[:size])
                if candidate in API_OBJECTS:
                    basename = candidate
                    break
            if basename in API_OBJECTS and names == ["pk"]:
                spec = {"pk": API_OBJECTS[basename]}
            elif (
                names == ["pk"]
                and getattr(getattr(pattern.callback, "cls", None), "queryset", None) is not None
            ):
                # a router's detail route: the first object of its viewset's model
                spec = {"pk": pattern.callback.cls.queryset.model}
        if spec is None or sorted(spec) != names:
            unknown.append(f"{name} ({route}: {names})")
            continue
        urls.append(
            (name, reverse(name, kwargs={key: fill(source, objects) for key, source in spec.items()}))
        )
    return urls, unknown


def admin_urls() -> list[tuple[str, str]]:
    """The admin's list and the change page of the first object of every registered model."""
    urls = []
    for model in admin.site._registry:
        info = model._meta.app_label, model._meta.model_name
        urls.append(
            (f"admin:{info[0]}_{info[1]}_changelist", reverse(f"admin:{info[0]}_{info[1]}_changelist"))
        )
        first = model._default_manager.order_by("pk").first()
        if first is not None:
            urls.append(
                (
                    f"admin:{info[0]}_{info[1]}_change",
                    reverse(f"admin:{info[0]}_{info[1]}_change", args=[first.pk]),
                )
            )
    return urls


def test_every_route_that_shows_a_person_logs_the_read(cast, seeded, client_for):
    urls, unknown = urls_to_walk(seeded)
    assert not unknown, (
        "Routes this walk does not know how to fill (add them to ROUTE_OBJECTS or API_OBJECTS): "
        + "; ".join(unknown)
    )
    urls += admin_urls()
    client = client_for(cast.admin)
    marks = surnames_and_pesels()
    person_type = ContentType.objects.get_for_model(Person)
    unlogged, shown_somewhere = [], set()
    for name, url in urls:
        before = (
            LogEntry.objects.filter(action=ACCESS).order_by("-pk").values_list("pk", flat=True).first() or 0
        )
        response = client.get(url, HTTP_ACCEPT="text/html,application/json")
        if not 200 <= response.status_code < 300:
            continue
        text = text_of(response)
        shown = {pk for pk, mark in marks.items() if mark.search(text)}
        if not shown:
            continue
        shown_somewhere.add(name)
        logged = set(
            LogEntry.objects.filter(action=ACCESS, pk__gt=before, content_type=person_type).values_list(
                "object_id", flat=True
            )
        )
        routes = set(
            LogEntry.objects.filter(action=ACCESS, pk__gt=before).values_list(
                "additional_data__route", flat=True
            )
        )
        missing = shown - logged
        if missing or not routes:
            unlogged.append(f"{name} {url}: shows {sorted(missing)} without an entry")
    assert not unlogged, "\n".join(unlogged)
    # The walk reached the person-bearing pages of every surface (the fixture is not empty).
    for expected in (
        "people:person_detail",
        "person-detail",
        "person-list",
        "participant-list",
        "recruitment_documents:application_document",
        "housing:agreement_pdf",
        "admin:people_person_change",
    ):
        assert expected in shown_somewhere, expected


OPTION = re.compile(r"<option[^>]*>[^<]*</option>")
ROLES = ("admin", "kierownik", "koordynator", "pracownik", "pracownik2", "specjalista", "referent", "audytor")
# What would tell the clerk a health or art. 10 fact about Halina (the seeded person), in Polish (the
# default language) or as the API's codes.
HEALTH_MARKS = {
    "the target group named after a disability": re.compile(r"Osoby z niepełnosprawnościami"),
    "the disability situation": re.compile(r"niepełnosprawność, stopień|disability, moderate"),
    "the certificate's date": re.compile(r"01\.01\.2030|2030-01-01"),
    "art. 7 pt 12, release from prison": re.compile(r"zakładu karnego|release from prison"),
    "art. 7 pt 13, addiction": re.compile(r"alkoholizm|narkomania|addiction"),
    "the disability pension": re.compile(r"(?<!\w)renta(?!\w)|disability_pension"),
    "the participant's disability flag": re.compile(r'"disability":\s*true'),
    "the disability criterion as met": re.compile(
        r"Osoba z niepełnosprawnością(\s*\(\+\d+\))?:\s*(spełnione|passed)|"
        r'"code":\s*"disability",\s*"name":\s*"[^"]*",\s*"outcome":\s*"passed"'
    ),
    "the interview's health answer": re.compile(r"Cukrzyca insulinozależna"),
}


def _walk_as(client, urls):
    """(view name, URL, text) of every 2xx answer."""
    for name, url in urls:
        response = client.get(url, HTTP_ACCEPT="text/html,application/json")
        if 200 <= response.status_code < 300:
            yield name, url, text_of(response)


@pytest.mark.parametrize("role", ROLES)
def test_each_role_sees_only_the_people_it_may(cast, seeded, client_for, role):
    """Every person an answer names (surname or PESEL) is in the role's registry scope: on no page, PDF,
    export or API answer does a role see a person whose own file it may not open."""
    from szansa.domain.people.access import scope_persons

    user = getattr(cast, role)
    urls, unknown = urls_to_walk(seeded)
    assert not unknown
    urls = without_vocabulary(urls)
    if user.is_staff:
        urls += admin_urls()
    visible = set(scope_persons(Person.objects.all(), user).values_list("pk", flat=True))
    marks = {pk: mark for pk, mark in surnames_and_pesels().items() if pk not in visible}
    seen = []
    for name, url, text in _walk_as(client_for(user), urls):
        shown = sorted(pk for pk, mark in marks.items() if mark.search(text))
        if shown:
            seen.append(f"{name} {url}: shows {shown}")
    assert not seen, f"{role} sees people outside their scope:\n" + "\n".join(seen)


def test_the_specialist_and_another_team_see_no_household_member_they_do_not_serve(cast, seeded, client_for):
    """Zenon (team B, served by nobody) shares Halina's household: the specialist serving Halina and her
    team-A social worker see the household without him; the manager sees him."""
    from szansa.domain.people.models import Person as PersonModel

    zenon = seeded["household_member"]
    household = zenon.household
    for role in ("specjalista", "pracownik"):
        client = client_for(getattr(cast, role))
        for url in (
            reverse("people:household_detail", args=[household.pk]),
            reverse("people:person_detail", args=[seeded["person"].pk]),
            reverse("household-detail", args=[household.pk]),
        ):
            response = client.get(url)
            assert response.status_code == 200, (role, url)
            body = response.content.decode()
            assert zenon.last_name not in body, (role, url)
            assert zenon.birth_date.strftime("%d.%m.%Y") not in body, (role, url)
        # the household's income per person still counts him: (Halina's 1000.00 + Zenon's 2100.00) / 2
        page = client.get(reverse("people:household_detail", args=[household.pk]), {"month": "2025-01"})
        assert page.context["per_person"] == Decimal("1550.00"), role
        # and he cannot be removed through the household by a reader who may not see him
        removal = client.post(reverse("people:household_remove_member", args=[household.pk, zenon.pk]))
        assert removal.status_code in (403, 404), role
        assert PersonModel.objects.get(pk=zenon.pk).household_id == household.pk
    manager = client_for(cast.kierownik).get(reverse("people:household_detail", args=[household.pk]))
    assert zenon.last_name in manager.content.decode()


def test_the_clerk_sees_no_health_or_criminal_record_data_anywhere(cast, seeded, client_for):
    urls, unknown = urls_to_walk(seeded)
    assert not unknown
    leaks, reached = [], set()
    halina = seeded["person"]
    urls = without_vocabulary(urls)
    for name, url, raw in _walk_as(client_for(cast.referent), urls):
        if halina.last_name in raw or f'"person":{halina.pk}' in raw.replace(" ", ""):
            reached.add(name)
        # a form's list of choices (an income source, an art. 7 point) is vocabulary, not a fact about her
        text = OPTION.sub("", raw)
        for what, mark in HEALTH_MARKS.items():
            found = mark.search(text)
            if found:
                context = text[max(found.start() - 80, 0) : found.end() + 20].replace("\n", " ")
                leaks.append(f"{name} {url}: {what} («{context}»)")
    assert not leaks, "The clerk sees health or art. 10 data:\n" + "\n".join(leaks)
    # the walk did reach Halina's file, her participant card, the board, the application API and PDFs
    for expected in (
        "people:person_detail",
        "recruitment:participant_detail",
        "recruitment:board",
        "application-detail",
        "recruitment_documents:application_document",
    ):
        assert expected in reached, expected
    # and the same marks are there for the manager (the test would see a leak)
    manager_text = "".join(
        text
        for _name, _url, text in _walk_as(
            client_for(cast.kierownik),
            [
                (n, u)
                for n, u in urls
                if n in ("people:person_detail", "recruitment:board", "participant-detail")
            ],
        )
    )
    for what in ("the disability situation", "art. 7 pt 12, release from prison", "the disability pension"):
        assert HEALTH_MARKS[what].search(manager_text), what
