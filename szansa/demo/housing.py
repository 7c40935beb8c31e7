"""Demo sheltered housing: the three sheltered flats the Andrychów project "Wykorzystaj swoją szansę"
created (its budget buys three sets of equipment), converted to training / assisted flats in 2024,
with residents in 2019-2021 linked to the project year's target group, visits of the demo specialist
(carer and psychologist), incomes, monthly fee statements and payments.

Synthetic: residents are people already in the demo registry of the Andrychów team (none are
invented here); with an empty registry only the flats are created. Every write goes through the
services. Idempotent: nothing is added when the project's flats exist.
"""

import datetime
import random
from decimal import Decimal

from django.db import transaction

from szansa.demo.people import ANDRYCHOW, ensure_demo_accounts
from szansa.demo.projects import seed_projects
from szansa.domain.housing import enums, services
from szansa.domain.housing.models import (
    Apartment,
    ApartmentKindPeriod,
    ApartmentStaff,
    FeeDecision,
    Place,
    Room,
    Stay,
    SupportPlan,
    Visit,
)
from szansa.domain.people import enums as people_enums
from szansa.domain.people import services as people_services
from szansa.domain.people.models import IncomeRecord, Person
from szansa.domain.projects.models import Project

PROJECT_NUMBER = "RPMP.09.01.01-12-0015/17"
OPENED_ON = datetime.date(2019, 3, 1)
CONVERTED_ON = datetime.date(2024, 4, 1)
CONVERSION = "Uchwała Rady Miejskiej w Andrychowie w sprawie przekształcenia mieszkań chronionych"
D = Decimal

# name, street, number, flat, kind until 2024, kind after, group, usable area, bathroom,
# rooms (name, area, places)
FLATS = [
    (
        "Mieszkanie chronione nr 1",
        "ul. Krakowska",
        "27",
        "4",
        enums.ApartmentKind.CHRONIONE_TRENINGOWE,
        enums.ApartmentKind.TRENINGOWE,
        enums.ServedGroup.DISABILITIES,
        "62.40",
        "4.20",
        [("Pokój 1", "14.50", 2), ("Pokój 2", "9.80", 1)],
    ),
    (
        "Mieszkanie chronione nr 2",
        "ul. Krakowska",
        "27",
        "5",
        enums.ApartmentKind.CHRONIONE_TRENINGOWE,
        enums.ApartmentKind.TRENINGOWE,
        enums.ServedGroup.OTHER,
        "58.10",
        "3.80",
        [("Pokój 1", "13.20", 2), ("Pokój 2", "10.10", 1)],
    ),
    (
        "Mieszkanie chronione nr 3",
        "ul. Metalowców",
        "6",
        "2",
        enums.ApartmentKind.CHRONIONE_WSPIERANE,
        enums.ApartmentKind.WSPOMAGANE,
        enums.ServedGroup.DISABILITIES,
        "71.00",
        "5.10",
        [("Pokój 1", "15.00", 2), ("Pokój 2", "12.50", 2)],
    ),
]
EQUIPMENT = ["łóżka", "szafy", "lodówka", "kuchenka", "pralka", "stół i krzesła", "uchwyty w łazience"]
GOALS = {
    2019: "Trening samodzielności w codziennych czynnościach, zarządzanie budżetem domowym, "
    "przygotowanie do samodzielnego zamieszkania.",
    2020: "Powrót na rynek pracy: doradztwo zawodowe, szkolenie, poszukiwanie pracy; "
    "samodzielne prowadzenie gospodarstwa domowego.",
    2021: "Odbudowa relacji rodzinnych, załatwianie spraw urzędowych, plan wyjścia do własnego mieszkania.",
}
# Income a month of a resident, drawn around the 2018-2021 criterion for a single person (701 zł).
INCOMES = [D("620.00"), D("701.00"), D("890.00"), D("1150.00"), D("1480.00")]


