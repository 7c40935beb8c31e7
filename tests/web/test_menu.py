"""The main menu is grouped by area (issue 16) and each role sees exactly the items it saw before the
grouping: the links of the menu are compared, for every demo account, with those of the former flat menu
(rendered here from a copy of its template), plus the data-protection and access-log items added
since (issue 13), the field app and the list of community interviews (issue 15), each shown only with
its permission."""

import re

import pytest
from django.template import Context, Template
from django.urls import reverse

from szansa.demo.people import ensure_demo_accounts

FORMER_MENU = """{% load i18n %}
<a href="{% url 'work:my_tasks' %}">x</a>
<a href="{% url 'people:person_list' %}">x</a>
<a href="{% url 'people:household_list' %}">x</a>
{% if perms.people.import_people %}<a href="{% url 'people:import_people' %}">x</a>{% endif %}
<a href="{% url 'projects:project_list' %}">x</a>
<a href="{% url 'recruitment:index' %}">x</a>
{% if perms.projects.view_call %}<a href="{% url 'projects:call_list' %}">x</a>{% endif %}
<a href="{% url 'housing:occupancy_board' %}">x</a>
<a href="{% url 'support:activity_list' %}">x</a>
{% if perms.work.view_workload %}<a href="{% url 'work:workload' %}">x</a>{% endif %}
<a href="{% url 'api-docs' %}">x</a>
{% if user.is_staff %}<a href="{% url 'admin:index' %}">x</a>{% endif %}
{% if perms.privacy.view_requests %}<a href="{% url 'privacy:review_list' %}">x</a>{% endif %}
{% if perms.accounts.view_access_log %}<a href="{% url 'access_log:entries' %}">x</a>{% endif %}
{% if perms.interviews.conduct_interview %}<a href="{% url 'field:app' %}">x</a>{% endif %}
{% if perms.interviews.conduct_interview %}<a href="{% url 'interviews:list' %}">x</a>{% endif %}
"""


def links(html):
    return re.findall(r'<a href="([^"]+)"', html)


def former_links(user):
    from django.contrib.auth.context_processors import PermWrapper

    return links(Template(FORMER_MENU).render(Context({"user": user, "perms": PermWrapper(user)})))


def menu(html):
    return re.search(r'<nav aria-label="[^"]*" class="main-menu">(.*?)</nav>', html, re.S).group(1)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "username",
    ["admin", "kierownik", "koordynator", "pracownik", "pracownik2", "specjalista", "referent", "audytor"],
)
def test_each_role_sees_the_same_menu_items_as_before_the_grouping(client, username):
    user = ensure_demo_accounts()[username]
    client.force_login(user)
    html = menu(client.get(reverse("core:home")).content.decode())
    assert sorted(links(html)) == sorted(former_links(user))


@pytest.mark.django_db
def test_the_menu_groups_items_by_area_in_disclosures(client):
    client.force_login(ensure_demo_accounts()["admin"])
    html = menu(client.get(reverse("core:home")).content.decode())
    groups = re.findall(r'<details class="menu-group"><summary>([^<]+)</summary>', html)
    assert groups == ["Zadania", "Rejestr", "Projekty i rekrutacja", "Narzędzia"]
    assert "onclick" not in html and "<script" not in html


@pytest.mark.django_db
@pytest.mark.parametrize("username", ["pracownik", "referent"])
def test_an_area_with_one_item_for_the_user_is_a_plain_link(client, username):
    user = ensure_demo_accounts()[username]
    client.force_login(user)
    html = menu(client.get(reverse("core:home")).content.decode())
    # Tasks: my tasks, and the workload or the field app for interviews (issue 15) for those who may.
    tasks_alone = not (user.has_perm("work.view_workload") or user.has_perm("interviews.conduct_interview"))
    assert ("<summary>Zadania</summary>" not in html) == tasks_alone
    if tasks_alone:
        assert f'<li><a href="{reverse("work:my_tasks")}"' in html
    if not user.is_staff:
        assert f'<li><a href="{reverse("api-docs")}">' in html
