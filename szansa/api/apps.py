from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "szansa.api"
    label = "api"
    verbose_name = "API"
