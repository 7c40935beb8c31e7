from django.urls import path

from szansa.web.work import decisions, views

app_name = "work"
urlpatterns = [
    path("", views.my_tasks, name="my_tasks"),
    path("kolejka/", views.queue, name="queue"),
    path("<int:pk>/", views.task_detail, name="task_detail"),
    path("<int:pk>/zakoncz/", views.task_complete, name="task_complete"),
    path("<int:pk>/rozpocznij/", views.task_start, name="task_start"),
    path("<int:pk>/czas/", views.task_time, name="task_time"),
    path("<int:pk>/przekaz/", views.task_reassign, name="task_reassign"),
    path("powiadomienia/<int:pk>/", views.notification_read, name="notification_read"),
    path("sprawy/", views.case_list, name="case_list"),
    path("sprawy/<int:pk>/", views.case_detail, name="case_detail"),
    path("sprawy/<int:pk>/krok/", views.case_step, name="case_step"),
    path("sprawy/<int:pk>/doreczenie/", decisions.case_delivery, name="case_delivery"),
    path("sprawy/<int:pk>/odwolanie/", decisions.case_appeal, {"kind": "odwolanie"}, name="case_appeal"),
    path("sprawy/<int:pk>/zrzeczenie/", decisions.case_appeal, {"kind": "zrzeczenie"}, name="case_waiver"),
    path("decyzje/", decisions.decision_list, name="decision_list"),
    path("decyzje/<int:pk>/", decisions.decision_detail, name="decision_detail"),
    path("decyzje/<int:pk>/decyzja.pdf", decisions.decision_pdf, name="decision_pdf"),
    path("obciazenie/", views.workload, name="workload"),
]
