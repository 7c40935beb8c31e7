"""The support path's lists, diagnoses, individual plans and social contracts: one FilterSet each
(support.plans.filters) that the list page and the API both use; sortable by their columns, paged in the
database, the filters kept in the URL; an invalid filter is refused in Polish on the page and with 400 in
the API. Project S-1 and its three participants Uczestnik0..2 of team A come from tests/support/conftest."""

import datetime

import pytest
from django.urls import reverse

from szansa.domain.support import enums
from szansa.domain.support.plans import services as plan_services
from tests.factories.projects import staffed_project
from tests.factories.support import conclude, diagnose, goal, make_plan, support

pytestmark = pytest.mark.django_db

D = datetime.date
PL = {"HTTP_ACCEPT_LANGUAGE": "pl"}


def _label(participant, suffix) -> str:
    return f"{participant.person.last_name[-1]}{suffix}"  # "0i": Uczestnik0's initial diagnosis


@pytest.fixture
def diagnoses(cast, participants):
    """Initial diagnoses 0i (05.02), 1i (07.02), 2i (06.02.2019), then Uczestnik0's re-diagnosis 0r
    (10.05.2019), created in that order."""
    made = {}
    for participant, day in zip(participants, (D(2019, 2, 5), D(2019, 2, 7), D(2019, 2, 6)), strict=True):
        made[_label(participant, "i")] = diagnose(cast.pracownik, participant, day=day)
    made["0r"] = diagnose(
        cast.pracownik, participants[0], day=D(2019, 5, 10), kind=enums.DiagnosisKind.REDIAGNOSIS
    )
    return made


@pytest.fixture
def plans(cast, participants):
    """Version 1 of each plan: 01 (08.02), 11 (12.02), 21 (05.03.2019), then Uczestnik0's version 2, 02,
    revised on 01.04.2019 (01 superseded), created in that order."""
    made = {}
    for participant, day in zip(participants, (D(2019, 2, 8), D(2019, 2, 12), D(2019, 3, 5)), strict=True):
        made[_label(participant, "1")] = make_plan(cast, participant, drawn_up_on=day)
    made["02"] = plan_services.plan_revise(
        actor=cast.koordynator,
        plan=made["01"],
        reason="Podjęła pracę dorywczą",
        goals=[goal()],
        supports=[support(specialist=cast.specjalista)],
        on=D(2019, 4, 1),
    )
    return made


@pytest.fixture
def contracts(cast, participants):
    """0: KS/2019/3 from 06.02 to 31.08; 1: KS/2019/1 (variant A) from 10.02 to 30.06; 2: KS/2019/2 from
    08.02 to 31.10.2019."""
    made = {}
    for participant, number, day, until, variant in zip(
        participants,
        ("KS/2019/3", "KS/2019/1", "KS/2019/2"),
        (D(2019, 2, 6), D(2019, 2, 10), D(2019, 2, 8)),
        (D(2019, 8, 31), D(2019, 6, 30), D(2019, 10, 31)),
        (enums.ContractVariant.B, enums.ContractVariant.A, enums.ContractVariant.B),
        strict=True,
    ):
        made[_label(participant, "")] = conclude(
            cast, participant, number=number, concluded_on=day, starts_on=day, ends_on=until, variant=variant
        )
    return made


def _labels(rows, made):
    label_of = {obj.pk: label for label, obj in made.items()}
    return [label_of[row.pk if hasattr(row, "pk") else row["id"]] for row in rows]


def _same_rows(client, url, api, made, params, expected):
    page = client.get(url, params)
    answer = client.get(api, params)
    assert page.status_code == 200 and answer.status_code == 200, params
    on_page = _labels(page.context["rows"], made)
    in_api = _labels(answer.json()["results"], made)
    if "ordering" in params:
        assert on_page == expected == in_api, params
    else:
        assert sorted(on_page) == expected == sorted(in_api), params


def _paged(client, url, made, params, first_rows, second_rows, monkeypatch):
    monkeypatch.setattr("szansa.web.support.views.plans.PAGE_SIZE", 2)
    first = client.get(url, params)
    second = client.get(url, params | {"page": 2})
    assert _labels(first.context["rows"], made) == first_rows
    assert _labels(second.context["rows"], made) == second_rows
    return first.content.decode()


