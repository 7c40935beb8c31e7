"""Decisions as documents with a register number, delivery, appeal deadline and finality (issue 15).

Cases that already had a drafted decision get a document with the texts known then: a decision issued
before this migration is taken as delivered on its issue day (the rule Szansa applied until now), so its
appeal deadline stays as it was shown."""

import datetime

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

DEFAULT_BASIS = (
    "Na podstawie art. 104 § 1 Kpa oraz art. 106 ust. 1 ustawy z dnia 12 marca 2004 r. o pomocy społecznej"
)
DEFAULT_APPEAL = (
    "Od niniejszej decyzji przysługuje stronie odwołanie do Samorządowego Kolegium Odwoławczego za "
    "pośrednictwem organu, który wydał decyzję, w terminie 14 dni od dnia jej doręczenia."
)


def documents_for_earlier_cases(apps, schema_editor):
    Case = apps.get_model("work", "Case")
    Decision = apps.get_model("work", "Decision")
    Register = apps.get_model("work", "DecisionRegister")
    numbers = {}
    cases = Case.objects.filter(decision_drafted_on__isnull=False).select_related("person")
    for case in cases.order_by("decision_issued_on", "pk"):
        person = case.person
        name = f"{person.first_name} {person.last_name}"
        decision = Decision(
            case=case,
            outcome=case.decision_outcome or "grant",
            authority=settings.DECISION_AUTHORITY,
            place=settings.DECISION_PLACE,
            parties=name,
            legal_basis=DEFAULT_BASIS,
            operative_part=case.benefit,
            justification_facts=case.support_proposal,
            appeal_instruction=DEFAULT_APPEAL,
            signatory=settings.DECISION_SIGNATORY,
            recipients=name,
            drafted_on=case.decision_drafted_on,
            drafted_by_id=case.created_by_id,
            approved_on=case.decision_approved_on,
            approved_by_id=case.created_by_id if case.decision_approved_on else None,
            issued_on=case.decision_issued_on,
        )
        if case.decision_issued_on:
            year = case.decision_issued_on.year
            numbers[year] = numbers.get(year, 0) + 1
            decision.year, decision.sequence = year, numbers[year]
            decision.number = f"{settings.DECISION_NUMBER_PREFIX}.{numbers[year]}.{year}"
            decision.delivery_method = "in_person"
            decision.delivered_on = case.decision_issued_on
            decision.appeal_deadline = case.appeal_deadline
            if case.decision_outcome == "grant":
                decision.enforceable_from = case.decision_issued_on
        if case.closed_on and case.appeal_deadline:
            decision.final_on = case.appeal_deadline + datetime.timedelta(days=1)
            decision.enforceable_from = decision.enforceable_from or decision.final_on
        decision.save()
    Register.objects.bulk_create([Register(year=year, last_number=last) for year, last in numbers.items()])


class Migration(migrations.Migration):
    dependencies = [
        ("work", "0002_task_kinds"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="DecisionRegister",
            fields=[
                (
                    "year",
                    models.PositiveSmallIntegerField(primary_key=True, serialize=False, verbose_name="year"),
                ),
                ("last_number", models.PositiveIntegerField(default=0, verbose_name="last number")),
            ],
            options={
                "verbose_name": "register of decisions",
                "verbose_name_plural": "registers of decisions",
            },
        ),
        migrations.AlterField(
            model_name="case",
            name="decision_outcome",
            field=models.CharField(
                blank=True,
                choices=[("grant", "grant in full"), ("partial", "grant in part"), ("refuse", "refuse")],
                max_length=10,
                verbose_name="decision",
            ),
        ),
        migrations.CreateModel(
            name="Decision",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "year",
                    models.PositiveSmallIntegerField(blank=True, null=True, verbose_name="register year"),
                ),
                (
                    "sequence",
                    models.PositiveIntegerField(blank=True, null=True, verbose_name="number in the register"),
                ),
                ("number", models.CharField(blank=True, max_length=60, verbose_name="decision number")),
                (
                    "outcome",
                    models.CharField(
                        choices=[
                            ("grant", "grant in full"),
                            ("partial", "grant in part"),
                            ("refuse", "refuse"),
                        ],
                        max_length=10,
                        verbose_name="decision",
                    ),
                ),
                ("authority", models.CharField(max_length=255, verbose_name="authority")),
                ("place", models.CharField(max_length=100, verbose_name="place")),
                ("parties", models.TextField(verbose_name="parties")),
                ("legal_basis", models.TextField(verbose_name="legal basis")),
                (
                    "operative_part",
                    models.TextField(
                        help_text="What the authority decides: the benefit, its amount and period.",
                        verbose_name="operative part",
                    ),
                ),
                ("justification_facts", models.TextField(blank=True, verbose_name="factual justification")),
                ("justification_law", models.TextField(blank=True, verbose_name="legal justification")),
                ("appeal_instruction", models.TextField(verbose_name="appeal instruction")),
                (
                    "signatory",
                    models.CharField(
                        help_text="Name and position of the signatory.",
                        max_length=255,
                        verbose_name="signature",
                    ),
                ),
                ("recipients", models.TextField(verbose_name="recipients")),
                ("drafted_on", models.DateField(verbose_name="drafted on")),
                ("approved_on", models.DateField(blank=True, null=True, verbose_name="approved on")),
                ("issued_on", models.DateField(blank=True, null=True, verbose_name="issued on")),
                (
                    "delivery_method",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("in_person", "in person (against signature)"),
                            ("post", "by post"),
                            ("electronic", "electronically"),
                        ],
                        max_length=12,
                        verbose_name="delivery method",
                    ),
                ),
                (
                    "notice_on",
                    models.DateField(
                        blank=True,
                        help_text=(
                            "By post: the day the first notice was left; electronically: the day it was sent."
                        ),
                        null=True,
                        verbose_name="notice left on",
                    ),
                ),
                ("delivered_on", models.DateField(blank=True, null=True, verbose_name="delivered on")),
                ("deemed_delivery", models.BooleanField(default=False, verbose_name="deemed delivery")),
                ("appeal_deadline", models.DateField(blank=True, null=True, verbose_name="appeal deadline")),
                (
                    "appeal_lodged_on",
                    models.DateField(blank=True, null=True, verbose_name="appeal lodged on"),
                ),
                (
                    "appeal_waived_on",
                    models.DateField(blank=True, null=True, verbose_name="appeal waived on"),
                ),
                (
                    "enforceable_from",
                    models.DateField(blank=True, null=True, verbose_name="enforceable from"),
                ),
                ("final_on", models.DateField(blank=True, null=True, verbose_name="final on")),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created at")),
                (
                    "approved_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.RESTRICT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="approved by",
                    ),
                ),
                (
                    "case",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="decisions",
                        to="work.case",
                        verbose_name="case",
                    ),
                ),
                (
                    "drafted_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.RESTRICT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="drafted by",
                    ),
                ),
            ],
            options={
                "verbose_name": "decision",
                "verbose_name_plural": "decisions",
                "ordering": ["-year", "-sequence", "-pk"],
                "indexes": [models.Index(fields=["issued_on"], name="decision_issued_idx")],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("year", "sequence"), name="decision_register_number_unique"
                    )
                ],
            },
        ),
        migrations.RunPython(documents_for_earlier_cases, migrations.RunPython.noop),
    ]
