"""API rate limits (REST_FRAMEWORK["DEFAULT_THROTTLE_CLASSES"]): per signed-in user and per anonymous
client address, counted in the default cache. The rates are read from settings.API_THROTTLE_RATES at each
request (DRF's own classes read them once, at import), so a deployment or a test can change them."""

from django.conf import settings
from rest_framework import throttling


class AnonRateThrottle(throttling.AnonRateThrottle):
    def get_rate(self):
        return settings.API_THROTTLE_RATES[self.scope]


class UserRateThrottle(throttling.UserRateThrottle):
    def get_rate(self):
        return settings.API_THROTTLE_RATES[self.scope]
