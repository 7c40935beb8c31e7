"""Demo EU projects: the three seed projects as the articles report them, plus two synthetic ones.

Reported figures (issue 3, docs/projects-and-budget.md) are used exactly; where an article gives no
figure the demo uses a plausible value and the project's or call's notes say it is an estimate.
Budgets are built so that their tasks add up to the eligible costs with the indirect flat rate of
docs/projects-and-budget.md, and
every write goes through the services (permissions, validation, audit), so the demo can never hold
a budget that `budget_check` would reject. Idempotent: a project whose number exists is left alone.
"""

import datetime
import random
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction

from szansa.demo.people import ensure_demo_accounts
from szansa.domain.projects import enums, services
from szansa.domain.projects.models import (
    BudgetLine,
    BudgetTask,
    Call,
    FundingApplication,
    IndicatorDefinition,
    IndirectCostRate,
    ManagingBody,
    Measure,
    PaymentClaim,
    Project,
    ProjectIndicator,
    ProjectStaff,
    TargetGroup,
)
from szansa.domain.projects.selectors import line_available
from szansa.lib.money import CENT, to_money

# The demo never dates spending after this day (the people demo uses a fixed reference date too).
SPEND_UNTIL = datetime.date(2025, 12, 31)
BALANCE = None  # a line whose amount is what the task list leaves of the direct costs

D = Decimal


@dataclass
class Seed:
    number: str
    title: str
    beneficiary: str
    programme: str
    measure: str
    start: datetime.date
    end: datetime.date
    total_value: Decimal
    eligible_costs: Decimal
    cofinancing: Decimal
    eu_share: Decimal | None = None
    state_budget_share: Decimal | None = None
    participant_limit: int | None = None
    goal: str = ""
    notes: str = ""
    call: dict | None = None
    application: dict | None = None
    transitions: list = field(default_factory=list)
    target_groups: list = field(default_factory=list)
    indicators: list = field(default_factory=list)
    tasks: list = field(default_factory=list)
    staff: list = field(default_factory=list)
    shift: dict | None = None
    spend_share: tuple = (0.55, 0.95)


ANDRYCHOW_OPS = "Ośrodek Pomocy Społecznej w Andrychowie"
OLKUSZ_OPS = "Ośrodek Pomocy Społecznej w Olkuszu"