# --- diagnoses ---------------------------------------------------------------------------------------------

DIAGNOSES = "/api/v1/support/diagnoses/"


def test_the_diagnosis_list_and_the_api_filter_and_sort_alike(cast, project, diagnoses, client_for):
    client = client_for(cast.pracownik)
    for params, expected in (
        ({"ordering": "made_on"}, ["0i", "2i", "1i", "0r"]),
        ({"ordering": "-made_on"}, ["0r", "1i", "2i", "0i"]),
        # kind "initial" before "rediagnosis", ties by id (creation order)
        ({"ordering": "kind"}, ["0i", "1i", "2i", "0r"]),
        ({"ordering": "-kind"}, ["0r", "0i", "1i", "2i"]),
        ({"ordering": "-person"}, ["2i", "1i", "0i", "0r"]),
        ({"kind": "rediagnosis"}, ["0r"]),
        ({"made_from": "2019-02-06", "project": project.pk}, ["0r", "1i", "2i"]),
        ({"q": "uczestnik0"}, ["0i", "0r"]),
        ({"participant": diagnoses["1i"].participant_id}, ["1i"]),
    ):
        _same_rows(client, reverse("support:diagnosis_list"), DIAGNOSES, diagnoses, params, expected)


def test_the_diagnosis_list_is_paged_and_keeps_its_filters(cast, diagnoses, client_for, monkeypatch):
    params = {"made_to": "2019-12-31", "ordering": "made_on"}
    # 4 diagnoses by 2 a page: [0i, 2i] then [1i, 0r]
    body = _paged(
        client_for(cast.pracownik),
        reverse("support:diagnosis_list"),
        diagnoses,
        params,
        ["0i", "2i"],
        ["1i", "0r"],
        monkeypatch,
    )
    assert "made_to=2019-12-31&amp;ordering=made_on&amp;page=2" in body


def test_an_invalid_diagnosis_filter_is_refused(cast, diagnoses, client_for):
    client = client_for(cast.pracownik)
    page = client.get(reverse("support:diagnosis_list"), {"kind": "zła"}, **PL)
    assert page.status_code == 200
    assert "Wybierz poprawną wartość." in page.content.decode()
    assert list(page.context["rows"]) == []
    assert client.get(DIAGNOSES, {"made_from": "wczoraj"}, **PL).status_code == 400


def test_the_project_filter_offers_only_the_users_projects_and_refuses_others(
    cast, project, diagnoses, client_for
):
    """Project S-2 has no specialist on its staff: the specialist of S-1 does not see it
    (projects.access), so it is not offered and filtering by it (or by an unknown id) is refused."""
    other = staffed_project(cast.admin, [], number="S-2", title="Inny projekt")
    client = client_for(cast.specjalista)
    page = client.get(reverse("support:diagnosis_list"), **PL)
    options = page.context["filters"].form.fields["project"].queryset
    assert list(options) == [project]
    body = page.content.decode()
    assert f'<option value="{project.pk}">S-1 — {project.title}</option>' in body
    assert "S-2" not in body
    # their own project is accepted (the diagnoses shown are those the specialist may read: none here)
    assert client.get(DIAGNOSES, {"project": project.pk}).status_code == 200
    assert (
        client.get(reverse("support:diagnosis_list"), {"project": project.pk}).context["filters"].is_valid()
    )
    for refused in (other.pk, other.pk + 1000):
        page = client.get(reverse("support:diagnosis_list"), {"project": refused}, **PL)
        assert page.status_code == 200
        assert "Wybierz poprawną wartość." in page.content.decode()
        assert list(page.context["rows"]) == []
        assert client.get(DIAGNOSES, {"project": refused}, **PL).status_code == 400
    # the coordinator reads every project: both are offered
    page = client_for(cast.koordynator).get(reverse("support:diagnosis_list"))
    assert set(page.context["filters"].form.fields["project"].queryset) == {project, other}


# --- plans -------------------------------------------------------------------------------------------------

PLANS = "/api/v1/support/plans/"


