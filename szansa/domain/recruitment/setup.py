"""Recruitment set-up: the rounds, eligibility rules and scoring criteria of a project's target groups,
written by whoever runs the project's recruitment (recruitment.manage: administrator, centre manager,
the project's coordinator). Pages, the API and the demo all call these; every write is validated in
full (models' `clean`: a round inside the project's period, at least one place, sane points, parameters
that suit the criterion) and saved under the audit actor (docs/recruitment.md).
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from szansa.domain.recruitment.models import (
    EligibilityRule,
    RecruitmentRound,
    RuleCriterion,
    ScoringCriterion,
)
from szansa.domain.recruitment.services import DENIED
from szansa.lib.services import require, save_validated

MANAGE = "recruitment.manage"


def round_save(*, actor, round: RecruitmentRound) -> RecruitmentRound:
    """Create or change a round of a target group."""
    require(actor, MANAGE, round.target_group, message=DENIED)
    if round.pk:
        stored = RecruitmentRound.objects.get(pk=round.pk)
        if stored.target_group_id != round.target_group_id and stored.applications.exists():
            raise ValidationError(
                {"target_group": _("The round has applications; it cannot move to another target group.")},
                code="round_has_applications",
            )
    return save_validated(actor, round)


def round_delete(*, actor, round: RecruitmentRound) -> None:
    """Remove a round that has no applications (one with applications stays: it is their history)."""
    require(actor, MANAGE, round.target_group, message=DENIED)
    if round.applications.exists():
        raise ValidationError(
            _("The round has applications; it cannot be removed."), code="round_has_applications"
        )
    round.delete()


@transaction.atomic
def rule_save(*, actor, rule: EligibilityRule, criteria: list[dict] | None = None) -> EligibilityRule:
    """Create or change an eligibility rule; `criteria` (a list of {"criterion", "parameters"}) replaces
    its criteria in that order. A rule needs at least one criterion. Errors of a criterion are reported
    under `criteria` with its number."""
    require(actor, MANAGE, rule.target_group, message=DENIED)
    if criteria is not None and not criteria:
        raise ValidationError(
            {"criteria": _("An eligibility rule needs at least one criterion.")}, code="rule_empty"
        )
    save_validated(actor, rule)
    if criteria is None:
        return rule
    rule.criteria.all().delete()
    for position, row in enumerate(criteria):
        record = RuleCriterion(
            rule=rule, criterion=row["criterion"], parameters=row.get("parameters") or {}, position=position
        )
        try:
            save_validated(actor, record)
        except ValidationError as error:
            messages = "; ".join(error.messages)
            raise ValidationError(
                {
                    "criteria": _("Criterion %(number)s (%(name)s): %(errors)s")
                    % {"number": position + 1, "name": row["criterion"], "errors": messages}
                },
                code="rule_criterion_invalid",
            ) from error
    return rule


def rule_delete(*, actor, rule: EligibilityRule) -> None:
    require(actor, MANAGE, rule.target_group, message=DENIED)
    rule.delete()


def scoring_save(*, actor, scoring: ScoringCriterion) -> ScoringCriterion:
    require(actor, MANAGE, scoring.target_group, message=DENIED)
    return save_validated(actor, scoring)


def scoring_delete(*, actor, scoring: ScoringCriterion) -> None:
    require(actor, MANAGE, scoring.target_group, message=DENIED)
    scoring.delete()