SEEDS = [
    Seed(
        number="RPMP.09.01.01-12-0015/17",
        title="Wykorzystaj swoją szansę",
        beneficiary=ANDRYCHOW_OPS,
        programme="RPO WM 2014-2020",
        measure="9.1.1",
        start=datetime.date(2019, 1, 1),
        end=datetime.date(2021, 12, 31),
        total_value=D("1216630.61"),
        eligible_costs=D("1216630.61"),
        cofinancing=D("1031544.93"),
        participant_limit=60,
        goal=(
            "Kompleksowa aktywizacja społeczno-zawodowa osób zagrożonych ubóstwem lub wykluczeniem "
            "społecznym z gminy Andrychów; utworzenie mieszkań chronionych w Andrychowie ze wsparciem "
            "specjalistów (pracownik socjalny, psycholog, terapeuta, asystent osoby niepełnosprawnej, "
            "opiekun)."
        ),
        notes=(
            "Według doniesień: nabór Małopolskiego Centrum Przedsiębiorczości ogłoszony w listopadzie"
            " 2017 r., 15. miejsce na 56, dofinansowanie 1 031 544,93 zł, wartość ogółem 1 216 630,61"
            " zł; obejmuje utworzenie mieszkań chronionych w Andrychowie. Szacunki: koszty "
            "kwalifikowalne = wartość ogółem (artykuł nie podaje podziału), okres 2019–2021 (z lat "
            "grup docelowych), limit uczestników, numer projektu, działanie 9.1.1, budżet i wydatki."
        ),
        call={
            "number": "RPMP.09.01.01-IP.02-12-001/17",
            "title": "Kompleksowa aktywizacja społeczna i zawodowa osób zagrożonych ubóstwem lub "
            "wykluczeniem społecznym",
            "body": "Małopolskie Centrum Przedsiębiorczości",
            "announced_on": datetime.date(2017, 11, 15),
            "deadline": datetime.date(2018, 1, 15),
            "applications_count": 56,
            "notes": "Według doniesień: ogłoszony przez MCP w listopadzie 2017 r., oceniono 56 "
            "wniosków. Szacunki: numer naboru, dzień ogłoszenia, termin.",
        },
        application={"score": D("78.50"), "rank_position": 15, "rank_of": 56},
        transitions=[
            ("submitted", datetime.date(2018, 1, 12)),
            ("evaluated", datetime.date(2018, 6, 8)),
            ("selected", datetime.date(2018, 7, 2)),
            ("contract_signed", datetime.date(2018, 11, 20)),
        ],
        target_groups=[
            (2019, "Osoby z niepełnosprawnościami", 20, 11, 9),
            (2020, "Osoby bezrobotne", 20, 10, 10),
            (2021, "Rodziny wieloproblemowe", 20, None, None),
        ],
        indicators=[("PI9i-P-01", 60), ("PI9i-P-02", 20), ("PI9i-R-02", 12), ("EFS-ES", 34), ("EFS-EZ", 22)],
        tasks=[
            (
                "Rekrutacja i diagnoza potrzeb uczestników",
                [
                    ("personnel", "Pracownik socjalny - diagnoza i praca socjalna", "miesiąc", 36, "2600.00"),
                    ("services", "Diagnoza psychologiczna", "osoba", 60, "250.00"),
                ],
            ),
            (
                "Aktywizacja społeczna",
                [
                    ("services", "Trening kompetencji społecznych", "godzina", 480, "120.00"),
                    ("services", "Poradnictwo psychologiczne i terapeutyczne", "godzina", 720, "110.00"),
                    ("participant_support", "Catering podczas zajęć grupowych", "osobodzień", 1200, "25.00"),
                ],
            ),
            (
                "Aktywizacja zawodowa",
                [
                    ("services", "Doradztwo zawodowe", "godzina", 480, "100.00"),
                    ("services", "Szkolenia zawodowe", "osoba", 30, "3500.00"),
                    ("stipends", "Stypendia stażowe", "osobomiesiąc", 90, "1400.00"),
                ],
            ),
            (
                "Mieszkania chronione w Andrychowie",
                [
                    ("cross_financing", "Wyposażenie mieszkań chronionych", "komplet", 3, "28000.00"),
                    ("personnel", "Asystent osoby niepełnosprawnej", "miesiąc", 36, "3200.00"),
                    ("personnel", "Opiekun w mieszkaniu chronionym", "miesiąc", 36, "3000.00"),
                    ("other", "Utrzymanie mieszkań chronionych (media, czynsz)", "miesiąc", 36, "2500.00"),
                ],
            ),
            (
                "Wsparcie rodzin wieloproblemowych",
                [("services", "Terapia i mediacje rodzinne", "usługa", BALANCE, BALANCE)],
            ),
        ],
        staff=[
            ("koordynator", "coordinator", "80.00"),
            ("pracownik", "social_worker", "40.00"),
            ("specjalista", "specialist", "30.00"),
        ],
        shift={
            "from": "Szkolenia zawodowe",
            "to": "Utrzymanie mieszkań chronionych (media, czynsz)",
            "amount": D("5000.00"),
            "on": datetime.date(2021, 3, 15),
            "justification": "Wzrost cen mediów w 2021 r.; oszczędność na szkoleniach zawodowych "
            "(niższe ceny w zapytaniu ofertowym).",
        },
    ),
    Seed(
        number="POWR.02.05.00-00-0105/18",
        title="Nowa jakość - nowe możliwości",
        beneficiary=OLKUSZ_OPS,
        programme="PO WER 2014-2020",
        measure="2.5",
        start=datetime.date(2018, 7, 1),
        end=datetime.date(2019, 6, 30),
        total_value=D("370000.00"),
        eligible_costs=D("370000.00"),
        cofinancing=D("370000.00"),
        eu_share=D("311836.00"),
        state_budget_share=D("58164.00"),
        goal="Oddzielenie pracy administracyjnej od pracy socjalnej w OPS Olkusz.",
        notes=(
            "Według doniesień: PO WER, działanie 2.5 „Skuteczna pomoc społeczna”, 370 000 zł, w "
            "całości ze środków zewnętrznych, lipiec 2018 – czerwiec 2019. Szacunek: podział UE 84,28"
            " % (311 836,00 zł) / budżet państwa 15,72 % (58 164,00 zł) przez analogię do "
            "porównywalnego projektu PO WER 2.5 (OPS Aleksandrów Łódzki, opsal.pl). Szacunki: numer "
            "projektu, nabór, budżet i wydatki."
        ),
        call={
            "number": "POWR.02.05.00-IP.05-00-001/17",
            "title": "Skuteczna pomoc społeczna - oddzielenie pracy socjalnej od administracyjnej",
            "body": "Ministerstwo Rodziny, Pracy i Polityki Społecznej",
            "announced_on": datetime.date(2017, 10, 2),
            "deadline": datetime.date(2017, 12, 29),
            "eu_rate": D("84.28"),
            "cofinancing_rate_max": D("100.00"),
            "notes": "Szacunki (artykuł nie wskazuje naboru): numer, daty. Udział UE 84,28 % przez "
            "analogię do porównywalnego projektu PO WER 2.5 (OPS Aleksandrów Łódzki, "
            "opsal.pl).",
        },
        application={},
        transitions=[
            ("submitted", datetime.date(2017, 12, 20)),
            ("evaluated", datetime.date(2018, 4, 16)),
            ("selected", datetime.date(2018, 5, 10)),
            ("contract_signed", datetime.date(2018, 6, 25)),
        ],
        target_groups=[(2018, "Pracownicy socjalni OPS Olkusz", 15, 13, 2)],
        tasks=[
            (
                "Szkolenia i superwizja kadry",
                [("services", "Szkolenia i superwizja pracowników socjalnych", "godzina", 200, "150.00")],
            ),
            (
                "Oddzielenie pracy administracyjnej od socjalnej",
                [
                    ("personnel", "Pracownicy socjalni (2 etaty)", "osobomiesiąc", 24, "5200.00"),
                    ("personnel", "Referent ds. administracyjnych", "osobomiesiąc", 12, "4600.00"),
                ],
            ),
            (
                "Usługi i wyposażenie",
                [
                    (
                        "services",
                        "Poradnictwo specjalistyczne (prawne, psychologiczne)",
                        "godzina",
                        300,
                        "130.00",
                    ),
                    ("equipment", "Sprzęt komputerowy i oprogramowanie", "komplet", BALANCE, BALANCE),
                ],
            ),
        ],
        staff=[("koordynator", "coordinator", "40.00"), ("pracownik2", "social_worker", "20.00")],
        spend_share=(0.85, 0.99),
    ),
    Seed(
        number="RPMP.09.01.01-12-0201/18",
        title="Nowa szansa - aktywizacja społeczna i zawodowa osób zagrożonych wykluczeniem społecznym w "
        "gminie Olkusz",
        beneficiary=OLKUSZ_OPS,
        programme="RPO WM 2014-2020",
        measure="9.1.1",
        start=datetime.date(2019, 1, 1),
        end=datetime.date(2019, 12, 31),
        total_value=D("194117.65"),
        eligible_costs=D("194117.65"),
        cofinancing=D("165000.00"),
        participant_limit=12,
        goal="Aktywizacja społeczna i zawodowa 12 osób zagrożonych wykluczeniem społecznym w gminie Olkusz.",
        notes=(
            "Według doniesień: RPO WM 2014–2020, poddziałanie 9.1.1, wartość ogółem „niespełna 200 "
            "000 zł”, dofinansowanie 165 000,00 zł, 12 uczestników, cały 2019 r. Szacunek: wartość "
            "ogółem 194 117,65 zł (przyjęto poziom dofinansowania 85 %), koszty kwalifikowalne = "
            "wartość ogółem. Szacunki: numer projektu, nabór, budżet i wydatki."
        ),
        call={
            "number": "RPMP.09.01.01-IP.01-12-002/18",
            "title": "Aktywna integracja - projekty konkursowe wyłącznie dla OPS/PCPR",
            "body": "Wojewódzki Urząd Pracy w Krakowie",
            "announced_on": datetime.date(2018, 3, 29),
            "deadline": datetime.date(2018, 5, 30),
            "social_effectiveness_min": D("34.00"),
            "employment_effectiveness_min": D("22.00"),
            "notes": "Szacunki (artykuł nie wskazuje naboru): numer, instytucja, daty. Progi 34/22 % "
            "jak w kryteriach RPO WM 9.1 (Wytyczne w zakresie realizacji przedsięwzięć w "
            "obszarze włączenia społecznego i zwalczania ubóstwa z wykorzystaniem środków "
            "EFS i EFRR na lata 2014-2020, po zmianie z października 2016 r.).",
        },
        application={},
        transitions=[
            ("submitted", datetime.date(2018, 5, 28)),
            ("evaluated", datetime.date(2018, 10, 5)),
            ("selected", datetime.date(2018, 10, 30)),
            ("contract_signed", datetime.date(2018, 12, 17)),
        ],
        target_groups=[
            (2019, "Osoby zagrożone ubóstwem lub wykluczeniem społecznym (klienci OPS)", 12, 7, 5)
        ],
        indicators=[("PI9i-P-01", 12), ("PI9i-R-02", 3), ("EFS-ES", 34), ("EFS-EZ", 22)],
        tasks=[
            (
                "Aktywizacja społeczna",
                [
                    ("services", "Trening kompetencji społecznych", "godzina", 120, "110.00"),
                    ("services", "Poradnictwo psychologiczne", "godzina", 96, "120.00"),
                    ("personnel", "Pracownik socjalny - praca z uczestnikami", "miesiąc", 12, "2400.00"),
                ],
            ),
            (
                "Aktywizacja zawodowa",
                [
                    ("services", "Doradztwo zawodowe", "godzina", 96, "100.00"),
                    ("services", "Szkolenia zawodowe", "osoba", 10, "3200.00"),
                    ("stipends", "Stypendia stażowe", "osobomiesiąc", 24, "1017.40"),
                    ("participant_support", "Badania lekarskie i ubezpieczenie NNW", "osoba", 12, "300.00"),
                    (
                        "participant_support",
                        "Catering, dojazdy i materiały dla uczestników",
                        "usługa",
                        BALANCE,
                        BALANCE,
                    ),
                ],
            ),
        ],
        staff=[
            ("koordynator", "coordinator", "40.00"),
            ("pracownik2", "social_worker", "40.00"),
            ("specjalista", "specialist", "20.00"),
        ],
    ),
    Seed(
        number="DEMO-FEM-2024-001",
        title="Razem w rodzinie",
        beneficiary=ANDRYCHOW_OPS,
        programme="FEM 2021-2027",
        measure="6.11",
        start=datetime.date(2024, 1, 1),
        end=datetime.date(2026, 12, 31),
        total_value=D("850000.00"),
        eligible_costs=D("850000.00"),
        cofinancing=D("807500.00"),
        participant_limit=40,
        goal="Wsparcie rodzin wieloproblemowych: asystentura rodzinna, poradnictwo i zajęcia dla dzieci "
        "i rodziców.",
        notes="Projekt fikcyjny (dane demonstracyjne).",
        target_groups=[
            (2024, "Rodziny wieloproblemowe", 14, None, None),
            (2025, "Rodziny wieloproblemowe", 14, None, None),
            (2026, "Rodziny wieloproblemowe", 12, None, None),
        ],
        indicators=[("EECR01", 8), ("EECR04", 6)],
        tasks=[
            ("Asystentura rodzinna", [("personnel", "Asystent rodziny", "osobomiesiąc", 72, "5000.00")]),
            (
                "Poradnictwo specjalistyczne",
                [("services", "Psycholog i terapeuta rodzinny", "godzina", 1500, "140.00")],
            ),
            (
                "Zajęcia dla dzieci i rodziców",
                [
                    ("services", "Warsztaty umiejętności wychowawczych", "godzina", 600, "150.00"),
                    ("participant_support", "Wyjazdy integracyjne i materiały", "usługa", BALANCE, BALANCE),
                ],
            ),
        ],
        staff=[("koordynator", "coordinator", "60.00"), ("pracownik", "social_worker", "40.00")],
        spend_share=(0.3, 0.6),
    ),
    Seed(
        number="DEMO-RPO-2020-002",
        title="Aktywni razem",
        beneficiary=OLKUSZ_OPS,
        programme="RPO WM 2014-2020",
        measure="9.2.1",
        start=datetime.date(2020, 3, 1),
        end=datetime.date(2022, 2, 28),
        total_value=D("520000.00"),
        eligible_costs=D("500000.00"),
        cofinancing=D("475000.00"),
        eu_share=D("425000.00"),
        state_budget_share=D("50000.00"),
        participant_limit=30,
        goal="Usługi społeczne dla osób starszych i niesamodzielnych w gminie Olkusz.",
        notes="Projekt fikcyjny (dane demonstracyjne); 20 000 zł kosztów niekwalifikowalnych.",
        target_groups=[
            (2020, "Osoby niesamodzielne", 15, 9, 6),
            (2021, "Opiekunowie faktyczni osób niesamodzielnych", 15, 12, 3),
        ],
        indicators=[("PI9i-P-01", 30)],
        tasks=[
            (
                "Usługi opiekuńcze",
                [("services", "Usługi opiekuńcze w miejscu zamieszkania", "godzina", 8000, "30.00")],
            ),
            (
                "Wsparcie opiekunów",
                [
                    ("services", "Szkolenia dla opiekunów faktycznych", "godzina", 400, "120.00"),
                    ("cross_financing", "Sprzęt rehabilitacyjny do wypożyczalni", "komplet", 10, "3000.00"),
                    ("other", "Wypożyczalnia sprzętu - obsługa", "miesiąc", BALANCE, BALANCE),
                ],
            ),
        ],
        staff=[("koordynator", "coordinator", "40.00"), ("pracownik2", "social_worker", "20.00")],
    ),
]


