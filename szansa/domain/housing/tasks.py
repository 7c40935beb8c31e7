"""Background jobs of sheltered housing: stays ending soon become tasks for the social worker."""

import datetime

from celery import shared_task
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from szansa.domain.housing.models import Stay
from szansa.domain.housing.selectors import ending_within
from szansa.domain.work import services as work_services
from szansa.domain.work.models import Task, TaskKind

END_OF_STAY_KIND = "end_of_stay"
NOTICE_DAYS = 30


def _has_task(stay: Stay) -> bool:
    """A task of this kind about the resident, started within the notice window of the current end
    (an extension moves the end, and so opens a new window and needs a new task)."""
    return Task.objects.filter(
        kind__code=END_OF_STAY_KIND,
        person_id=stay.person_id,
        start_on__gte=stay.occupied_to - datetime.timedelta(days=NOTICE_DAYS),
    ).exists()


def end_of_stay_tasks_create(today: datetime.date) -> list[Task]:
    """For every stay ending within 30 days (not yet ended), one task for the resident's responsible
    social worker to prepare the exit or the extension, due on the planned end. Idempotent."""
    if not TaskKind.objects.filter(code=END_OF_STAY_KIND, active=True).exists():
        return []
    stays = ending_within(Stay.objects.all(), on=today, days=NOTICE_DAYS).select_related(
        "person__responsible_worker", "place__room__apartment"
    )
    created = []
    for stay in stays:
        if _has_task(stay):
            continue
        values = {
            "person": stay.person.full_name,
            "apartment": stay.place.room.apartment.name,
            "end": f"{stay.occupied_to:%d.%m.%Y}",
        }
        with transaction.atomic():
            task = work_services.task_create(
                actor=stay.person.responsible_worker,
                kind=END_OF_STAY_KIND,
                person=stay.person,
                title=(_("End of stay on %(end)s: %(person)s (%(apartment)s)") % values)[:200],
                notes=_("Prepare the exit or an extension of the stay (a new decision) before %(end)s.")
                % values,
                start_on=today,
            )
            if task.due_on is None or task.due_on > stay.occupied_to:
                task.due_on = stay.occupied_to
                task.save(update_fields=["due_on"])
        created.append(task)
    return created


@shared_task(name="housing.end_of_stay_tasks")
def end_of_stay_tasks(today: str | None = None) -> int:
    day = datetime.date.fromisoformat(today) if today else timezone.localdate()
    return len(end_of_stay_tasks_create(day))
