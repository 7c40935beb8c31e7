"""`manage.py seed_demo`: demo accounts, a synthetic registry (szansa.demo.people) and the seed EU
projects of Andrychów and Olkusz (szansa.demo.projects). It lives in core because it spans apps."""

import datetime
import time

from auditlog.context import disable_auditlog
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import ProtectedError, RestrictedError
from django.test.utils import override_settings

from szansa.demo import city as scale
from szansa.demo import people as demo
from szansa.demo.housing import seed_housing
from szansa.demo.interviews import seed_interviews
from szansa.demo.live import LIVE_NUMBER, seed_live
from szansa.demo.projects import seed_projects
from szansa.demo.recruitment import seed_recruitment
from szansa.demo.support.paths import seed_support
from szansa.demo.work import seed_work
from szansa.domain.housing.models import Apartment
from szansa.domain.people.models import Person
from szansa.domain.recruitment import entry
from szansa.domain.recruitment.models import Participant
from szansa.domain.support import activation


def _reference_date(value: str) -> datetime.date:
    if value == "today":
        return datetime.date.today()
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"--reference-date {value!r}: use YYYY-MM-DD or 'today'.") from exc


class Command(BaseCommand):
    help = (
        "Create the demo accounts (password: szansa-demo) and a deterministic registry of synthetic "
        "Polish people and households in two teams, with the seed EU projects. Demo data only."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale",
            choices=["demo", "city"],
            default="demo",
            help="demo: a small registry (default). city: a large city's centre, ~100 000 people, "
            "10 000 participants and ~1 000 000 attendance rows (bulk inserts; --people scales it).",
        )
        parser.add_argument(
            "--people",
            type=int,
            default=None,
            help=f"How many people (default 300; {scale.CITY_PEOPLE} with --scale city).",
        )
        parser.add_argument("--seed", type=int, default=1, help="Random seed (default 1).")
        parser.add_argument(
            "--registry-only",
            action="store_true",
            help="Only the demo accounts and the registry, without the other apps' demo data.",
        )
        parser.add_argument(
            "--reset",
            action="store_true",
            help="Delete ALL people and households first (the registry must hold demo data only).",
        )
        parser.add_argument(
            "--i-know-this-is-not-production",
            action="store_true",
            dest="i_know_this_is_not_production",
            help="Run with DEBUG off. The demo accounts have a published password and second-factor "
            "secret: never on a production database.",
        )
        parser.add_argument(
            "--reference-date",
            default=demo.REFERENCE_DATE.isoformat(),
            help="Day the data are dated from (YYYY-MM-DD or 'today'; default %(default)s). "
            "Incomes cover its month and the two months before it.",
        )

    def handle(self, *args, people, seed, reset, reference_date, registry_only, **options):
        if not settings.DEBUG and not options.get("i_know_this_is_not_production"):
            raise CommandError(
                "seed_demo creates accounts with a published password and second-factor secret, so it "
                "runs only with DEBUG=1. If this database is really not production, add "
                "--i-know-this-is-not-production."
            )
        city = options.get("scale") == "city"
        if people is None:
            people = scale.CITY_PEOPLE if city else 300
        if people < 1:
            raise CommandError("--people must be at least 1.")
        reference = _reference_date(reference_date)
        started = time.monotonic()
        demo.ensure_demo_accounts()
        if reset:
            cleared = scale.reset_city()
            if cleared:
                self.stdout.write(f"Deleted {cleared} generated city projects with their attendance.")
            with disable_auditlog():
                delete_with_dependents(Apartment.objects.all())
                people_count = Person.objects.count()
                delete_with_dependents(Person.objects.all())
            deleted = demo.reset_registry() + people_count
            self.stdout.write(f"Deleted {deleted} people, their households and what was recorded about them.")
        elif Person.objects.exists():
            self.stdout.write(
                self.style.WARNING(
                    f"The registry already holds {Person.objects.count()} people; no people were added. "
                    "Run with --reset to replace them with demo data."
                )
            )
            if not registry_only:
                self.seed_other_apps(seed, reference)
            return
        if city:
            self.seed_city(people, seed, reference, registry_only, started)
            return
        summary = demo.seed(people, seed, reference)
        teams = ", ".join(f"{name}: {count}" for name, count in sorted(summary.per_team.items()))
        self.stdout.write(
            self.style.SUCCESS(
                f"Seeded {summary.people} people in {summary.households} households "
                f"({summary.multi_problem_families} multi-problem families), {summary.incomes} income "
                f"records, {summary.situations} situations, {summary.consents} consents "
                f"(seed {seed}, reference date {reference:%Y-%m-%d}, {time.monotonic() - started:.1f} s)."
            )
        )
        self.stdout.write(f"Teams: {teams}.")
        if not registry_only:
            self.seed_other_apps(seed, reference)
        self.stdout.write(
            "Demo accounts: " + ", ".join(demo.DEMO_ACCOUNTS) + f"; password: {demo.DEMO_PASSWORD}; "
            f"second factor: the demo secret {demo.DEMO_TOTP_SECRET_BASE32} (README: Demo sign-in)"
        )

    def seed_city(self, people, seed, reference, registry_only, started) -> None:
        """--scale city: the registry, the other apps' demo data, then city projects with participants,
        activities, sessions and attendance; timings per step."""
        config = scale.CityConfig.for_people(people, seed=seed, reference=reference)
        self.stdout.write(
            f"City scale: {config.people} people, {config.participants} participants, "
            f"~{config.attendance_per_participant} attendance rows each (seed {seed})."
        )
        summary = scale.CitySummary()
        first_pk = scale.next_person_pk()
        scale.seed_city_registry(config, summary, scale._Timer(summary, self.stdout.write))
        self.stdout.write(
            f"Registry: {summary.people} people in {summary.households} households, {summary.incomes} "
            f"incomes, {summary.situations} situations, {summary.consents} consents."
        )
        if not registry_only:
            step = time.monotonic()
            self.seed_other_apps(seed, reference)
            summary.timings["other apps' demo data"] = round(time.monotonic() - step, 2)
            self.stdout.write(f"  other apps' demo data: {time.monotonic() - step:.1f} s")
            scale.seed_city_support(config, first_pk, self.stdout.write, summary)
            self.stdout.write(
                f"City projects: {summary.projects}, participants: {summary.participants}, activities: "
                f"{summary.activities} ({summary.members} places), sessions: {summary.sessions}, "
                f"attendance rows: {summary.attendance}."
            )
        self.stdout.write(self.style.SUCCESS(f"Total: {time.monotonic() - started:.1f} s."))
        self.stdout.write(
            "Demo accounts: " + ", ".join(demo.DEMO_ACCOUNTS) + f"; password: {demo.DEMO_PASSWORD}; "
            f"second factor: the demo secret {demo.DEMO_TOTP_SECRET_BASE32} (README: Demo sign-in)"
        )

    def seed_other_apps(self, seed: int, reference: datetime.date | None = None) -> None:
        """Demo data of the other apps; each seed function is idempotent and uses the registry.
        The notifications their tasks would e-mail are kept in memory, not sent."""
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
            self._seed_other_apps(seed, reference or demo.REFERENCE_DATE)

    def _seed_other_apps(self, seed: int, reference: datetime.date) -> None:
        projects = seed_projects(rng_seed=seed)
        self.stdout.write(
            f"EU projects: {len(projects)} (the seed projects of Andrychów and Olkusz included)."
        )
        seed_recruitment(rng_seed=seed)
        self.stdout.write("Recruitment: Nowa szansa (12 participants, waiting list) and Andrychów 2019/2020.")
        support = seed_support(rng_seed=seed)
        self.stdout.write(f"Support paths of Nowa szansa: {support}.")
        apartments = seed_housing(rng_seed=seed)
        self.stdout.write(f"Sheltered apartments: {len(apartments)}.")
        seed_work(rng_seed=seed, today=reference)
        self.stdout.write(
            f"Tasks and time records of the Olkusz centre (2018-2019 and around {reference:%Y-%m-%d})."
        )
        interviews = seed_interviews(reference)
        self.stdout.write(f"Community interviews around {reference:%Y-%m-%d}: {interviews} added.")
        live = seed_live(rng_seed=seed, reference=reference)
        self.stdout.write(
            f"Live project {LIVE_NUMBER} around {reference:%Y-%m-%d}: {live}."
            if live
            else f"Live project {LIVE_NUMBER}: already there, left as it is."
        )
        self.recount_participant_flags()

    def recount_participant_flags(self) -> None:
        """The seed writes some rows in bulk (past the receivers that keep each participant's flags at
        entry and activation): recount them all, as the nightly jobs would."""
        flags = entry.refresh(Participant.objects.all())
        activated = activation.refresh(Participant.objects.all())
        self.stdout.write(
            f"Participants recounted: flags at entry set for {flags}, activation for {activated}."
        )


def delete_with_dependents(queryset) -> None:
    """Delete rows and, first, whatever protects them (demo databases only: used by --reset)."""
    for _attempt in range(20):
        try:
            with transaction.atomic():
                queryset.delete()
            return
        except (ProtectedError, RestrictedError) as error:
            blockers = getattr(error, "protected_objects", None) or error.restricted_objects
            by_model = {}
            for obj in blockers:
                by_model.setdefault(type(obj), []).append(obj.pk)
            for model, pks in by_model.items():
                delete_with_dependents(model._base_manager.filter(pk__in=pks))
    raise CommandError("Could not delete the demo data: too many nested dependencies.")
