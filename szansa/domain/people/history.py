"""The history of a person's file (django-auditlog entries) as sentences in the reader's language.

auditlog keeps each change as `{field name: [old, new]}` with raw values (JSON: None, True, choice
codes, primary keys, ISO dates, "900.00"); a person reading the file wants "Kwota netto: 900,00 zł →
1 000,00 zł". `describe` gives each entry

* `summary`: what happened to which record ("Added: income record «01.2020»"), and
* `sentences`: one per changed field, with the field's label (its verbose_name) and the values' display
  names: a choice's label, yes/no, the related object's name, dates and money in the reader's format,
  "—" for an empty value.

Reverse relations (auditlog writes "work.Notification.None" for them), JSON data and internal keys
are never shown as Python values: JSON fields read "changed", unknown fields are named by their key.
The related objects are fetched in one query per model.
"""

import datetime
import json
from collections import defaultdict
from decimal import Decimal, InvalidOperation

from auditlog.models import LogEntry
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.utils import formats, timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from szansa.lib.money import format_pln

EMPTY = "—"


def _field(model, name):
    """The model's concrete field of that name, or None (reverse relations and removed fields)."""
    if model is None:
        return None
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    if field.auto_created and not field.concrete:  # a reverse relation: auditlog stores its manager
        return None
    if field.many_to_many and not field.concrete:
        return None
    return field


def _is_manager_text(value) -> bool:
    """auditlog's str() of a related manager, e.g. "work.Notification.None"."""
    return isinstance(value, str) and value.endswith(".None") and value.count(".") == 2 and " " not in value


def _empty(value) -> bool:
    return value is None or value in ("", "None", [], {}) or _is_manager_text(value)


def _parse_date(value):
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def _parse_datetime(value):
    if isinstance(value, datetime.datetime):
        moment = value
    else:
        try:
            moment = datetime.datetime.fromisoformat(str(value))
        except ValueError:
            return None
    if timezone.is_naive(moment):  # auditlog keeps date-times naive in UTC
        moment = timezone.make_aware(moment, datetime.UTC)
    return timezone.localtime(moment)


def _decode_list(value):
    """A list kept as a list (JSON changes) or as its Python/JSON text ("['05-R']")."""
    if isinstance(value, list | tuple):
        return list(value)
    if isinstance(value, str):
        try:
            found = json.loads(value.replace("'", '"'))
        except ValueError:
            return [value]
        return found if isinstance(found, list) else [value]
    return [value]


class _Values:
    """Renders a stored value of a field; related objects come from one bulk query per model."""

    def __init__(self, entries, name_of=str):
        self.name_of = name_of
        wanted = defaultdict(set)
        for entry in entries:
            model = entry.content_type.model_class()
            for name, values in _changes(entry).items():
                field = _field(model, name)
                if field is None or not (field.many_to_one or field.one_to_one) or field.choices:
                    continue
                for value in values if isinstance(values, list | tuple) else ():
                    if _empty(value):
                        continue
                    try:
                        wanted[field.related_model].add(field.related_model._meta.pk.to_python(value))
                    except (ValidationError, TypeError):
                        continue
        self.found = {model: model._default_manager.in_bulk(list(pks)) for model, pks in wanted.items()}

    def show(self, field, value) -> str:
        if _empty(value):
            return EMPTY
        if field is None:
            return str(value) if not isinstance(value, dict | list) else _("(data)")
        if isinstance(field, models.BooleanField):
            truth = value if isinstance(value, bool) else str(value).lower() in ("true", "1", "t")
            return _("yes") if truth else _("no")
        if field.choices:
            labels = {str(key): label for key, label in field.flatchoices}
            return str(labels.get(str(value), value))
        base = getattr(field, "base_field", None)
        if base is not None:  # an ArrayField: each item by its label
            labels = {str(key): label for key, label in (base.flatchoices if base.choices else [])}
            return ", ".join(str(labels.get(str(item), item)) for item in _decode_list(value)) or EMPTY
        if field.many_to_one or field.one_to_one:
            model = field.related_model
            try:
                pk = model._meta.pk.to_python(value)
            except (ValidationError, TypeError):
                return str(value)
            found = self.found.get(model, {}).get(pk)
            if found is None:
                return _("%(record)s no longer in the registry") % {"record": model._meta.verbose_name}
            return self.name_of(found)
        if isinstance(field, models.DateTimeField):
            moment = _parse_datetime(value)
            return formats.date_format(moment, "SHORT_DATETIME_FORMAT") if moment else str(value)
        if isinstance(field, models.DateField):
            day = _parse_date(value)
            return formats.date_format(day, "SHORT_DATE_FORMAT") if day else str(value)
        if isinstance(field, models.DecimalField):
            try:
                number = Decimal(str(value))
            except InvalidOperation:
                return str(value)
            if field.decimal_places == 2:
                return format_pln(number)
            return formats.number_format(number, field.decimal_places, use_l10n=True)
        if isinstance(field, models.JSONField) or isinstance(value, dict | list):
            return _("(data)")
        return str(value)


