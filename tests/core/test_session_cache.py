"""Sessions in the cache only with a shared cache (issue 14, docs/deployment.md#web-nodes): CACHE_URL naming
a Redis makes the sessions cached_db over that Redis; without it they stay in the database only (a
per-process cache would let a session signed out through one worker live on in another); any other
CACHE_URL is refused."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PRINT = (
    "from django.conf import settings; "
    "print(settings.SESSION_ENGINE); print(settings.CACHES['default']['BACKEND'])"
)


def settings_with(**extra) -> subprocess.CompletedProcess:
    env = {key: value for key, value in os.environ.items() if key in {"PATH", "HOME", "LANG", "TMPDIR"}}
    env.update(DEBUG="0", SECRET_KEY=secrets.token_urlsafe(64), ALLOWED_HOSTS="example.org", **extra)
    return subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", PRINT],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_without_a_shared_cache_sessions_stay_in_the_database():
    result = settings_with()
    assert result.returncode == 0, result.stderr
    engine, backend = result.stdout.split()[-2:]
    assert engine == "django.contrib.sessions.backends.db"
    assert backend == "django.core.cache.backends.locmem.LocMemCache"


def test_a_redis_cache_url_reads_sessions_from_redis_written_through_to_the_database():
    result = settings_with(CACHE_URL="redis://127.0.0.1:6379/5")
    assert result.returncode == 0, result.stderr
    engine, backend = result.stdout.split()[-2:]
    assert engine == "django.contrib.sessions.backends.cached_db"
    assert backend == "django.core.cache.backends.redis.RedisCache"


def test_a_cache_url_that_is_not_a_shared_redis_is_refused():
    result = settings_with(CACHE_URL="locmem://")
    assert result.returncode != 0
    assert "CACHE_URL must name a shared Redis cache" in result.stderr
