from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "szansa.web"
    label = "web"

    def ready(self):
        from szansa.lib.forms import accept_grouped_amounts

        accept_grouped_amounts()