def test_the_plan_list_and_the_api_filter_and_sort_alike(cast, project, plans, client_for):
    client = client_for(cast.pracownik)
    for params, expected in (
        ({"ordering": "drawn_up_on"}, ["01", "11", "21", "02"]),
        ({"ordering": "-drawn_up_on"}, ["02", "21", "11", "01"]),
        ({"ordering": "version"}, ["01", "11", "21", "02"]),
        ({"ordering": "-version"}, ["02", "01", "11", "21"]),
        ({"ordering": "person"}, ["01", "02", "11", "21"]),
        ({"current": "1"}, ["02", "11", "21"]),
        ({"current": "true", "drawn_from": "2019-03-01"}, ["02", "21"]),
        ({"drawn_to": "2019-02-28", "project": project.pk}, ["01", "11"]),
        ({"q": "uczestnik2"}, ["21"]),
    ):
        _same_rows(client, reverse("support:plan_list"), PLANS, plans, params, expected)


def test_the_plan_list_is_paged_and_keeps_its_filters(cast, plans, client_for, monkeypatch):
    params = {"q": "uczestnik", "ordering": "-drawn_up_on"}
    # 4 versions by 2 a page, latest first: [02, 21] then [11, 01]
    body = _paged(
        client_for(cast.pracownik),
        reverse("support:plan_list"),
        plans,
        params,
        ["02", "21"],
        ["11", "01"],
        monkeypatch,
    )
    assert "q=uczestnik&amp;ordering=-drawn_up_on&amp;page=2" in body
    assert 'aria-sort="descending"' in body


def test_an_invalid_plan_filter_is_refused(cast, plans, client_for):
    client = client_for(cast.pracownik)
    page = client.get(reverse("support:plan_list"), {"drawn_from": "2019-13-45"}, **PL)
    assert page.status_code == 200
    assert "Wpisz poprawną datę." in page.content.decode()
    assert list(page.context["rows"]) == []
    assert client.get(PLANS, {"participant": "abc"}, **PL).status_code == 400


# --- social contracts --------------------------------------------------------------------------------------

CONTRACTS = "/api/v1/support/contracts/"


def test_the_contract_list_and_the_api_filter_and_sort_alike(cast, project, contracts, client_for):
    client = client_for(cast.pracownik)
    for params, expected in (
        ({"ordering": "number"}, ["1", "2", "0"]),
        ({"ordering": "-number"}, ["0", "2", "1"]),
        ({"ordering": "-concluded_on"}, ["1", "2", "0"]),
        ({"ordering": "concluded_on"}, ["0", "2", "1"]),
        ({"ordering": "ends_on"}, ["1", "0", "2"]),
        ({"ordering": "-person"}, ["2", "1", "0"]),
        ({"variant": "A"}, ["1"]),
        ({"q": "KS/2019/2"}, ["2"]),
        ({"status": "in_force", "project": project.pk}, ["0", "1", "2"]),
        ({"concluded_from": "2019-02-08"}, ["1", "2"]),
    ):
        _same_rows(client, reverse("support:contract_list"), CONTRACTS, contracts, params, expected)


def test_the_contract_list_is_paged_and_keeps_its_filters(cast, contracts, client_for, monkeypatch):
    params = {"status": "in_force", "ordering": "number"}
    # 3 contracts by 2 a page, by number: [KS/2019/1, KS/2019/2] then [KS/2019/3]
    body = _paged(
        client_for(cast.pracownik),
        reverse("support:contract_list"),
        contracts,
        params,
        ["1", "2"],
        ["0"],
        monkeypatch,
    )
    assert "status=in_force&amp;ordering=number&amp;page=2" in body


def test_an_invalid_contract_filter_is_refused(cast, contracts, client_for):
    client = client_for(cast.pracownik)
    page = client.get(reverse("support:contract_list"), {"participant": "pierwszy"}, **PL)
    assert page.status_code == 200
    assert "Wpisz liczbę całkowitą." in page.content.decode()
    assert list(page.context["rows"]) == []
    assert client.get(CONTRACTS, {"status": "unieważniona"}, **PL).status_code == 400


def test_the_lists_keep_their_scope(cast, diagnoses, plans, contracts, client_for):
    # A social worker of team B reads none of team A's paths, on the pages or in the API.
    client = client_for(cast.pracownik2)
    for name, api in (
        ("support:diagnosis_list", DIAGNOSES),
        ("support:plan_list", PLANS),
        ("support:contract_list", CONTRACTS),
    ):
        assert list(client.get(reverse(name)).context["rows"]) == [], name
        assert client.get(api).json()["count"] == 0, api
