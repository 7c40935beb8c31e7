"""Internships and their stipend (docs/support-path.md): the rule worked out by hand, the rate in force on the
month's first day, the law's hour limits, and who may do what; the internship page and its forms."""

import datetime
from decimal import Decimal

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from szansa.domain.support.internships import rules as internship_rules
from szansa.domain.support.internships import selectors as internship_selectors
from szansa.domain.support.internships import services as internship_services
from szansa.domain.support.models import ActivityParticipant, InternshipMonth
from tests.factories.support import NIP, internship_activity, place, rate, support_form

pytestmark = pytest.mark.django_db

D = datetime.date


def record(cast, internship, month, scheduled, excused="0", unexcused="0", actor=None):
    return internship_services.internship_month_record(
        actor=actor or cast.koordynator,
        internship=internship,
        month=month,
        hours_scheduled=Decimal(scheduled),
        hours_excused=Decimal(excused),
        hours_unexcused=Decimal(unexcused),
    )


@pytest.fixture
def activity(project):
    return internship_activity(project)


@pytest.fixture
def internship(cast, project, activity, participant):
    rate(project, D(2019, 1, 1), "1200.00")
    return place(cast, activity, participant)


def codes(error: ValidationError, field: str) -> list[str]:
    return [item.code for item in error.value.error_dict[field]]


# --- the stipend -------------------------------------------------------------------------------------------


def test_a_full_month_without_absence_earns_the_full_rate(cast, internship):
    month = record(cast, internship, D(2019, 3, 1), "160")
    assert month.stipend == Decimal("1200.00")  # 1 200,00 × 160 / 160
    assert month.recorded_by == cast.koordynator


def test_sixteen_unexcused_hours_take_a_tenth_off(cast, internship):
    # 1 200,00 × (160 − 16) / 160 = 1 200,00 × 0,9 = 1 080,00
    assert record(cast, internship, D(2019, 3, 1), "160", unexcused="16").stipend == Decimal("1080.00")


def test_excused_absence_does_not_reduce_the_stipend(cast, internship):
    assert record(cast, internship, D(2019, 3, 1), "160", excused="16").stipend == Decimal("1200.00")
    # 16 h excused + 16 h unexcused: only the unexcused 16 count → 1 080,00
    assert record(cast, internship, D(2019, 4, 1), "160", "16", "16").stipend == Decimal("1080.00")


def test_a_partial_month_allows_only_what_its_days_allow(cast, project, activity, participants):
    rate(project, D(2019, 1, 1), "1200.00")
    internship = place(cast, activity, participants[1], starts_on=D(2019, 3, 18), ends_on=D(2019, 6, 12))
    # March 2019 from Monday 18th: weeks 18-24 and 25-31 → 40 h + 40 h = 80 h
    assert internship_rules.hours_allowed(internship, D(2019, 3, 1)) == Decimal("80")
    # June 2019 until Wednesday 12th: Sat 1 - Sun 2 (2 days × 8 = 16), 3-9 (40), Mon 10 - Wed 12 (24) → 80 h
    assert internship_rules.hours_allowed(internship, D(2019, 6, 1)) == Decimal("80")
    assert internship_rules.hours_allowed(internship, D(2019, 4, 1)) == Decimal(
        "160"
    )  # the agreement's limit
    # 1 200,00 × 80 / 160 = 600,00; with 8 h unexcused: 1 200,00 × 72 / 160 = 540,00
    assert record(cast, internship, D(2019, 3, 1), "80").stipend == Decimal("600.00")
    assert record(cast, internship, D(2019, 6, 1), "80", unexcused="8").stipend == Decimal("540.00")
    with pytest.raises(ValidationError) as error:
        record(cast, internship, D(2019, 3, 1), "81")
    assert codes(error, "hours_scheduled") == ["too_many_hours"]
    assert "80" in error.value.error_dict["hours_scheduled"][0].messages[0]


def test_the_stipend_is_rounded_to_grosze_half_up(cast, project, activity, participants):
    rate(project, D(2019, 1, 1), "1017.38")
    internship = place(cast, activity, participants[1])
    # 1 017,38 × (160 − 7) / 160 = 155 659,14 / 160 = 972,869625 → 972,87
    assert record(cast, internship, D(2019, 3, 1), "160", unexcused="7").stipend == Decimal("972.87")
    # half an hour unexcused: 1 017,38 − 1 017,38 × 0,5 / 160 = 1 017,38 − 3,1793125 → 1 014,20
    assert record(cast, internship, D(2019, 4, 1), "160", unexcused="0.5").stipend == Decimal("1014.20")