def direct_costs_target(eligible: Decimal, period: str) -> Decimal:
    """The direct costs D with D + flat_rate(D) = eligible costs (D = eligible when no rate table exists)."""
    rates = list(IndirectCostRate.objects.filter(period=period))
    if not rates:
        return eligible
    for row in rates:
        guess = (eligible * 100 / (100 + row.rate)).quantize(CENT, rounding=ROUND_HALF_UP)
        for cents in range(-3, 4):
            direct = guess + CENT * cents
            rate = services.flat_rate_for(direct, period)
            if rate == row.rate and direct + services.flat_rate_amount(direct, rate) == eligible:
                return direct
    raise ValueError(f"no direct costs give eligible costs of {eligible} with the {period} flat rates")


def _project(seed: Seed, admin) -> Project:
    measure = Measure.objects.get(programme__code=seed.programme, code=seed.measure)
    application = None
    if seed.call is not None:
        call_data = dict(seed.call)
        body = ManagingBody.objects.get(name=call_data.pop("body"))
        call = Call.objects.filter(number=call_data["number"]).first() or services.call_save(
            actor=admin, call=Call(body=body, measure=measure, **call_data)
        )
        application = services.application_save(
            actor=admin,
            application=FundingApplication(
                call=call,
                title=seed.title,
                applicant=seed.beneficiary,
                requested_amount=seed.cofinancing,
                **seed.application,
            ),
        )
        for status, on in seed.transitions:
            application = services.application_transition(
                actor=admin, application=application, to=status, on=on
            )
    project = Project(
        number=seed.number,
        title=seed.title,
        beneficiary=seed.beneficiary,
        application=application,
        measure=measure,
        goal=seed.goal,
        start=seed.start,
        end=seed.end,
        total_value=seed.total_value,
        eligible_costs=seed.eligible_costs,
        cofinancing=seed.cofinancing,
        own_contribution=seed.eligible_costs - seed.cofinancing,
        eu_share=seed.eu_share,
        state_budget_share=seed.state_budget_share,
        participant_limit=seed.participant_limit,
        notes=seed.notes,
    )
    return services.project_save(actor=admin, project=project)


