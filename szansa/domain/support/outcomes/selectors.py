"""Reads of outcomes: a participant's outcomes, and whether a page should offer recording a
qualification from an exam."""

from szansa.domain.recruitment.models import Participant
from szansa.domain.support import enums
from szansa.domain.support.models import ActivityParticipant, Outcome


def qualification_offered(member: ActivityParticipant) -> bool:
    """Whether a page should offer recording a qualification for this member of an activity: the exam is
    passed, the certificate has a number, the form of support gives a qualification, and no
    qualification outcome is recorded yet for the exam day."""
    return (
        member.exam_result == enums.ExamResult.PASSED
        and bool(member.certificate_number)
        and member.exam_on is not None
        and member.activity.form.gives_qualification
        and not Outcome.objects.filter(
            participant_id=member.participant_id,
            kind=enums.OutcomeKind.QUALIFICATION,
            achieved_on=member.exam_on,
        ).exists()
    )


def outcomes_of(participant: Participant):
    """A participant's outcomes by date, with the participant (for the classification) and the recorder."""
    return (
        Outcome.objects.filter(participant=participant)
        .select_related("participant", "recorded_by")
        .order_by("achieved_on", "pk")
    )
