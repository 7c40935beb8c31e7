from django.urls import path

from szansa.web.interviews import views

app_name = "interviews"
urlpatterns = [
    path("", views.interview_list, name="list"),
    path("zadanie/<int:pk>/rozpocznij/", views.start_for_task, name="start_for_task"),
    path("osoba/<int:pk>/rozpocznij/", views.start_for_person, name="start_for_person"),
    path("<int:pk>/", views.interview_detail, name="detail"),
    path("<int:pk>/do-rejestru/", views.interview_writeback, name="writeback"),
    path("<int:pk>/wersje/", views.revision_list, name="revisions"),
    path("<int:pk>/wersje/<int:number>/", views.revision_detail, name="revision"),
    path("<int:pk>/wywiad.pdf", views.interview_pdf, name="pdf"),
]