def _budget(seed: Seed, project: Project, admin) -> dict[str, BudgetLine]:
    period = project.measure.programme.period
    direct = direct_costs_target(project.eligible_costs, period)
    planned = sum(
        (D(price) * qty for _, lines in seed.tasks for *_, qty, price in lines if qty is not BALANCE), D("0")
    )
    lines = {}
    for number, (name, rows) in enumerate(seed.tasks, start=1):
        task = services.project_record_save(
            actor=admin, record=BudgetTask(project=project, number=number, name=name)
        )
        for category, line_name, unit, qty, price in rows:
            if qty is BALANCE:
                qty, price = 1, to_money(direct - planned)
            line = BudgetLine(
                task=task, category=category, name=line_name, unit=unit, quantity=D(qty), unit_price=D(price)
            )
            lines[line_name] = services.budget_line_save(actor=admin, line=line)
    if direct != project.eligible_costs:
        task = services.project_record_save(
            actor=admin,
            record=BudgetTask(project=project, number=len(seed.tasks) + 1, name="Koszty pośrednie"),
        )
        rate = services.flat_rate_for(direct, period)
        indirect = BudgetLine(
            task=task,
            category=enums.CostCategory.INDIRECT,
            kind=enums.LineKind.INDIRECT_FLAT_RATE,
            name="Koszty pośrednie (stawka ryczałtowa)",
            unit="ryczałt",
            quantity=D("1.00"),
            unit_price=services.flat_rate_amount(direct, rate),
            amount=services.flat_rate_amount(direct, rate),
            flat_rate=rate,
        )
        services.budget_line_save(actor=admin, line=indirect)
        services.indirect_costs_apply(actor=admin, project=project)
    problems = services.budget_check(project)
    if problems:
        raise ValueError(f"demo budget of {project.number} is inconsistent: {[str(p) for p in problems]}")
    return lines


