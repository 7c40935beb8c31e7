from dateutil.relativedelta import relativedelta
from django.db import migrations, models


def fill_holds_until(apps, schema_editor):
    """The day each recorded contract runs out: achieved on + its months (Outcome.contract_end)."""
    Outcome = apps.get_model("support", "Outcome")
    changed = []
    for outcome in Outcome.objects.filter(contract_months__gt=0).only("pk", "achieved_on", "contract_months"):
        outcome.holds_until = outcome.achieved_on + relativedelta(months=outcome.contract_months)
        changed.append(outcome)
    Outcome.objects.bulk_update(changed, ["holds_until"], batch_size=2000)


class Migration(migrations.Migration):
    dependencies = [
        ("support", "0004_outcome_progress_form"),
    ]

    operations = [
        migrations.AddField(
            model_name="outcome",
            name="holds_until",
            field=models.DateField(blank=True, editable=False, null=True, verbose_name="holds until"),
        ),
        migrations.RunPython(fill_holds_until, migrations.RunPython.noop),
    ]
