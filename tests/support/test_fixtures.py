"""The shared fixtures build what the support tests assume."""

import pytest

pytestmark = pytest.mark.django_db


def test_three_participants_of_team_a_in_a_project_with_a_specialist_on_its_staff(
    cast, participants, project
):
    assert [p.person.responsible_worker for p in participants] == [cast.pracownik] * 3
    assert cast.specjalista.has_perm("projects.view_project", project)
    assert not cast.specjalista.has_perm("support.view_path", participants[0])  # serves nobody yet
    assert cast.pracownik.has_perm("support.change_path", participants[0])
    assert not cast.pracownik2.has_perm("support.view_path", participants[0])
