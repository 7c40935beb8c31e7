"""Community interviews: questionnaire versions, interviews, and builders that go through the services as
the users do (a community-interview task, a started interview, the mandatory answers)."""

import datetime

import factory

from szansa.domain.interviews import enums, services
from szansa.domain.interviews.models import Interview, Questionnaire
from szansa.domain.work import services as work_services
from tests.factories.accounts import SocialWorkerFactory
from tests.factories.people import PersonFactory

RWS_2021 = "rws-2021"

# A small questionnaire: one mandatory segment with a required question, one optional segment with a
# health question, and an update part.
SMALL_STRUCTURE = {
    "parts": [
        {
            "code": "I",
            "title": "Część I",
            "kinds": ["full"],
            "segments": [
                {
                    "code": "A",
                    "title": "Dane osoby",
                    "required": True,
                    "questions": [
                        {
                            "code": "I.A.1",
                            "label": "Imię i nazwisko",
                            "type": "text",
                            "required": True,
                            "prefill": "person.full_name",
                        },
                        {"code": "I.A.2", "label": "Liczba osób", "type": "number", "required": False},
                    ],
                },
                {
                    "code": "E",
                    "title": "Sytuacja zdrowotna",
                    "required": False,
                    "questions": [
                        {
                            "code": "I.E.1",
                            "label": "Stan zdrowia",
                            "type": "textarea",
                            "required": True,
                            "health": True,
                        },
                    ],
                },
            ],
        },
        {
            "code": "IV",
            "title": "Aktualizacja",
            "kinds": ["update"],
            "segments": [
                {
                    "code": "A",
                    "title": "Zmiany",
                    "required": True,
                    "questions": [
                        {"code": "IV.A.1", "label": "Opis zmian", "type": "textarea", "required": True},
                    ],
                }
            ],
        },
    ]
}


def rws_2021() -> Questionnaire:
    """The questionnaire of 2021 that the data migration loads."""
    return Questionnaire.objects.get(code=RWS_2021)


class QuestionnaireFactory(factory.django.DjangoModelFactory):
    """A small version of the questionnaire in force in 2000, before the one of 2021 (periods never
    overlap)."""

    class Meta:
        model = Questionnaire
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"test-form-{n + 1}")
    title = "Kwestionariusz testowy"
    valid_from = datetime.date(2000, 1, 1)
    valid_to = datetime.date(2000, 12, 31)
    legal_source = "Synthetic test version."
    structure = factory.LazyFunction(lambda: SMALL_STRUCTURE)


class InterviewFactory(factory.django.DjangoModelFactory):
    """A draft full interview in the questionnaire of 2021, at revision 1 with no answers."""

    class Meta:
        model = Interview

    person = factory.SubFactory(PersonFactory)
    kind = enums.InterviewKind.FULL
    questionnaire = factory.LazyFunction(rws_2021)
    conducted_on = datetime.date(2026, 1, 12)
    worker = factory.SubFactory(SocialWorkerFactory)


def interview_task(actor, person, start_on=datetime.date(2026, 1, 5), **extra):
    """An open community-interview task about the person, routed to their responsible worker."""
    return work_services.task_create(
        actor=actor, kind="community_interview", person=person, start_on=start_on, **extra
    )


def answers_for_completion(interview) -> dict:
    """The interview's answers with every required question of its mandatory segments answered."""
    answers = dict(interview.answers)
    for _part, _segment, questions in services.missing_answers(interview):
        for question in questions:
            answers[question["code"]] = _answer(question)
    return answers


def _answer(question):
    kind = question["type"]
    if kind in ("choice",):
        return question["choices"][0]["value"]
    if kind == "multichoice":
        return [question["choices"][0]["value"]]
    return {
        "number": 1,
        "money": "100.00",
        "date": "2026-01-12",
        "boolean": True,
    }.get(kind, "Opis sytuacji (dane syntetyczne).")
