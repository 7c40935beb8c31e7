import datetime

import pytest
from django.core.exceptions import PermissionDenied

from szansa.domain.housing import enums, services
from szansa.domain.housing.models import ApartmentStaff, Place, Visit
from szansa.domain.housing.selectors import (
    apartment_list,
    stay_list,
    visits_per_apartment_month,
    visits_per_resident_month,
)
from tests.factories import PersonFactory
from tests.factories.housing import make_apartment, refer

D = datetime.date


@pytest.fixture
def two_flats(cast, apartment, carer):
    """The carer serves `apartment`; nobody serves `other`. One stay in each, person_a and person_b."""
    other = make_apartment(cast.admin, name="Mieszkanie 2")
    served = refer(
        cast.admin,
        cast.person_a,
        Place.objects.filter(room__apartment=apartment).first(),
        D(2024, 1, 1),
        D(2024, 12, 31),
    )
    unserved = refer(
        cast.admin,
        cast.person_b,
        Place.objects.filter(room__apartment=other).first(),
        D(2024, 1, 1),
        D(2024, 12, 31),
    )
    return served, unserved


def test_a_carer_sees_only_the_residents_of_the_flats_they_serve(cast, two_flats):
    served, unserved = two_flats
    assert list(stay_list(user=cast.specjalista)) == [served]
    assert cast.specjalista.has_perm("housing.view_stay", served)
    assert not cast.specjalista.has_perm("housing.view_stay", unserved)
    assert [a.name for a in apartment_list(user=cast.specjalista)] == ["Mieszkanie 1"]


def test_a_carer_does_not_see_residents_who_came_after_the_assignment_ended(cast, apartment, carer, places):
    ApartmentStaff.objects.filter(user=carer).update(valid_to=D(2023, 12, 31))
    later = refer(cast.admin, PersonFactory(), places[1], D(2024, 1, 1), D(2024, 6, 30))
    earlier = refer(cast.admin, PersonFactory(), places[2], D(2023, 6, 1), D(2024, 2, 29))
    assert list(stay_list(user=carer)) == [earlier]
    assert not carer.has_perm("housing.view_stay", later)


def test_a_carer_logs_visits_only_in_a_flat_they_serve_and_while_they_serve_it(cast, two_flats, carer):
    served, unserved = two_flats
    visit = services.visit_log(
        actor=carer,
        visit=Visit(
            stay=served,
            specialist=carer,
            kind=enums.SupportKind.CARER,
            date=D(2024, 2, 3),
            duration_minutes=90,
        ),
    )
    assert visit.pk
    with pytest.raises(PermissionDenied):
        services.visit_log(
            actor=carer,
            visit=Visit(
                stay=unserved,
                specialist=carer,
                kind=enums.SupportKind.CARER,
                date=D(2024, 2, 3),
                duration_minutes=60,
            ),
        )
    ApartmentStaff.objects.filter(user=carer).update(valid_to=D(2024, 3, 31))
    with pytest.raises(PermissionDenied):
        services.visit_log(
            actor=carer,
            visit=Visit(
                stay=served,
                specialist=carer,
                kind=enums.SupportKind.CARER,
                date=D(2024, 4, 2),
                duration_minutes=60,
            ),
        )


def test_social_workers_see_the_stays_of_their_own_team(cast, two_flats):
    served, unserved = two_flats
    assert list(stay_list(user=cast.pracownik)) == [served]
    assert list(stay_list(user=cast.pracownik2)) == [unserved]
    assert cast.pracownik.has_perm("housing.change_stay", served)
    assert not cast.pracownik.has_perm("housing.change_stay", unserved)


@pytest.mark.parametrize("username", ["admin", "kierownik", "koordynator", "audytor", "referent"])
def test_management_roles_the_auditor_and_the_clerk_read_every_stay(cast, two_flats, username):
    assert set(stay_list(user=getattr(cast, username))) == set(two_flats)


def test_the_clerk_sees_stays_and_fees_but_not_the_support_notes(cast, two_flats):
    served, _ = two_flats
    clerk = cast.referent
    assert clerk.has_perm("housing.view_stay", served)
    assert clerk.has_perm("housing.view_fees", served)
    assert clerk.has_perm("housing.manage_fees", served)
    assert not clerk.has_perm("housing.view_support", served)


def test_the_carer_sees_support_notes_but_not_fees(cast, two_flats):
    served, _ = two_flats
    assert cast.specjalista.has_perm("housing.view_support", served)
    assert not cast.specjalista.has_perm("housing.view_fees", served)


def test_the_auditor_reads_everything_and_changes_nothing(cast, two_flats, apartment):
    served, _ = two_flats
    auditor = cast.audytor
    assert auditor.has_perm("housing.view_support", served)
    for perm in (
        "change_stay",
        "log_visit",
        "manage_fees",
        "grant_exemption",
        "change_apartment",
        "change_support",
    ):
        assert not auditor.has_perm(f"housing.{perm}", served)
    with pytest.raises(PermissionDenied):
        services.stay_end(actor=auditor, stay=served, on=D(2024, 5, 1), reason=enums.EndReason.OTHER)


def test_visits_are_counted_per_resident_and_per_flat_each_month(cast, two_flats, carer):
    served, _ = two_flats
    for day, minutes in ((D(2024, 2, 3), 90), (D(2024, 2, 17), 30), (D(2024, 3, 1), 60)):
        services.visit_log(
            actor=carer,
            visit=Visit(
                stay=served,
                specialist=carer,
                kind=enums.SupportKind.CARER,
                date=day,
                duration_minutes=minutes,
            ),
        )
    rows = [(r["month"], r["visits"], r["minutes"]) for r in visits_per_resident_month([served])]
    assert rows == [(D(2024, 2, 1), 2, 120), (D(2024, 3, 1), 1, 60)]
    flat = served.place.room.apartment
    rows = [(r["apartment"], r["month"], r["residents"]) for r in visits_per_apartment_month([flat])]
    assert rows == [(flat.pk, D(2024, 2, 1), 1), (flat.pk, D(2024, 3, 1), 1)]
