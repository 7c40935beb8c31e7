"""Notifications: a new task tells its assignee or its whole queue; the daily job tells about tasks due
today and overdue ones, once each, by e-mail too where the user has an address."""

import datetime

import pytest
from django.core import mail

from szansa.domain.work import selectors, services, tasks
from szansa.domain.work.models import Notification

pytestmark = pytest.mark.django_db

D = datetime.date


def test_a_new_social_work_task_notifies_its_assignee_only(cast):
    task = services.task_create(actor=cast.referent, kind="care_visit", person=cast.person_a)
    assert [(n.user, n.kind) for n in Notification.objects.filter(task=task)] == [(cast.pracownik, "new")]


def test_a_new_administrative_task_notifies_everyone_in_the_queue(cast, clerk2):
    task = services.task_create(actor=cast.pracownik, kind="payment_order", person=cast.person_a)
    assert set(Notification.objects.filter(task=task).values_list("user__username", flat=True)) == {
        "referent",
        "referent2",
    }


def test_the_daily_job_notifies_due_and_overdue_tasks_once_and_sends_mail(cast):
    cast.pracownik.email = "pracownik@example.org"
    cast.pracownik.save()
    due = services.task_create(
        actor=cast.referent,
        kind="community_interview",
        person=cast.person_a,
        start_on=D(2025, 3, 3),
        urgent=True,
    )
    late = services.task_create(
        actor=cast.referent, kind="care_visit", person=cast.person_a, start_on=D(2025, 2, 3)
    )
    later = services.task_create(
        actor=cast.referent, kind="followup_3_months", person=cast.person_a, start_on=D(2025, 3, 3)
    )
    mail.outbox.clear()
    assert due.due_on == D(2025, 3, 5)

    created = services.notify_due_and_overdue(D(2025, 3, 5))

    assert created == 2
    kinds = {(n.task_id, n.kind) for n in Notification.objects.exclude(kind="new")}
    assert kinds == {(due.pk, "due"), (late.pk, "overdue")}
    assert later.pk not in {task_id for task_id, _ in kinds}
    assert len(mail.outbox) == 2
    assert mail.outbox[0].to == ["pracownik@example.org"]
    # Running again the same or the next day does not repeat the same notices.
    assert services.notify_due_and_overdue(D(2025, 3, 5)) == 0
    assert tasks.notify_due_and_overdue.delay("2025-03-06").get() == 1  # `due` is now overdue


def test_closed_tasks_are_not_notified(cast):
    task = services.task_create(
        actor=cast.referent, kind="care_visit", person=cast.person_a, start_on=D(2025, 2, 3)
    )
    services.task_complete(actor=cast.pracownik, task=task, minutes=30)
    assert services.notify_due_and_overdue(D(2025, 3, 5)) == 0


def test_a_user_marks_only_their_own_notification_read(cast):
    services.task_create(actor=cast.referent, kind="care_visit", person=cast.person_a)
    notification = Notification.objects.get()
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.notification_mark_read(actor=cast.pracownik2, notification=notification)
    services.notification_mark_read(actor=cast.pracownik, notification=notification)
    assert not selectors.unread_notifications(cast.pracownik).exists()