def test_half_a_grosz_rounds_up(cast, project, activity, participants):
    rate(project, D(2019, 1, 1), "1000.01")
    internship = place(cast, activity, participants[1])
    # 1 000,01 × 80 / 160 = 500,005 → 500,01 (banker's rounding would give 500,00)
    assert record(cast, internship, D(2019, 3, 1), "160", unexcused="80").stipend == Decimal("500.01")


def test_the_rate_in_force_on_the_months_first_day_applies(cast, project, activity, participant):
    rate(project, D(2019, 1, 1), "1200.00")
    rate(project, D(2019, 6, 1), "1300.00")
    rate(project, D(2019, 7, 15), "1400.00")
    internship = place(cast, activity, participant)
    assert record(cast, internship, D(2019, 5, 1), "160").stipend == Decimal("1200.00")
    assert record(cast, internship, D(2019, 6, 1), "160").stipend == Decimal("1300.00")
    # the 1 400,00 rate starts on 15.07: July keeps 1 300,00, August gets 1 400,00
    assert record(cast, internship, D(2019, 7, 1), "160").stipend == Decimal("1300.00")
    assert record(cast, internship, D(2019, 8, 1), "160").stipend == Decimal("1400.00")


def test_the_rate_can_fix_other_hours_for_a_full_month(cast, project, activity, participant):
    rate(project, D(2019, 1, 1), "1200.00", hours=120)
    internship = place(cast, activity, participant, hours_per_month=120)
    # 1 200,00 × (120 − 30) / 120 = 900,00
    assert record(cast, internship, D(2019, 3, 1), "120", unexcused="30").stipend == Decimal("900.00")


def test_recording_a_month_again_corrects_it(cast, internship):
    record(cast, internship, D(2019, 3, 15), "160", unexcused="16")
    corrected = record(cast, internship, D(2019, 3, 1), "160", unexcused="8")
    assert InternshipMonth.objects.filter(internship=internship).count() == 1
    assert corrected.month == D(2019, 3, 1)
    assert corrected.stipend == Decimal("1140.00")  # 1 200 × 152 / 160


def test_summary_adds_up_the_months(cast, internship):
    record(cast, internship, D(2019, 3, 1), "160")
    record(cast, internship, D(2019, 4, 1), "160", "8", "16")
    summary = internship_selectors.internship_summary(internship)
    assert [row["record"].month for row in summary["months"]] == [D(2019, 3, 1), D(2019, 4, 1)]
    assert summary["hours_scheduled"] == Decimal("320")
    assert summary["hours_excused"] == Decimal("8")
    assert summary["hours_unexcused"] == Decimal("16")
    assert summary["total"] == Decimal("2280.00")  # 1 200,00 + 1 080,00


# --- refusals ----------------------------------------------------------------------------------------------


def test_absences_cannot_exceed_the_hours_scheduled(cast, internship):
    with pytest.raises(ValidationError) as error:
        record(cast, internship, D(2019, 3, 1), "100", excused="60", unexcused="41")
    assert codes(error, "hours_unexcused") == ["absence_exceeds_schedule"]
    assert not InternshipMonth.objects.exists()


def test_hours_scheduled_cannot_exceed_the_agreement(cast, project, activity, participants):
    rate(project, D(2019, 1, 1), "1200.00")
    internship = place(cast, activity, participants[1], hours_per_month=120)
    with pytest.raises(ValidationError) as error:
        record(cast, internship, D(2019, 3, 1), "121")
    assert codes(error, "hours_scheduled") == ["too_many_hours"]


def test_a_month_outside_the_internship_is_refused(cast, internship):
    for month in (D(2019, 2, 1), D(2019, 9, 1)):
        with pytest.raises(ValidationError) as error:
            record(cast, internship, month, "160")
        assert codes(error, "month") == ["outside_internship"]


def test_a_month_without_a_rate_is_refused(cast, activity, participant):
    internship = place(cast, activity, participant)
    with pytest.raises(ValidationError) as error:
        record(cast, internship, D(2019, 3, 1), "160")
    assert codes(error, "month") == ["no_rate"]


def test_an_internship_is_placed_only_in_an_internship_activity(cast, project, participant):
    training = internship_activity(project, form=support_form("vocational_training"), title="Kurs")
    with pytest.raises(ValidationError) as error:
        place(cast, training, participant)
    assert codes(error, "activity") == ["not_internship"]


def test_the_employers_nip_is_checked_and_compacted(cast, activity, participants):
    with pytest.raises(ValidationError) as error:
        place(cast, activity, participants[0], employer_nip="5260250275")
    assert codes(error, "employer_nip") == ["nip_invalid"]
    internship = place(cast, activity, participants[1], employer_nip="526-025-02-74")
    assert internship.employer_nip == NIP


def test_hours_a_month_cannot_exceed_a_full_month(cast, project, activity, participant):
    rate(project, D(2019, 1, 1), "1200.00")
    with pytest.raises(ValidationError) as error:
        place(cast, activity, participant, hours_per_month=161)
    assert codes(error, "hours_per_month") == ["too_many_hours"]


