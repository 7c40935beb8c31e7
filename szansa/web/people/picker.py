"""The person picker: one form field for every form that chooses a person (or a participant, a person in a
project), instead of a <select> of the whole registry.

- `PersonChoiceField` is a `ModelChoiceField` whose queryset is the set the form allows (the referable
  people, the participants an activity may take). It still validates server-side: an id outside that queryset,
  or a person the user may not see, is refused.
- `PersonPicker`, its widget, renders a text box (ARIA 1.2 combobox) with a hidden input for the chosen id.
  As one types, HTMX posts the text (a POST with the CSRF token: names and PESELs stay out of URLs and server
  logs) to `person_picker_search`, which answers the options of a listbox: name, birth date and the last
  digits of the PESEL, so that namesakes can be told apart. static/js/person_picker.js adds the keyboard
  (arrows, Enter, Tab, Escape) and the mouse.
- Without JavaScript the text box is a plain field: the form resolves what was typed (a PESEL, or a name that
  matches one person of the allowed set) and otherwise asks for more.

Which people the search offers: the same registry scope as the person list (`scope_persons`), narrowed by
the picker's *source*: a function `source(user, **kwargs)` returning the form's queryset, named by its dotted
path in a signed token (`picker_source`) that the page carries, so that the endpoint offers what the form
accepts and a client cannot name another function.
"""

from django import forms
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import ValidationError
from django.forms.utils import flatatt
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from szansa.domain.people.access import scope_persons
from szansa.domain.people.models import Person
from szansa.lib.access_log import log_access, route_of

SIGNING_SALT = "szansa.person-picker"
RESULT_LIMIT = 10
# The suffix of the text box's name: "<field>__search" beside the hidden "<field>".
SEARCH_SUFFIX = "__search"


def sign_source(path: str, **kwargs) -> str:
    return signing.dumps({"source": path, "kwargs": kwargs}, salt=SIGNING_SALT, compress=True)


def _person_of(obj, person_path: str) -> Person:
    for name in filter(None, person_path.split("__")):
        obj = getattr(obj, name)
    return obj


def person_text(person: Person) -> str:
    """What the text box shows once a person is chosen: the name and the birth date."""
    return _("%(name)s, born %(date)s") % {
        "name": person.full_name,
        "date": date_format(person.birth_date, "SHORT_DATE_FORMAT"),
    }


def pesel_hint(person: Person) -> str:
    """The last four digits of the PESEL ("…1234"), enough to tell namesakes apart without showing it."""
    return f"…{person.pesel[-4:]}" if person.pesel else ""


def matching(queryset, text: str, person_path: str = ""):
    """The objects of `queryset` whose person matches the typed text (the registry's search)."""
    people = Person.objects.search(text).values("pk")
    prefix = f"{person_path}__" if person_path else ""
    return queryset.filter(**{f"{prefix}pk__in": people})


class PersonPicker(forms.Widget):
    """A search-as-you-type text box with a hidden input holding the chosen object's id."""

    template_name = "core/person_picker.html"
    use_fieldset = False

    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.field = None  # set by PersonChoiceField

    def value_from_datadict(self, data, files, name):
        return (data.get(name) or "", data.get(name + SEARCH_SUFFIX) or "")

    def value_omitted_from_data(self, data, files, name):
        return name not in data and name + SEARCH_SUFFIX not in data

    def format_value(self, value):
        return value

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        chosen_pk, text = self.field.split_value(value) if self.field else ("", "")
        chosen = self.field.chosen(value) if self.field else None
        if chosen is not None and not text:
            text = person_text(_person_of(chosen, self.field.person_path))
        widget_attrs = context["widget"]["attrs"]
        widget_id = widget_attrs.get("id") or f"id_{name}"
        described = [widget_attrs.get("aria-describedby", ""), f"{widget_id}_pickerhint"]
        widget_attrs["aria-describedby"] = " ".join(filter(None, described))
        context["widget"].update(
            {
                "chosen_pk": chosen.pk if chosen is not None else chosen_pk,
                "text": text,
                "search_name": name + SEARCH_SUFFIX,
                "listbox_id": f"{widget_id}_listbox",
                "status_id": f"{widget_id}_status",
                "hint_id": f"{widget_id}_pickerhint",
                "attrs_html": flatatt(widget_attrs),
                "url": reverse("people:person_picker"),
                "source": self.field.source_token if self.field else "",
            }
        )
        return context

    def _render(self, template_name, context, renderer=None):
        # The project's template engine (templates/core/), not the form renderer's own.
        return render_to_string(template_name, context)


