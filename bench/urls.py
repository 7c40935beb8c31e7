"""Routes of the benchmark, included by szansa/urls.py only when BENCH_BARE_VIEW is on."""

from django.urls import path

from bench.views import bare

app_name = "bench"
urlpatterns = [path("bench/bare", bare, name="bare")]