def test_an_internship_lies_within_the_participation(cast, activity, participant):
    with pytest.raises(ValidationError) as error:
        place(cast, activity, participant, starts_on=D(2019, 1, 15))  # participation from 01.02.2019
    assert "before_participation" in codes(error, "starts_on")


def test_placing_assigns_the_participant_to_the_activity(cast, internship, activity, participant):
    member = ActivityParticipant.objects.get(activity=activity, participant=participant)
    assert member.assigned_on == D(2019, 3, 1)


# --- permissions -------------------------------------------------------------------------------------------


def test_the_auditor_and_a_social_worker_cannot_place_or_record(cast, project, activity, participants):
    rate(project, D(2019, 1, 1), "1200.00")
    internship = place(cast, activity, participants[0])
    for user in (cast.audytor, cast.pracownik, cast.specjalista):
        with pytest.raises(PermissionDenied):
            internship_services.internship_create(
                actor=user,
                activity=activity,
                participant=participants[1],
                employer="X",
                mentor="Y",
                starts_on=D(2019, 3, 1),
                ends_on=D(2019, 3, 31),
            )
        with pytest.raises(PermissionDenied):
            record(cast, internship, D(2019, 3, 1), "160", actor=user)
    assert not InternshipMonth.objects.exists()


def test_the_specialist_of_the_activity_records_the_timesheet(cast, internship, activity):
    activity.specialist = cast.specjalista
    activity.save()
    month = record(cast, internship, D(2019, 3, 1), "160", actor=cast.specjalista)
    assert month.stipend == Decimal("1200.00")


# --- pages -------------------------------------------------------------------------------------------------


def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def test_the_internship_page_shows_months_and_stipends(cast, client_for, internship):
    record(cast, internship, D(2019, 3, 1), "160", "8", "16")
    client = english(client_for(cast.koordynator))
    page = client.get(reverse("support:internship", args=[internship.pk]))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Piekarnia Kłos" in text and "Anna Mentorska" in text
    assert "1,080.00 zł" in text
    assert "03.2019" in text
    assert reverse("support:internship_timesheet", args=[internship.pk, "2019-03"]) in text
    assert '<option value="2019-04" selected>' in text  # the next month to record


def test_the_internship_page_is_404_out_of_scope_and_403_without_the_path(cast, client_for, internship):
    assert (
        client_for(cast.pracownik2).get(reverse("support:internship", args=[internship.pk])).status_code
        == 404
    )
    assert (
        client_for(cast.pracownik).get(reverse("support:internship", args=[internship.pk])).status_code == 200
    )


def test_recording_a_month_on_the_page_shows_errors_next_to_the_field(cast, client_for, internship):
    client = english(client_for(cast.koordynator))
    url = reverse("support:internship_month", args=[internship.pk])
    page = client.post(
        url, {"month": "2019-03", "hours_scheduled": "100", "hours_excused": "60", "hours_unexcused": "41"}
    )
    assert page.status_code == 200
    assert "cannot exceed the hours scheduled" in page.content.decode()
    assert not InternshipMonth.objects.exists()
    page = client.post(
        url, {"month": "2019-03", "hours_scheduled": "160", "hours_excused": "0", "hours_unexcused": "16"}
    )
    assert page.status_code == 302
    assert InternshipMonth.objects.get().stipend == Decimal("1080.00")


def test_a_social_worker_may_not_post_a_month(cast, client_for, internship):
    url = reverse("support:internship_month", args=[internship.pk])
    page = client_for(cast.pracownik).post(url, {"month": "2019-03", "hours_scheduled": "160"})
    assert page.status_code == 403


def test_creating_an_internship_on_the_page(cast, client_for, project, activity, participant):
    client = english(client_for(cast.koordynator))
    url = reverse("support:internship_create", args=[participant.pk])
    data = {
        "activity": activity.pk,
        "employer": "Sklep ABC",
        "employer_nip": "1234563219",
        "mentor": "Jan Opiekun",
        "position": "sprzedawca",
        "agreement_number": "ST/2",
        "starts_on": "2019-04-01",
        "ends_on": "2019-06-30",
        "hours_per_month": "160",
    }
    page = client.post(url, data)
    assert page.status_code == 200
    assert "This NIP is not valid." in page.content.decode()
    assert 'value="Sklep ABC"' in page.content.decode()  # nothing typed is lost
    page = client.post(url, {**data, "employer_nip": "1234563218"})
    assert page.status_code == 302
    internship = participant.internships.get()
    assert page["Location"] == reverse("support:internship", args=[internship.pk])
    assert client_for(cast.pracownik2).get(url).status_code == 404
    assert client_for(cast.audytor).get(url).status_code == 403
