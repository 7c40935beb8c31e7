from django.urls import path

from szansa.web.work import views

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
    path("obciazenie/", views.workload, name="workload"),
]