def _flats(admin, project) -> list[Apartment]:
    flats = []
    for name, street, number, flat, kind, later_kind, group, area, bathroom, rooms in FLATS:
        apartment = services.apartment_save(
            actor=admin,
            apartment=Apartment(
                name=name,
                operator="Ośrodek Pomocy Społecznej w Andrychowie",
                street=street,
                building_number=number,
                flat_number=flat,
                postal_code=ANDRYCHOW.postal_code,
                town=ANDRYCHOW.town,
                gmina=ANDRYCHOW.gmina,
                group_served=group,
                usable_area=D(area),
                bathroom_area=D(bathroom),
                shared_spaces="kuchnia, łazienka z WC, przedpokój, pokój dzienny",
                equipment=dict.fromkeys(EQUIPMENT, True),
                opened_on=OPENED_ON,
                project=project,
                notes="Utworzone w projekcie „Wykorzystaj swoją szansę” (demo).",
            ),
        )
        services.apartment_record_save(
            actor=admin, record=ApartmentKindPeriod(apartment=apartment, kind=kind, valid_from=OPENED_ON)
        )
        services.apartment_convert(
            actor=admin, apartment=apartment, kind=later_kind, on=CONVERTED_ON, resolution_ref=CONVERSION
        )
        for room_name, room_area, places in rooms:
            room = services.apartment_record_save(
                actor=admin, record=Room(apartment=apartment, name=room_name, area=D(room_area))
            )
            for index in range(places):
                services.apartment_record_save(
                    actor=admin, record=Place(room=room, label=f"{room_name[-1]}{'ABCD'[index]}")
                )
        flats.append(apartment)
    return flats


def _candidates(year: int) -> list[Person]:
    """Andrychów people fitting the year's target group (then anyone of the team), in a fixed order."""
    team = Person.objects.filter(town=ANDRYCHOW.town, housing_stays__isnull=True).order_by(
        "pesel", "last_name"
    )
    on = datetime.date(year, 3, 1)
    if year == 2019:
        fitting = team.filter(situations__kind=people_enums.SituationKind.DISABILITY)
    elif year == 2020:
        fitting = team.filter(
            situations__kind=people_enums.SituationKind.LABOUR_MARKET,
            situations__labour_status__in=people_enums.UNEMPLOYED_STATUSES,
        )
    else:
        fitting = team.filter(household__multi_problem_family=True)
    fitting = list(fitting.filter(birth_date__lte=on.replace(year=year - 18)).distinct())
    if len(fitting) < 12:
        fitting += [p for p in team.filter(birth_date__lte=on.replace(year=year - 18)) if p not in fitting]
    return fitting


def _stay(users, rng, place, person, year, group) -> Stay:
    admin = users["admin"]
    worker = users["pracownik"] if person.responsible_worker_id == users["pracownik"].pk else admin
    start = datetime.date(year, 3, 1) + datetime.timedelta(days=rng.randint(0, 30))
    end = min(start + datetime.timedelta(days=rng.randint(150, 270)), datetime.date(year, 12, 31))
    stay = services.stay_refer(
        actor=admin,
        stay=Stay(
            person=person,
            place=place,
            referred_by="Kierownik Ośrodka Pomocy Społecznej w Andrychowie",
            decision_number=f"OPS.8311.{rng.randint(10, 999)}.{year}",
            decision_date=start - datetime.timedelta(days=rng.randint(7, 21)),
            planned_start=start,
            planned_end=end,
            target_group=group,
        ),
    )
    stay = services.stay_start(actor=worker, stay=stay, on=start)
    if end < datetime.date(year, 11, 1) and rng.random() < 0.35:
        services.stay_extend(
            actor=worker,
            stay=stay,
            decision_number=f"OPS.8311.{rng.randint(10, 999)}.{year}",
            decision_date=end - datetime.timedelta(days=14),
            new_planned_end=min(
                end + datetime.timedelta(days=rng.randint(30, 60)), datetime.date(year, 12, 31)
            ),
        )
        stay.refresh_from_db()
    plan = SupportPlan(stay=stay, drawn_up_on=start + datetime.timedelta(days=7), goals=GOALS[year])
    hours = {
        enums.SupportKind.SOCIAL_WORK: D("4"),
        enums.SupportKind.CARER: D("8"),
        enums.SupportKind.PSYCHOLOGIST: D("2"),
    }
    if year == 2019:
        hours[enums.SupportKind.DISABILITY_ASSISTANT] = D("10")
    services.support_plan_save(actor=worker, plan=plan, hours=hours)
    return stay


