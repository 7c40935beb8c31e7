"""The read replica with a real PostgreSQL streaming replica (szansa/lib/replica.py,
docs/deployment.md#read-replica).

The test clones the test cluster with pg_basebackup (-R: a standby that streams from it), starts the
standby on another port and runs a Django process whose DATABASE_REPLICA_URL names it. That process
writes on the primary, waits until the standby has replayed the write, and checks where each read
goes and what it returns. It runs as a transactional test (its rows are committed, the standby must
see them), so the suite's flush removes them afterwards."""

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db(transaction=True)

ROOT = Path(__file__).resolve().parents[2]

CHECK = r"""
import json, time, django
django.setup()
from django.db import connections, transaction
from django.http import HttpResponse
from django.test import RequestFactory
from szansa.domain.accounts.models import Team
from szansa.lib.replica import fresh_context, replica_reads
from szansa.web.middleware import ReplicaPinMiddleware

out = {}

def wait_for_replay():
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT pg_current_wal_insert_lsn()")
        lsn = cursor.fetchone()[0]
    for _ in range(200):
        with connections["replica"].cursor() as cursor:
            cursor.execute("SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", [lsn])
            if cursor.fetchone()[0]:
                return
        time.sleep(0.05)
    raise SystemExit("the standby did not replay the write in 10 s")

with connections["replica"].cursor() as cursor:
    cursor.execute("SELECT pg_is_in_recovery()")
    out["replica_in_recovery"] = cursor.fetchone()[0]

with fresh_context():
    for name in ("Replica A", "Replica B", "Replica C"):
        Team.objects.create(name=name, description="replica check")
wait_for_replay()

with fresh_context():
    checked = Team.objects.filter(description="replica check").order_by("name")
    primary_rows = list(checked.values_list("name", flat=True))
    out["plain_read_db"] = Team.objects.all().db
    with replica_reads():
        query = Team.objects.filter(description="replica check").order_by("name")
        out["report_read_db"] = query.db
        rows = list(query.values_list("name", flat=True))
        out["report_rows_equal"] = rows == primary_rows == ["Replica A", "Replica B", "Replica C"]
        with transaction.atomic():
            out["in_transaction_db"] = Team.objects.all().db
        # A write in the context pins it: the next read sees the new row at once, from the primary.
        Team.objects.create(name="Replica D", description="replica check")
        after = Team.objects.filter(name="Replica D")
        out["read_after_write_db"] = after.db
        out["read_after_write_found"] = after.exists()

# A new request starts unpinned again.
with fresh_context():
    with replica_reads():
        out["next_request_db"] = Team.objects.all().db

# The middleware: a POST leaves a cookie that keeps the user's next requests on the primary.
seen = {}
def view(request):
    with replica_reads():
        seen[request.method] = Team.objects.all().db
    return HttpResponse("ok")

middleware = ReplicaPinMiddleware(view)
factory = RequestFactory()
posted = middleware(factory.post("/"))
out["post_sets_cookie"] = ReplicaPinMiddleware.COOKIE in posted.cookies
get = factory.get("/")
get.COOKIES[ReplicaPinMiddleware.COOKIE] = "1"
middleware(get)
out["get_after_post_db"] = seen["GET"]
middleware(factory.head("/"))
out["get_without_cookie_db"] = seen["HEAD"]
print(json.dumps(out))
"""


def _pg_bin() -> Path | None:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin"))
    return found[-1] if found else None


def _as_postgres(command: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def standby():
    """A streaming standby of the test cluster: (host, port)."""
    settings = connection.settings_dict
    pg_bin = _pg_bin()
    if connection.vendor != "postgresql" or pg_bin is None:
        pytest.skip("needs PostgreSQL and its server binaries")
    host = settings["HOST"] or "127.0.0.1"
    folder = Path(tempfile.mkdtemp(prefix="szansa-standby."))
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres")
    data = folder / "data"
    port = _free_port()
    backup = subprocess.run(
        _as_postgres(
            [
                str(pg_bin / "pg_basebackup"),
                "-h",
                host,
                "-p",
                str(settings["PORT"]),
                "-U",
                settings["USER"] or "postgres",
            ]
            + ["-D", str(data), "-R", "-X", "stream", "--no-sync", "--checkpoint=fast"]
        ),
        capture_output=True,
        text=True,
    )
    if backup.returncode != 0 and not os.environ.get("SZANSA_THROWAWAY_PG"):
        shutil.rmtree(folder, ignore_errors=True)
        pytest.skip(f"the given DATABASE_URL allows no replication connection: {backup.stderr.strip()}")
    assert backup.returncode == 0, backup.stderr
    # A standby needs these at least as high as its primary's (set there on the command line, which
    # pg_basebackup does not copy).
    with connection.cursor() as cursor:
        limits = []
        for name in (
            "max_connections",
            "max_worker_processes",
            "max_wal_senders",
            "max_locks_per_transaction",
        ):
            cursor.execute(f"SHOW {name}")
            limits.append(f"-c {name}={cursor.fetchone()[0]}")
    options = (
        f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c hot_standby=on -c fsync=off "
        + " ".join(limits)
    )
    start = subprocess.run(
        _as_postgres(
            [str(pg_bin / "pg_ctl"), "-D", str(data), "-l", str(folder / "log"), "-w", "-o", options, "start"]
        ),
        capture_output=True,
        text=True,
    )
    assert start.returncode == 0, start.stderr + (folder / "log").read_text(errors="replace")
    try:
        yield host, port
    finally:
        subprocess.run(
            _as_postgres([str(pg_bin / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"]),
            capture_output=True,
        )
        shutil.rmtree(folder, ignore_errors=True)


def test_reports_read_from_a_real_streaming_replica_and_writes_stay_on_the_primary(standby):
    host, port = standby
    settings = connection.settings_dict
    user = settings["USER"] or "postgres"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "szansa.settings",
        "DATABASE_URL": f"postgresql://{user}@{host}:{settings['PORT']}/{settings['NAME']}",
        "DATABASE_REPLICA_URL": f"postgresql://{user}@127.0.0.1:{port}/{settings['NAME']}",
    }
    result = subprocess.run([sys.executable, "-c", CHECK], cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-3000:]
    seen = json.loads(result.stdout.strip().splitlines()[-1])
    assert seen == {
        "replica_in_recovery": True,  # the second database is a real standby
        "plain_read_db": "default",  # ordinary pages never read from the replica
        "report_read_db": "replica",  # a report inside replica_reads() does
        "report_rows_equal": True,  # …and gets the rows the primary has
        "in_transaction_db": "default",
        "read_after_write_db": "default",  # read-your-writes within a request or job
        "read_after_write_found": True,
        "next_request_db": "replica",
        "post_sets_cookie": True,
        "get_after_post_db": "default",  # the page a form redirects to reads the primary
        "get_without_cookie_db": "replica",
    }
