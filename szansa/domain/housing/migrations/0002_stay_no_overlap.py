"""No two stays on one place overlap: a PostgreSQL exclusion constraint on the occupied days.

The constraint is added here and not in Stay.Meta, because SQLite (the local demo database) cannot
hold it; there the service's check is the only guard (services.stay_refer and friends check on every
database, and give the translated message).
"""

from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import DateRangeField, RangeOperators
from django.contrib.postgres.operations import BtreeGistExtension
from django.db import migrations
from django.db.models import F, Func, Value

CONSTRAINT_NAME = "stay_no_overlap_on_place"


def occupied_range():
    return Func(
        F("occupied_from"),
        F("occupied_to"),
        Value("[]"),
        function="daterange",
        output_field=DateRangeField(),
    )


def no_overlap() -> ExclusionConstraint:
    return ExclusionConstraint(
        name=CONSTRAINT_NAME,
        expressions=[("place", RangeOperators.EQUAL), (occupied_range(), RangeOperators.OVERLAPS)],
    )


def add(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.add_constraint(apps.get_model("housing", "Stay"), no_overlap())


def remove(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.remove_constraint(apps.get_model("housing", "Stay"), no_overlap())


class Migration(migrations.Migration):
    dependencies = [("housing", "0001_initial")]

    operations = [BtreeGistExtension(), migrations.RunPython(add, remove)]
