"""Synthetic test data, one module per app: factory_boy factories for the main models, and builders that go
through the services as the users do (make_project, refer, enrol, ...). Never real people: names and PESELs
come from Faker (pl_PL) or from synthetic serials.

`tests.factories` (this package and its modules) is the one shared import of the test modules; shared
fixtures live in the conftest.py files (tests/test_test_layout.py keeps it so). The factories are
re-exported here (with `fake`, the pl_PL Faker): `from tests.factories import PersonFactory`.
"""

from tests.factories.accounts import SocialWorkerFactory, TeamFactory, UserFactory
from tests.factories.housing import ApartmentFactory, HousingRoomFactory, PlaceFactory, StayFactory
from tests.factories.interviews import InterviewFactory, QuestionnaireFactory
from tests.factories.people import (
    ConsentFactory,
    HouseholdFactory,
    IncomeRecordFactory,
    PersonFactory,
    SituationFactory,
    fake,
)
from tests.factories.projects import (
    BudgetLineFactory,
    BudgetTaskFactory,
    CallFactory,
    ExpenditureFactory,
    FundingApplicationFactory,
    ProjectFactory,
    ProjectIndicatorFactory,
    ProjectStaffFactory,
    TargetGroupFactory,
)
from tests.factories.recruitment import ApplicationFactory, ParticipantFactory, RecruitmentRoundFactory
from tests.factories.support import (
    ActivityFactory,
    AttendanceFactory,
    DiagnosisFactory,
    IndividualPlanFactory,
    InternshipFactory,
    OutcomeFactory,
    RoomFactory,
    SessionFactory,
    SocialContractFactory,
)
from tests.factories.work import CaseFactory, TaskFactory, TaskKindFactory

__all__ = [
    "ActivityFactory",
    "ApartmentFactory",
    "ApplicationFactory",
    "AttendanceFactory",
    "BudgetLineFactory",
    "BudgetTaskFactory",
    "CallFactory",
    "CaseFactory",
    "ConsentFactory",
    "DiagnosisFactory",
    "ExpenditureFactory",
    "FundingApplicationFactory",
    "HouseholdFactory",
    "HousingRoomFactory",
    "IncomeRecordFactory",
    "IndividualPlanFactory",
    "InternshipFactory",
    "InterviewFactory",
    "OutcomeFactory",
    "ParticipantFactory",
    "PersonFactory",
    "PlaceFactory",
    "ProjectFactory",
    "ProjectIndicatorFactory",
    "ProjectStaffFactory",
    "QuestionnaireFactory",
    "RecruitmentRoundFactory",
    "RoomFactory",
    "SessionFactory",
    "SituationFactory",
    "SocialContractFactory",
    "SocialWorkerFactory",
    "StayFactory",
    "TargetGroupFactory",
    "TaskFactory",
    "TaskKindFactory",
    "TeamFactory",
    "UserFactory",
    "fake",
]