SUPPLIERS = [
    "Centrum Szkoleniowe Progres Sp. z o.o.",
    "Gabinet Psychologiczny Równowaga",
    "Małopolska Akademia Kompetencji",
    "Hurtownia Wyposażenia Wnętrz Dom",
    "Catering Smaczna Chwila s.c.",
    "Przedsiębiorstwo Usług Komunalnych",
]


def _random_day(rng: random.Random, start: datetime.date, end: datetime.date) -> datetime.date:
    return start + datetime.timedelta(days=rng.randint(0, max((end - start).days, 0)))


def _spend(seed, project, lines, clerk, rng) -> list:
    until = min(project.end, SPEND_UNTIL)
    spent = []
    for line in lines.values():
        if line.kind != enums.LineKind.DIRECT:
            continue  # flat-rate indirect costs are settled without invoices
        budget = to_money(line_available(line) * D(str(rng.uniform(*seed.spend_share))))
        parts = rng.randint(1, 3)
        for index in range(parts):
            amount = to_money(budget / parts)
            if amount <= 0:
                continue
            day = _random_day(rng, project.start, until)
            spent.append(
                services.expenditure_record(
                    actor=clerk,
                    line=line,
                    date=day,
                    document_number=f"FV/{day:%Y/%m}/{rng.randint(1, 999):03d}",
                    supplier=rng.choice(SUPPLIERS),
                    amount=amount,
                    description=f"{line.name} ({index + 1}/{parts})",
                )
            )
    return spent


