"""The own account (issue 13): staff change their own password (Django's validators, Polish errors),
seed_demo refuses to run with DEBUG off unless told explicitly, and `next` redirects stay on the site."""

import pytest
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from szansa.domain.accounts.models import User
from szansa.domain.work import services as work_services

pytestmark = pytest.mark.django_db

PASSWORD_URL = "/konto/haslo/"


def test_the_account_page_offers_the_password_change(cast, client_for):
    page = client_for(cast.pracownik).get("/konto/")

    assert page.status_code == 200
    body = page.content.decode()
    assert 'action="/konto/haslo/"' in body and 'name="old_password"' in body


def test_a_weak_password_is_refused_in_polish_and_the_old_one_still_works(cast, client_for):
    client = client_for(cast.pracownik)

    wrong_old = client.post(
        PASSWORD_URL, {"old_password": "nope", "new_password1": "x" * 20, "new_password2": "x" * 20}
    )
    weak = client.post(
        PASSWORD_URL,
        {"old_password": "szansa-test", "new_password1": "12345678", "new_password2": "12345678"},
    )

    assert wrong_old.status_code == 400
    assert "Podane stare hasło jest niepoprawne" in wrong_old.content.decode()
    assert weak.status_code == 400
    body = weak.content.decode()
    assert "To hasło jest za krótkie. Musi zawierać co najmniej 12 znaków." in body  # 8 < 12
    assert "To hasło jest zbyt powszechne." in body
    assert "Hasło składa się wyłącznie z cyfr." in body
    assert User.objects.get(pk=cast.pracownik.pk).check_password("szansa-test")


def test_a_good_password_is_changed_and_the_session_stays(cast, client_for):
    client = client_for(cast.pracownik)
    new = "Zielona-latarnia-1987"

    response = client.post(
        PASSWORD_URL, {"old_password": "szansa-test", "new_password1": new, "new_password2": new}
    )

    assert response.status_code == 302 and response["Location"] == "/konto/"
    assert client.get(cast.person_a.get_absolute_url()).status_code == 200  # still signed in
    assert authenticate(HttpRequest(), username="pracownik", password=new) == cast.pracownik
    assert authenticate(HttpRequest(), username="pracownik", password="szansa-test") is None


def test_another_users_account_page_is_for_the_administrator_only(cast, client_for):
    url = reverse("accounts:user_account", args=[cast.pracownik.pk])

    assert client_for(cast.kierownik).get(url).status_code == 403
    page = client_for(cast.admin).get(url)
    assert page.status_code == 200
    assert 'name="old_password"' not in page.content.decode()  # nobody changes another's password here


def test_seed_demo_refuses_to_run_with_debug_off_unless_told(db, settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="--i-know-this-is-not-production"):
        call_command("seed_demo", people=1, registry_only=True)

    assert not User.objects.filter(username="admin").exists()


def test_the_task_completion_does_not_redirect_to_another_site(cast, client_for):
    def new_task():
        return work_services.task_create(
            actor=cast.referent, kind="care_visit", person=cast.person_a, start_on=timezone.localdate()
        )

    client = client_for(cast.pracownik)
    outside = client.post(
        reverse("work:task_complete", args=[new_task().pk]), {"minutes": 5, "next": "https://evil.example/x"}
    )
    scheme_relative = client.post(
        reverse("work:task_complete", args=[new_task().pk]), {"minutes": 5, "next": "//evil.example/x"}
    )
    task = new_task()
    inside = client.post(
        reverse("work:task_complete", args=[task.pk]),
        {"minutes": 5, "next": reverse("work:task_detail", args=[task.pk])},
    )

    assert outside["Location"] == reverse("work:my_tasks")
    assert scheme_relative["Location"] == reverse("work:my_tasks")
    assert inside["Location"] == reverse("work:task_detail", args=[task.pk])


def test_the_sign_in_page_does_not_redirect_to_another_site(cast):
    from django.test import Client

    response = Client().post(
        "/login/?next=https://evil.example/", {"username": "pracownik", "password": "szansa-test"}
    )

    assert response.status_code == 302
    assert "evil.example" not in response["Location"]