def _changes(entry) -> dict:
    changes = entry.changes
    if isinstance(changes, str):
        try:
            changes = json.loads(changes)
        except ValueError:
            return {}
    return changes if isinstance(changes, dict) else {}


def _label(model, name, field) -> str:
    if field is not None:
        return capfirst(str(field.verbose_name))
    return capfirst(name.replace("_", " "))


def _sentences(entry, values: _Values) -> list[str]:
    model = entry.content_type.model_class()
    sentences = []
    for name, pair in _changes(entry).items():
        if model is not None:
            try:
                model._meta.get_field(name)
            except FieldDoesNotExist:
                pass
            else:
                if _field(model, name) is None:
                    continue  # a reverse relation, never a value of this record
        field = _field(model, name)
        if isinstance(pair, dict):  # a many-to-many change: {"type": "m2m", "operation", "objects"}
            objects = ", ".join(str(o) for o in pair.get("objects", [])) or EMPTY
            text = (
                _("%(field)s: removed %(objects)s")
                if pair.get("operation") == "delete"
                else _("%(field)s: added %(objects)s")
            )
            sentences.append(text % {"field": _label(model, name, field), "objects": objects})
            continue
        if not isinstance(pair, list | tuple) or len(pair) != 2:
            continue
        old, new = pair
        if _empty(old) and _empty(new):
            continue
        label = _label(model, name, field)
        if isinstance(field, models.JSONField):
            sentences.append(_("%(field)s: changed") % {"field": label})
            continue
        shown = {"field": label, "old": values.show(field, old), "new": values.show(field, new)}
        if entry.action == LogEntry.Action.CREATE:
            if not _empty(new):
                sentences.append(_("%(field)s: %(new)s") % shown)
        elif entry.action == LogEntry.Action.DELETE:
            if not _empty(old):
                sentences.append(_("%(field)s: %(old)s") % shown)
        elif _empty(old):
            sentences.append(_("%(field)s set to %(new)s") % shown)
        elif _empty(new):
            sentences.append(_("%(field)s cleared (was %(old)s)") % shown)
        else:
            sentences.append(_("%(field)s changed from %(old)s to %(new)s") % shown)
    return sentences


def _summary(entry) -> str:
    model = entry.content_type.model_class()
    what = str(model._meta.verbose_name) if model is not None else entry.content_type.model
    values = {"what": what, "record": entry.object_repr}
    if entry.action == LogEntry.Action.CREATE:
        return _("Added %(what)s: %(record)s") % values
    if entry.action == LogEntry.Action.DELETE:
        return _("Deleted %(what)s: %(record)s") % values
    return _("Changed %(what)s: %(record)s") % values


def describe(entries, name_of=str) -> list[LogEntry]:
    """The entries, each with `summary` and `sentences` in the active language; a related record is
    named by `name_of` (the reader's: people.selectors.record_name_for)."""
    entries = list(entries)
    values = _Values(entries, name_of)
    for entry in entries:
        entry.summary = _summary(entry)
        entry.sentences = _sentences(entry, values)
    return entries
