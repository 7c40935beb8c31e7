"""The workload dashboard's chart, drawn on the server as inline SVG (the approach of
projects/charts.py): monthly share of social workers' time on administrative work, with the
reorganisation date marked."""

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

CHART_TEXTS = (
    gettext_noop("Share of social workers' time spent on administrative work, by month"),
    gettext_noop("reorganisation"),
    gettext_noop("no time recorded"),
    gettext_noop("before"),
    gettext_noop("after"),
)

BAR_COLOUR = "#1f5f99"
MARK_COLOUR = "#b3261e"
AVERAGE_COLOUR = "#6b7c8f"


def _pct(value) -> str:
    return f"{value:.1f}".replace(".", ",") + " %"


def admin_share_chart(result) -> SafeString:
    """Vertical bars (0-100 %) per month of a selectors.AdminShare, a dashed line at the
    reorganisation and the weighted shares before and after it as horizontal lines."""
    months = result.months
    left, top, plot_h, bottom = 44, 30, 220, 46
    slot = max(18, min(44, 720 // max(len(months), 1)))
    width = left + slot * max(len(months), 1) + 120
    height = top + plot_h + bottom

    def y(percent) -> float:
        return top + plot_h - float(percent) / 100 * plot_h

    title = escape(_("Share of social workers' time spent on administrative work, by month"))
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart admin-share-chart" role="img" '
        f'viewBox="0 0 {width} {height}" width="100%" style="max-width:{width}px" '
        f'aria-labelledby="admin-share-title">',
        f'<title id="admin-share-title">{title}</title>',
    ]
    for tick in (0, 25, 50, 75, 100):
        parts.append(
            f'<line x1="{left}" y1="{y(tick):.1f}" x2="{width - 80}" y2="{y(tick):.1f}" stroke="#e3e8ee"/>'
            f'<text x="{left - 6}" y="{y(tick) + 4:.1f}" font-size="11" text-anchor="end">{tick} %</text>'
        )
    marker_x = None
    for index, month in enumerate(months):
        x = left + index * slot
        if result.reorganisation and marker_x is None and month.month >= result.reorganisation:
            marker_x = x - 1
        label = f"{month.month:%m.%Y}"
        if month.percent is None:
            parts.append(
                f'<rect class="bar-empty" x="{x + 3}" y="{y(0) - 2}" width="{slot - 6}" height="2" '
                f'fill="#c7d0d9">'
                f"<title>{label}: {escape(_('no time recorded'))}</title></rect>"
            )
        else:
            parts.append(
                f'<rect class="bar" data-month="{month.month:%Y-%m}" x="{x + 3}" y="{y(month.percent):.1f}" '
                f'width="{slot - 6}" height="{y(0) - y(month.percent):.1f}" fill="{BAR_COLOUR}">'
                f"<title>{label}: {_pct(month.percent)} ({month.admin_minutes} / {month.total_minutes} min)"
                f"</title></rect>"
            )
        if len(months) <= 12 or index % 3 == 0:
            parts.append(
                f'<text x="{x + slot / 2:.1f}" y="{top + plot_h + 16}" font-size="10" text-anchor="middle">'
                f"{label}</text>"
            )
    end_x = left + slot * len(months)
    if result.reorganisation and marker_x is not None:
        for name, value, x1, x2 in (
            (_("before"), result.before, left, marker_x),
            (_("after"), result.after, marker_x, end_x),
        ):
            if value is not None:
                parts.append(
                    f'<line class="average" x1="{x1}" y1="{y(value):.1f}" x2="{x2}" y2="{y(value):.1f}" '
                    f'stroke="{AVERAGE_COLOUR}" stroke-width="2">'
                    f"<title>{escape(name)}: {_pct(value)}</title></line>"
                )
        parts.append(
            f'<line class="reorganisation" x1="{marker_x}" y1="{top - 12}" x2="{marker_x}" '
            f'y2="{top + plot_h}" '
            f'stroke="{MARK_COLOUR}" stroke-width="2" stroke-dasharray="5 3"/>'
            f'<text x="{marker_x + 4}" y="{top - 16}" font-size="12" fill="{MARK_COLOUR}">'
            f"{escape(_('reorganisation'))} {result.reorganisation:%d.%m.%Y}</text>"
        )
    for name, value, row in ((_("before"), result.before, 0), (_("after"), result.after, 1)):
        if value is not None:
            parts.append(
                f'<text x="{end_x + 8}" y="{top + 14 + row * 18}" font-size="12">'
                f"{escape(name)}: {_pct(value)}</text>"
            )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped or a number
