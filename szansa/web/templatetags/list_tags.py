"""Sortable column headers of list pages: a link inside the <th> that sorts by the column (a second click
reverses), the filters kept and the page reset; the sorted column carries aria-sort. The `ordering`
parameter is the list's OrderingFilter (the same one the API takes)."""

from django import template
from django.utils.html import format_html

register = template.Library()


@register.simple_tag(takes_context=True)
def sort_th(context, label, field, css_class="", param="ordering"):
    """<th scope="col"> with a link sorting by `field`; `aria-sort` on the column the list is sorted by."""
    query = context["request"].GET.copy()
    current = query.get(param, "")
    query.pop("page", None)
    if current == field:
        state, next_value = "ascending", f"-{field}"
    elif current == f"-{field}":
        state, next_value = "descending", field
    else:
        state, next_value = "", field
    query[param] = next_value
    class_attr = format_html(' class="{}"', css_class) if css_class else ""
    if state:
        # the arrow is decoration: assistive technology reads aria-sort
        return format_html(
            '<th scope="col" aria-sort="{}"{}><a href="?{}">{} <span aria-hidden="true">{}</span></a></th>',
            state,
            class_attr,
            query.urlencode(),
            label,
            "▲" if state == "ascending" else "▼",
        )
    return format_html('<th scope="col"{}><a href="?{}">{}</a></th>', class_attr, query.urlencode(), label)
