"""The questionnaire as versioned data: the 2021 version loaded by the migration is valid and has the
regulation's shape; a broken structure is refused; the version in force on the interview's date is used;
a new version or a correction is loaded from data without code."""

import datetime
import json

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from szansa.domain.interviews import selectors, services
from szansa.domain.interviews import structure as form
from szansa.domain.interviews.models import Questionnaire
from szansa.lib.errors import ServiceError
from tests.factories.interviews import SMALL_STRUCTURE, QuestionnaireFactory, rws_2021

pytestmark = pytest.mark.django_db


def test_the_2021_questionnaire_has_part_one_a_to_j_with_a_h_i_j_mandatory():
    questionnaire = rws_2021()
    form.validate_structure(questionnaire.structure)
    parts = {part["code"]: part for part in form.parts(questionnaire.structure)}
    assert set(parts) == {"I", "IV", "OSW"}  # Part I, the update (Part IV), the asset declaration
    segments = {s["code"]: s["required"] for s in parts["I"]["segments"]}
    assert list(segments) == list("ABCDEFGHIJ")
    assert [code for code, required in segments.items() if required] == ["A", "H", "I", "J"]
    assert parts["IV"]["kinds"] == ["update"]
    assert questionnaire.valid_from == datetime.date(2021, 11, 11)
    assert questionnaire.valid_to is None
    assert "Dz.U. 2021 poz. 893" in questionnaire.legal_source


def test_question_codes_are_unique_and_health_questions_are_flagged():
    structure = rws_2021().structure
    codes = [q["code"] for _p, _s, q in form.iter_questions(structure)]
    assert len(codes) == len(set(codes))
    # the health segment (I.E), the health reasons of art. 7 and the health changes of the update
    assert {"I.E.1", "I.E.2", "I.E.3", "I.H.4", "IV.A.8"} <= form.health_codes(structure)
    assert "I.E.1" not in form.questions_by_code(form.without_health(structure))


@pytest.mark.parametrize(
    "broken, message",
    [
        ({"parts": []}, "Struktura musi mieć listę części."),
        (
            {
                "parts": [
                    {
                        "code": "I",
                        "title": "I",
                        "segments": [
                            {
                                "code": "A",
                                "title": "A",
                                "questions": [
                                    {"code": "Q1", "label": "a", "type": "text"},
                                    {"code": "Q1", "label": "b", "type": "text"},
                                ],
                            }
                        ],
                    }
                ]
            },
            "Kod pytania Q1 występuje dwa razy.",
        ),
        (
            {
                "parts": [
                    {
                        "code": "I",
                        "title": "I",
                        "segments": [
                            {
                                "code": "A",
                                "title": "A",
                                "questions": [{"code": "Q1", "label": "a", "type": "slider"}],
                            }
                        ],
                    }
                ]
            },
            "Pytanie Q1: nieznany typ slider.",
        ),
        (
            {
                "parts": [
                    {
                        "code": "I",
                        "title": "I",
                        "segments": [
                            {
                                "code": "A",
                                "title": "A",
                                "questions": [{"code": "Q1", "label": "a", "type": "choice"}],
                            }
                        ],
                    }
                ]
            },
            "Pytanie Q1: pytanie tego typu musi mieć listę odpowiedzi.",
        ),
        (
            {
                "parts": [
                    {
                        "code": "I",
                        "title": "I",
                        "segments": [
                            {
                                "code": "A",
                                "title": "A",
                                "questions": [
                                    {
                                        "code": "Q1",
                                        "label": "a",
                                        "type": "text",
                                        "prefill": "person.shoe_size",
                                    }
                                ],
                            }
                        ],
                    }
                ]
            },
            "Pytanie Q1: nieznany klucz wypełniania z rejestru person.shoe_size.",
        ),
    ],
)
def test_a_broken_structure_is_refused_with_a_polish_message(broken, message):
    with pytest.raises(ValidationError) as refused:
        form.validate_structure(broken)
    assert message in refused.value.messages
    questionnaire = QuestionnaireFactory.build(structure=broken)
    with pytest.raises(ValidationError):
        questionnaire.full_clean()


@pytest.fixture
def second_version():
    """The 2021 version ends on 30 June 2026; a new one is in force from 1 July 2026."""
    old = rws_2021()
    old.valid_to = datetime.date(2026, 6, 30)
    old.full_clean()
    old.save()
    return QuestionnaireFactory(code="rws-2026", valid_from=datetime.date(2026, 7, 1), valid_to=None)


@pytest.mark.parametrize(
    "day, code",
    [
        (datetime.date(2026, 6, 30), "rws-2021"),  # the day before the new version's valid_from
        (datetime.date(2026, 7, 1), "rws-2026"),  # its first day
        (datetime.date(2026, 7, 2), "rws-2026"),  # the day after
    ],
)
def test_the_version_in_force_on_the_interviews_date_is_used(second_version, cast, day, code):
    assert selectors.questionnaire_for(day).code == code
    interview = services.interview_start(cast.person_a, cast.pracownik, day)
    assert interview.questionnaire.code == code


def test_no_version_before_the_first_is_refused_in_polish(cast):
    # the 2021 questionnaire is the first one Szansa keeps; 10 Nov 2021 is the day before it
    with pytest.raises(ServiceError) as refused:
        selectors.questionnaire_for(datetime.date(2021, 11, 10))
    assert refused.value.message_dict == {
        "conducted_on": ["Dnia 10.11.2021 nie obowiązuje żadna wersja kwestionariusza wywiadu."]
    }
    assert selectors.questionnaire_for(datetime.date(2021, 11, 11)).code == "rws-2021"


def test_overlapping_versions_are_refused():
    clash = QuestionnaireFactory.build(code="rws-x", valid_from=datetime.date(2024, 1, 1), valid_to=None)
    with pytest.raises(ValidationError) as refused:
        clash.full_clean()
    assert refused.value.message_dict["valid_from"] == [
        "Okres nakłada się na wersję rws-2021; najpierw zakończ tamtą."
    ]


def test_a_new_version_and_a_correction_are_loaded_from_data(tmp_path):
    path = tmp_path / "form.json"
    row = {
        "code": "rws-test",
        "title": "Kwestionariusz (wersja testowa)",
        "valid_from": "2001-01-01",
        "valid_to": "2001-12-31",
        "legal_source": "Synthetic.",
        "structure": SMALL_STRUCTURE,
    }
    path.write_text(json.dumps(row), encoding="utf-8")
    call_command("load_questionnaire", str(path))
    assert Questionnaire.objects.get(code="rws-test").title == "Kwestionariusz (wersja testowa)"
    row["title"] = "Kwestionariusz (poprawiony)"
    questionnaire, created = services.questionnaire_load(row)
    assert (created, questionnaire.title) == (False, "Kwestionariusz (poprawiony)")
    row["structure"] = {"parts": []}
    with pytest.raises(ValidationError):
        services.questionnaire_load(row)
    assert Questionnaire.objects.get(code="rws-test").structure == SMALL_STRUCTURE


def test_the_shipped_data_file_equals_the_migrated_version():
    from pathlib import Path

    import szansa.domain.interviews as app

    data = json.loads((Path(app.__file__).parent / "data" / "rws-2021.json").read_text(encoding="utf-8"))
    assert rws_2021().structure == data["structure"]


def test_a_broken_structure_is_refused_even_by_a_plain_save():
    questionnaire = rws_2021()
    questionnaire.structure = {"parts": [{"code": "I", "title": "I", "segments": []}]}
    with pytest.raises(ValidationError) as refused:
        questionnaire.save()
    assert refused.value.messages == ["Część I nie ma segmentów."]