def _visits(specialist, rng, stay) -> None:
    day = stay.occupied_from + datetime.timedelta(days=rng.randint(1, 6))
    month_of_psychologist = None
    while day <= stay.occupied_to:
        services.visit_log(
            actor=specialist,
            visit=Visit(
                stay=stay,
                specialist=specialist,
                kind=enums.SupportKind.CARER,
                date=day,
                duration_minutes=rng.choice([60, 90, 120]),
                notes=rng.choice(
                    [
                        "Wspólne zakupy i planowanie posiłków.",
                        "Porządki, pranie.",
                        "Pomoc w sprawach urzędowych.",
                    ]
                ),
            ),
        )
        if month_of_psychologist != day.month:
            month_of_psychologist = day.month
            services.visit_log(
                actor=specialist,
                visit=Visit(
                    stay=stay,
                    specialist=specialist,
                    kind=enums.SupportKind.PSYCHOLOGIST,
                    date=day,
                    duration_minutes=50,
                    notes="Konsultacja psychologiczna.",
                ),
            )
        day += datetime.timedelta(days=rng.randint(10, 16))


def _fees(users, rng, stay) -> None:
    """A steady income for the months of the stay, the referral decision's fee, statements, payments (some
    late or partial)."""
    clerk = users["referent"]
    amount = rng.choice(INCOMES)
    month = stay.occupied_from.replace(day=1)
    while month <= stay.occupied_to:
        if not IncomeRecord.objects.filter(person=stay.person, month=month).exists():
            people_services.record_save(
                actor=clerk,
                record=IncomeRecord(
                    person=stay.person,
                    month=month,
                    source=people_enums.IncomeSource.DISABILITY_PENSION
                    if stay.target_group and stay.target_group.year == 2019
                    else people_enums.IncomeSource.SOCIAL_ASSISTANCE,
                    net_amount=amount,
                    note="demo: pobyt w mieszkaniu chronionym",
                ),
            )
        month = (month + datetime.timedelta(days=32)).replace(day=1)
    # The referral decision set the fee agreed with the person: the council's table proposed it from the
    # income of the first month (art. 97 ust. 1); the statements carry it.
    proposal = services.fee_propose(stay, stay.occupied_from)
    services.fee_decision_record(
        actor=clerk,
        decision=FeeDecision(
            stay=stay,
            decision_number=stay.decision_number,
            decision_date=stay.decision_date,
            effective_from=stay.occupied_from,
            monthly_fee=proposal.monthly_fee,
        ),
    )
    for statement in services.statements_generate(actor=clerk, stay=stay, until=stay.occupied_to):
        if statement.fee_due <= 0:
            continue
        paid_on = (statement.month + datetime.timedelta(days=40)).replace(day=10)
        share = rng.choice([Decimal("1"), Decimal("1"), Decimal("1"), Decimal("0.5")])
        services.payment_record(
            actor=clerk,
            statement=statement,
            amount=(statement.fee_due * share).quantize(D("0.01")),
            on=paid_on,
        )


@transaction.atomic
def seed_housing(rng_seed: int = 1) -> list[Apartment]:
    """Create the Andrychów sheltered flats and their 2019-2021 residents unless they exist."""
    users = ensure_demo_accounts()
    seed_projects(rng_seed)
    project = Project.objects.get(number=PROJECT_NUMBER)
    existing = list(Apartment.objects.filter(project=project))
    if existing:
        return existing
    rng = random.Random(f"housing-{rng_seed}")
    flats = _flats(users["admin"], project)
    specialist = users["specjalista"]
    for apartment in flats:
        for kind in (enums.SupportKind.CARER, enums.SupportKind.PSYCHOLOGIST):
            services.apartment_record_save(
                actor=users["admin"],
                record=ApartmentStaff(
                    apartment=apartment,
                    user=specialist,
                    kind=kind,
                    valid_from=OPENED_ON,
                    valid_to=project.end,
                ),
            )
    groups = {group.year: group for group in project.target_groups.all()}
    places = list(Place.objects.filter(room__apartment__in=flats).select_related("room__apartment"))
    for year in (2019, 2020, 2021):
        candidates = _candidates(year)
        for place, person in zip(places, candidates, strict=False):
            stay = _stay(users, rng, place, person, year, groups.get(year))
            _visits(specialist, rng, stay)
            stay = services.stay_end(
                actor=users["admin"],
                stay=stay,
                on=stay.occupied_to,
                reason=rng.choice([enums.EndReason.PLANNED_END, enums.EndReason.INDEPENDENT_LIVING]),
            )
            _fees(users, rng, stay)
    return flats
