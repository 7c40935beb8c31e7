"""Recruitment documents as PDF (WeasyPrint) and the ranking as XLSX.

For signature: the participation declaration, the GDPR information clause with the consent, and the
statement of eligibility listing the criteria evaluated. For the coordinator: the ranking list and
the waiting list (lista rezerwowa) of a round, as PDF and XLSX.

Each document is an HTML template under templates/recruitment/pdf/ (font "DejaVu Sans", so Polish
letters print); the `*_html` functions build that HTML (tests read it) and `render_pdf` prints it.
The criteria come from the stored verification (Application.results) or, before verification, from
eligibility.evaluate: the same function the pages and the API use, never re-judged here.
"""

import datetime

from django.template.loader import render_to_string
from django.utils.text import slugify
from django.utils.translation import gettext as _

from szansa.domain.recruitment import eligibility, enums, exports, selectors
from szansa.domain.recruitment.access import target_group_label
from szansa.domain.recruitment.models import Application, Participant, RecruitmentRound
from szansa.lib.pdf import render_pdf  # noqa: F401 - prints these documents (the views, through lib.views)

FILE_PREFIXES = {
    "declaration": "deklaracja-uczestnictwa",
    "gdpr": "klauzula-rodo-zgoda",
    "eligibility": "oswiadczenie-kryteria",
    "ranking": "lista-rankingowa",
}


def filename(kind: str, obj, extension: str = "pdf") -> str:
    if isinstance(obj, RecruitmentRound):
        name = slugify(obj.name) or "nabor"
    else:
        name = slugify(obj.person.last_name.replace("ł", "l").replace("Ł", "L")) or "osoba"
    return f"{FILE_PREFIXES[kind]}-{name}-{obj.pk}.{extension}"


def _group(group, *, user=None, show_health=None) -> str:
    """ "2019: name", the name neutral for a reader without health access when it tells a health fact."""
    if group is None:
        return ""
    if user is None and show_health is None:
        show_health = True
    return f"{group.year}: {target_group_label(group, user, show_health=show_health)}"


def _common(application: Application, today: datetime.date, show_health: bool = True) -> dict:
    return {
        "application": application,
        "person": application.person,
        "project": application.project,
        # a group named after a health attribute has a neutral name for a reader without health access
        "target_group": _group(application.target_group, show_health=show_health),
        "today": today,
    }


def declaration_html(application: Application, *, today: datetime.date, show_health: bool = True) -> str:
    participant = Participant.objects.filter(application=application).first()
    return render_to_string(
        "recruitment/pdf/declaration.html",
        {**_common(application, today, show_health), "participant": participant},
    )


def gdpr_html(application: Application, *, today: datetime.date, show_health: bool = True) -> str:
    return render_to_string("recruitment/pdf/gdpr.html", _common(application, today, show_health))


def criteria_of(
    application: Application, *, today: datetime.date, show_health: bool
) -> tuple[list, list, int, datetime.date]:
    """(eligibility rows, scoring rows, score, the day evaluated): the stored verification, or an
    evaluation today with the documents received when the application is not verified yet."""
    if application.verified_on is not None:
        results, on = application.results, application.verified_on
    else:
        on = today
        results = eligibility.evaluate(
            application.person,
            application.target_group,
            on,
            documents=eligibility.documents_of(application),
            income_month=eligibility.default_income_month(application.submitted_on),
        ).stored_results()
    score = sum(
        row.get("points", 0)
        for row in results
        if row.get("scoring", False) and row["outcome"] == enums.Outcome.PASSED
    )
    rows = []
    for row in results:
        # a criterion on a health attribute reads "hidden", not "passed", without health access
        outcome = eligibility.stored_outcome(row, show_health)
        rows.append(
            {
                "name": eligibility.stored_name(row),
                "outcome": outcome,
                "outcome_display": _("hidden")
                if outcome == eligibility.HIDDEN
                else enums.Outcome(outcome).label,
                "reason": eligibility.stored_reason(row, show_health),
                "points": row.get("points", 0),
                "scoring": row.get("scoring", False),
            }
        )
    scoring = [row for row in rows if row["scoring"]]
    return [row for row in rows if not row["scoring"]], scoring, score, on


def eligibility_html(application: Application, *, today: datetime.date, show_health: bool = True) -> str:
    criteria, scoring, score, on = criteria_of(application, today=today, show_health=show_health)
    context = {
        **_common(application, today, show_health),
        "criteria": criteria,
        "scoring": scoring,
        "score": score,
        "evaluated_on": on,
    }
    return render_to_string("recruitment/pdf/eligibility.html", context)


# --- ranking and waiting list -----------------------------------------------------------------------------


def ranking_headers() -> list[str]:
    return [
        _("Position"),
        _("First name and surname"),
        _("Application no."),
        _("Score"),
        _("Submitted on"),
        _("Income per person (zł)"),
        _("Status"),
    ]


def ranking_rows(applications) -> list[list]:
    """One row per ranked application, in ranking order (pure: the rows the PDF and XLSX share)."""
    return [
        [
            a.rank,
            a.person.full_name,
            a.pk,
            a.score,
            a.submitted_on,
            a.income_per_person,
            str(a.get_status_display()),
        ]
        for a in applications
    ]


def ranking_lists(round: RecruitmentRound, visible=None) -> tuple[list, list]:
    """(ranking, waiting list) of a round; `visible`: an Application queryset limiting the rows."""
    ranking = selectors.ranking(round)
    waiting = selectors.waiting_list(round)
    if visible is not None:
        ranking = ranking.filter(pk__in=visible.values("pk"))
        waiting = waiting.filter(pk__in=visible.values("pk"))
    return ranking_rows(ranking), ranking_rows(waiting)


def tie_break() -> str:
    return _("Order: score descending; ties: the earlier application, then the lower income per person.")


def ranking_html(
    round: RecruitmentRound, ranking: list, waiting: list, *, today: datetime.date, user=None
) -> str:
    context = {
        "round": round,
        "target_group": _group(round.target_group, user=user),
        "project": round.project,
        "today": today,
        "tie_break": tie_break(),
        "headers": ranking_headers(),
        "lists": [
            (_("Ranking list"), ranking, "ranking"),
            (_("Waiting list"), waiting, "waiting"),
        ],
    }
    return render_to_string("recruitment/pdf/ranking.html", context)


def ranking_xlsx(round: RecruitmentRound, ranking: list, waiting: list) -> bytes:
    headers = ranking_headers()
    return exports.write_xlsx(
        [(_("Ranking list")[:31], headers, ranking), (_("Waiting list")[:31], headers, waiting)]
    )
