"""The error summary of a page's forms (the GOV.UK pattern): `{% error_summary %}` in base.html lists every
error of every bound form or formset in the page's context, each a link to its field, so that each form gets
it without its template doing anything. szansa.js moves the focus to the summary when the page loads."""

from django import template
from django.forms import BaseForm
from django.forms.formsets import BaseFormSet

register = template.Library()


def _validated(form_or_formset):
    """True once the view has validated it (is_valid() or .errors): the summary never validates a bound form
    that the view left alone (a filter form bound to an empty query, say)."""
    return form_or_formset.is_bound and getattr(form_or_formset, "_errors", None) is not None


def _validated_forms(value):
    """The validated forms in a context value: the value itself if it is a form, the forms of a formset (the
    formset's own errors are listed apart), or nothing."""
    if isinstance(value, BaseForm):
        return [value] if _validated(value) else []
    if isinstance(value, BaseFormSet) and _validated(value):
        return [form for form in value.forms if _validated(form)]
    return []


def summary_entries(context):
    """(text, anchor) of every error in the page's forms; anchor is the id of the field to jump to (the form's
    first field for an error of the whole form), or "" where there is none (a hidden field, a formset's own
    error). A form that sits under several names is listed once."""
    entries, seen = [], set()
    for value in context.flatten().values():
        if isinstance(value, BaseFormSet) and _validated(value) and id(value) not in seen:
            seen.add(id(value))
            entries += [(str(error), "") for error in value.non_form_errors()]
        for form in _validated_forms(value):
            if id(form) in seen or not form.errors:
                continue
            seen.add(id(form))
            # An error of the whole form leads to its first field (where correcting it starts).
            visible = [field for field in form if not field.is_hidden]
            first = (visible[0].id_for_label or visible[0].auto_id or "") if visible else ""
            entries += [(str(error), first) for error in form.non_field_errors()]
            for field in form:
                if field.is_hidden:
                    entries += [(f"{field.label}: {error}", "") for error in field.errors]
                    continue
                anchor = field.id_for_label or field.auto_id or ""
                entries += [(f"{field.label}: {error}", anchor) for error in field.errors]
    return entries


@register.inclusion_tag("core/error_summary.html", takes_context=True)
def error_summary(context):
    return {"entries": summary_entries(context)}