def _claims(project, expenditures, clerk) -> None:
    """Two payment claims over the spending so far: the first paid, the second submitted."""
    until = min(project.end, SPEND_UNTIL)
    middle = project.start + (until - project.start) / 2
    periods = [(project.start, middle), (middle + datetime.timedelta(days=1), until)]
    for index, (period_from, period_to) in enumerate(periods):
        amount = sum((e.amount for e in expenditures if period_from <= e.date <= period_to), D("0"))
        claim = services.payment_claim_save(
            actor=clerk,
            claim=PaymentClaim(
                project=project,
                number=f"{project.number}/WNP-{index + 1:03d}",
                period_from=period_from,
                period_to=period_to,
                amount_claimed=amount,
            ),
        )
        submitted = period_to + datetime.timedelta(days=10)
        claim = services.payment_claim_transition(actor=clerk, claim=claim, to="submitted", on=submitted)
        if index == 0:
            claim = services.payment_claim_transition(
                actor=clerk, claim=claim, to="approved", on=submitted + datetime.timedelta(days=30)
            )
            services.payment_claim_transition(
                actor=clerk, claim=claim, to="paid", on=submitted + datetime.timedelta(days=45)
            )


def _seed_one(seed: Seed, users, rng: random.Random) -> Project:
    admin = users["admin"]
    project = _project(seed, admin)
    for username, role, hours in seed.staff:
        services.project_record_save(
            actor=admin,
            record=ProjectStaff(
                project=project,
                user=users[username],
                role=role,
                hours_per_month=D(hours),
                valid_from=project.start,
            ),
        )
    for year, name, total, women, men in seed.target_groups:
        services.project_record_save(
            actor=admin,
            record=TargetGroup(
                project=project,
                year=year,
                name=name,
                planned_total=total,
                planned_women=women,
                planned_men=men,
            ),
        )
    for code, target in seed.indicators:
        services.project_record_save(
            actor=admin,
            record=ProjectIndicator(
                project=project, definition=IndicatorDefinition.objects.get(code=code), target=target
            ),
        )
    lines = _budget(seed, project, admin)
    if seed.shift:
        services.budget_shift_record(
            actor=users["koordynator"],
            from_line=lines[seed.shift["from"]],
            to_line=lines[seed.shift["to"]],
            amount=seed.shift["amount"],
            justification=seed.shift["justification"],
            on=seed.shift["on"],
        )
    expenditures = _spend(seed, project, lines, users["referent"], rng)
    _claims(project, expenditures, users["referent"])
    return project


@transaction.atomic
def seed_projects(rng_seed: int = 1) -> list[Project]:
    """Create the demo projects that do not exist yet (by number); returns all demo projects."""
    users = ensure_demo_accounts()
    projects = []
    for seed in SEEDS:
        existing = Project.objects.filter(number=seed.number).first()
        # One generator per project: adding a project does not change the others' spending.
        projects.append(existing or _seed_one(seed, users, random.Random(f"{rng_seed}-{seed.number}")))
    return projects
