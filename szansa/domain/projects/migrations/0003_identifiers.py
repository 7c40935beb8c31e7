import szansa.domain.people.validators
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("projects", "0002_reference_data"),
    ]

    operations = [
        migrations.AddField(
            model_name="expenditure",
            name="supplier_nip",
            field=models.CharField(
                blank=True,
                max_length=20,
                validators=[szansa.domain.people.validators.validate_nip],
                verbose_name="supplier's NIP",
            ),
        ),
        migrations.AddField(
            model_name="project",
            name="beneficiary_nip",
            field=models.CharField(
                blank=True,
                max_length=20,
                validators=[szansa.domain.people.validators.validate_nip],
                verbose_name="beneficiary's NIP",
            ),
        ),
        migrations.AddField(
            model_name="project",
            name="beneficiary_regon",
            field=models.CharField(
                blank=True,
                max_length=14,
                validators=[szansa.domain.people.validators.validate_regon],
                verbose_name="beneficiary's REGON",
            ),
        ),
    ]
