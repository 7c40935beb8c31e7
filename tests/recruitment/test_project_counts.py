"""The project's dashboard counts the main participants who hold a place (issue 3 × issue 4)."""

import datetime

import pytest
from django.conf import settings
from django.urls import reverse

from szansa.domain.recruitment import services
from szansa.domain.recruitment.selectors import participants_count
from tests.factories.recruitment import with_consent

pytestmark = pytest.mark.django_db
START = datetime.date(2019, 3, 1)


def test_enrolled_main_participants_count_on_the_dashboard_and_the_list(
    cast, project, target_group, client_for
):
    assert participants_count(project) == 0
    for person in (cast.person_a, cast.person_b):
        services.participant_enrol(
            actor=cast.koordynator,
            person=with_consent(person),
            project=project,
            target_group=target_group,
            start_date=START,
        )
    assert participants_count(project) == 2
    client = client_for(cast.koordynator)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(reverse("projects:project_detail", args=[project.pk])).content.decode()
    assert "<strong>2</strong> / 10" in html
    assert reverse("recruitment:board", args=[project.pk]) in html
    listing = client.get(reverse("projects:project_list")).content.decode()
    assert "2 / 10" in listing