class PersonChoiceField(forms.ModelChoiceField):
    """Choose one object of `queryset` (people, or participants with `person_path="person"`) through the
    picker. `source` names the function the search endpoint asks for the same set: a dotted path and its
    keyword arguments (JSON values), or None for every person the user sees."""

    widget = PersonPicker
    default_error_messages = {
        "invalid_choice": gettext_lazy("Choose a person from the list; this one cannot be chosen here."),
        "not_found": gettext_lazy("Nobody found for “%(text)s”. Check the name or type the PESEL."),
        "ambiguous": gettext_lazy(
            "%(count)s people match “%(text)s”. Choose one from the list or type the PESEL."
        ),
    }

    def __init__(self, *, queryset, person_path: str = "", source: tuple | None = None, **kwargs):
        self.person_path = person_path
        super().__init__(queryset=queryset, **kwargs)
        self.set_source(source)
        self.widget.field = self

    def __deepcopy__(self, memo):
        result = super().__deepcopy__(memo)
        result.widget.field = result
        return result

    def set_source(self, source: tuple | None) -> None:
        path, kwargs = source or ("", {})
        self.source_token = sign_source(path, **kwargs) if path else ""

    @staticmethod
    def split_value(value) -> tuple[str, str]:
        if isinstance(value, (tuple, list)):
            return str(value[0] or ""), str(value[1] or "").strip()
        if hasattr(value, "pk"):
            return str(value.pk), ""
        return ("" if value in (None, "") else str(value)), ""

    def chosen(self, value):
        """The object the (bound or initial) value names within the queryset, or None."""
        pk, _text = self.split_value(value)
        if not pk:
            return None
        try:
            obj = self.queryset.get(pk=pk)
        except (ValueError, TypeError, self.queryset.model.DoesNotExist):
            return None
        return obj

    def to_python(self, value):
        pk, text = self.split_value(value)
        if pk:
            obj = self.chosen(pk)
            if obj is None:
                raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
            # A text edited after the choice (without JavaScript the hidden id stays) asks again.
            if not text or text == person_text(_person_of(obj, self.person_path)):
                return obj
        if not text:
            return None
        found = list(matching(self.queryset, text, self.person_path)[:2])
        if len(found) == 1:
            return found[0]
        if not found:
            raise ValidationError(self.error_messages["not_found"], code="not_found", params={"text": text})
        count = matching(self.queryset, text, self.person_path).count()
        raise ValidationError(
            self.error_messages["ambiguous"], code="ambiguous", params={"text": text, "count": count}
        )

    def has_changed(self, initial, data):
        return str(self.prepare_value(initial) or "") != self.split_value(data)[0]


def _candidates(request, token: str):
    """The queryset the picker's source allows, and the path from its objects to their person."""
    if not token:
        return Person.objects.all(), ""
    try:
        spec = signing.loads(token, salt=SIGNING_SALT)
    except signing.BadSignature as bad:
        raise Http404 from bad
    source = import_string(spec["source"])
    queryset = source(request.user, **spec.get("kwargs", {}))
    return queryset, getattr(source, "person_path", "")


@login_required
@require_POST
def person_picker_search(request):
    """The options of a picker for the typed text: at most RESULT_LIMIT people the user may see (the
    registry's scope) within the picker's source, each read written to the access log."""
    search_name = request.POST.get("picker_field", "")
    listbox_id = request.POST.get("picker_listbox", "")
    if not search_name.endswith(SEARCH_SUFFIX) or not listbox_id:
        return HttpResponseBadRequest()
    text = " ".join(request.POST.get(search_name, "").split())[:100]
    queryset, person_path = _candidates(request, request.POST.get("picker_source", ""))
    visible = scope_persons(Person.objects.all(), request.user).values("pk")
    prefix = f"{person_path}__" if person_path else ""
    options, more = [], False
    if text:
        found = matching(queryset.filter(**{f"{prefix}pk__in": visible}), text, person_path)
        if person_path:
            found = found.select_related(person_path)
        found = list(found.order_by(f"{prefix}last_name", f"{prefix}first_name", "pk")[: RESULT_LIMIT + 1])
        more = len(found) > RESULT_LIMIT
        for obj in found[:RESULT_LIMIT]:
            person = _person_of(obj, person_path)
            options.append(
                {"pk": obj.pk, "person": person, "text": person_text(person), "pesel": pesel_hint(person)}
            )
        log_access(
            user=request.user,
            persons=[option["person"] for option in options],
            route=route_of(request),
            what="person picker",
        )
    context = {
        "options": options,
        "more": more,
        "text": text,
        "listbox_id": listbox_id,
        "status_id": listbox_id.removesuffix("_listbox") + "_status",
        "limit": RESULT_LIMIT,
    }
    return render(request, "core/person_picker_options.html", context)
