"""Charts of the project dashboard, drawn on the server as inline SVG (no JavaScript, no CDN).

Every text that comes from data is escaped; every bar carries a <title> so screen readers and a
mouse hover give the exact figure.
"""

import datetime
from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from szansa.lib.money import format_pln

# makemessages (xgettext) does not see _() inside f-strings: these markers put the chart texts
# into the translation catalogues; the _() calls below translate them at run time.
CHART_TEXTS = (
    gettext_noop("Budget execution by task: plan and spent"),
    gettext_noop("plan after shifts"),
    gettext_noop("spent"),
    gettext_noop("The budget has no tasks yet."),
    gettext_noop("Plan"),
    gettext_noop("Spent"),
    gettext_noop("Project timeline"),
    gettext_noop("days"),
    gettext_noop("Payment claim"),
    gettext_noop("today"),
)

PLAN_COLOUR = "#9db7d5"
SPENT_COLOUR = "#1f5f99"
OVER_COLOUR = "#b3261e"


def _num(value: float) -> str:
    return f"{value:.1f}"


def _pct(value: Decimal) -> str:
    return f"{value:.2f}".replace(".", ",") + " %"


def budget_chart(tasks) -> SafeString:
    """Horizontal bars per budget task: the plan after shifts and what has been spent.

    `tasks` is the list of selectors.TaskExecution of one project.
    """
    label_width, bar_width, row_height, top = 260, 420, 46, 34
    width = label_width + bar_width + 150
    height = top + row_height * max(len(tasks), 1) + 10
    largest = max([t.execution.plan for t in tasks] + [t.execution.spent for t in tasks] + [Decimal(1)])
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart budget-chart" role="img" '
        f'viewBox="0 0 {width} {height}" width="100%" style="max-width:{width}px" '
        f'aria-labelledby="budget-chart-title">',
        f'<title id="budget-chart-title">{escape(_("Budget execution by task: plan and spent"))}</title>',
        f'<rect x="{label_width}" y="6" width="14" height="12" fill="{PLAN_COLOUR}"/>',
        f'<text x="{label_width + 20}" y="16" font-size="13">{escape(_("plan after shifts"))}</text>',
        f'<rect x="{label_width + 230}" y="6" width="14" height="12" fill="{SPENT_COLOUR}"/>',
        f'<text x="{label_width + 250}" y="16" font-size="13">{escape(_("spent"))}</text>',
    ]
    if not tasks:
        parts.append(
            f'<text x="10" y="{top + 20}" font-size="14">{escape(_("The budget has no tasks yet."))}</text>'
        )
    for index, row in enumerate(tasks):
        execution = row.execution
        y = top + index * row_height
        plan_w = float(execution.plan / largest) * bar_width
        spent_w = float(execution.spent / largest) * bar_width
        name = f"{row.task.number}. {row.task.name}"
        short = name if len(name) <= 34 else name[:33] + "…"
        spent_colour = OVER_COLOUR if execution.spent > execution.plan else SPENT_COLOUR
        parts.append(f'<g class="task-bar" data-task="{row.task.number}">')
        parts.append(
            f'<text x="{label_width - 8}" y="{y + 20}" font-size="13" text-anchor="end">'
            f"<title>{escape(name)}</title>{escape(short)}</text>"
        )
        parts.append(
            f'<rect class="bar-plan" x="{label_width}" y="{y + 4}" width="{_num(plan_w)}" height="16" '
            f'fill="{PLAN_COLOUR}"><title>{escape(_("Plan"))}: {escape(format_pln(execution.plan))}'
            f"</title></rect>"
        )
        parts.append(
            f'<rect class="bar-spent" x="{label_width}" y="{y + 22}" width="{_num(spent_w)}" height="16" '
            f'fill="{spent_colour}"><title>{escape(_("Spent"))}: {escape(format_pln(execution.spent))}'
            f"</title></rect>"
        )
        parts.append(
            f'<text x="{label_width + max(plan_w, spent_w) + 8:.1f}" y="{y + 26}" font-size="13">'
            f"{escape(_pct(execution.percent_executed))}</text>"
        )
        parts.append("</g>")
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every data value above is escaped


def timeline_chart(project, claims, today: datetime.date) -> SafeString:
    """The project period with a marker for today and one for each payment claim's period end."""
    width, left, right, axis_y = 760, 20, 20, 40
    span = max((project.end - project.start).days, 1)
    first = min([project.start, today] + [c.period_from for c in claims])
    last = max([project.end, today] + [c.period_to for c in claims])
    total = max((last - first).days, 1)
    usable = width - left - right

    def x(day: datetime.date) -> float:
        return left + (day - first).days / total * usable

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart timeline-chart" role="img" '
        f'viewBox="0 0 {width} 110" width="100%" style="max-width:{width}px" '
        f'aria-labelledby="timeline-title">',
        f'<title id="timeline-title">{escape(_("Project timeline"))}</title>',
        f'<line x1="{left}" y1="{axis_y}" x2="{width - right}" y2="{axis_y}" '
        'stroke="#c7d0d9" stroke-width="2"/>',
        f'<rect class="period" x="{_num(x(project.start))}" y="{axis_y - 8}" '
        f'width="{_num(max(x(project.end) - x(project.start), 2))}" height="16" fill="{PLAN_COLOUR}">'
        f"<title>{project.start:%d.%m.%Y} – {project.end:%d.%m.%Y} ({span + 1} "
        f"{escape(_('days'))})</title></rect>",
        f'<text x="{_num(x(project.start))}" y="{axis_y + 30}" font-size="12">'
        f"{project.start:%d.%m.%Y}</text>",
        f'<text x="{_num(x(project.end))}" y="{axis_y + 30}" font-size="12" text-anchor="end">'
        f"{project.end:%d.%m.%Y}</text>",
    ]
    for claim in claims:
        cx = x(claim.period_to)
        parts.append(
            f'<circle class="claim" cx="{_num(cx)}" cy="{axis_y}" r="5" fill="{SPENT_COLOUR}">'
            f"<title>{escape(_('Payment claim'))} {escape(claim.number)}: {claim.period_from:%d.%m.%Y} – "
            f"{claim.period_to:%d.%m.%Y}, {escape(format_pln(claim.amount_claimed))} "
            f"({escape(claim.get_status_display())})</title></circle>"
        )
    tx = x(today)
    parts.append(
        f'<line class="today" x1="{_num(tx)}" y1="8" x2="{_num(tx)}" y2="{axis_y + 14}" '
        f'stroke="{OVER_COLOUR}" stroke-width="2" stroke-dasharray="4 3"/>'
        f'<text x="{_num(tx)}" y="16" font-size="12" fill="{OVER_COLOUR}" '
        f'text-anchor="{"end" if tx > width / 2 else "start"}" dx="{-4 if tx > width / 2 else 4}">'
        f"{escape(_('today'))} {today:%d.%m.%Y}</text>"
    )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every data value above is escaped
