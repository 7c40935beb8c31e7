"""Backup and restore (issue 13, docs/backup.md): scripts/backup.sh dumps the test database (pg_dump,
custom format) and copies the uploaded files; scripts/restore.sh restores them into a fresh database on
the same throwaway cluster and a fresh folder, where every table has the same rows, the audit and access
entries are there, and every file is byte for byte the same; an encrypted backup (gpg) holds no plain
data and restores the same."""

import hashlib
import os
import shutil
import subprocess
import uuid
from pathlib import Path
from urllib.parse import quote

import psycopg
import pytest
from auditlog.models import LogEntry
from django.conf import settings
from django.db import connection

from szansa.domain.people import services
from szansa.lib.access_log import log_access
from tests.factories import IncomeRecordFactory

ROOT = Path(settings.BASE_DIR)

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(shutil.which("pg_dump") is None, reason="needs PostgreSQL's client programs"),
]


def _url(name: str) -> str:
    db = connection.settings_dict
    password = f":{quote(db['PASSWORD'])}" if db.get("PASSWORD") else ""
    return (
        f"postgresql://{quote(db['USER'])}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{name}"
    )


def _env(**values) -> dict:
    major = connection.pg_version // 10000
    bin_folder = Path(f"/usr/lib/postgresql/{major}/bin")
    env = {**os.environ, **values}
    if bin_folder.is_dir():
        env["PG_BIN"] = str(bin_folder)  # the server's own version of pg_dump / pg_restore
    return env


def _counts(cursor) -> dict[str, int]:
    cursor.execute("select tablename from pg_tables where schemaname = 'public' order by tablename")
    tables = [row[0] for row in cursor.fetchall()]
    counts = {}
    for table in tables:
        cursor.execute(f'select count(*) from "{table}"')
        counts[table] = cursor.fetchone()[0]
    return counts


def _files(folder: Path) -> dict[str, str]:
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


@pytest.fixture
def registry(cast):
    """People, a household, incomes, audit entries of the changes and access entries of reads."""
    household = services.household_create(actor=cast.pracownik, head=cast.person_a, notes="Rodzina")
    IncomeRecordFactory(person=cast.person_a)
    log_access(user=cast.pracownik, persons=[cast.person_a], route="people:person_detail", what="file")
    assert LogEntry.objects.filter(action=LogEntry.Action.ACCESS).exists()
    return household


@pytest.fixture
def media(tmp_path):
    folder = tmp_path / "media"
    (folder / "dokumenty" / "2026").mkdir(parents=True)
    (folder / "dokumenty" / "2026" / "zaświadczenie.pdf").write_bytes(b"%PDF-1.7 " + os.urandom(2048))
    (folder / "umowa.txt").write_text("Umowa z uczestnikiem", encoding="utf-8")
    return folder


@pytest.fixture
def fresh_database():
    name = f"szansa_restored_{uuid.uuid4().hex[:8]}"
    with connection.cursor() as cursor:
        cursor.execute(f'create database "{name}"')
    yield name
    with connection.cursor() as cursor:
        cursor.execute(f'drop database if exists "{name}" with (force)')


def _run(*args, env):
    done = subprocess.run(["bash", *args], env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return done


def _round_trip(tmp_path, media, fresh_database, *, backup_args=(), env=None):
    backup = tmp_path / "backup"
    _run(
        str(ROOT / "scripts" / "backup.sh"),
        *backup_args,
        str(backup),
        env=_env(DATABASE_URL=_url(connection.settings_dict["NAME"]), MEDIA_ROOT=str(media), **(env or {})),
    )
    restored_media = tmp_path / "restored-media"
    _run(
        str(ROOT / "scripts" / "restore.sh"),
        str(backup),
        env=_env(DATABASE_URL=_url(fresh_database), MEDIA_ROOT=str(restored_media), **(env or {})),
    )
    return backup, restored_media


def _assert_same(fresh_database, media, restored_media):
    with connection.cursor() as cursor:
        original = _counts(cursor)
    with psycopg.connect(_url(fresh_database)) as restored, restored.cursor() as cursor:
        assert _counts(cursor) == original  # every table, the same number of rows
        cursor.execute("select action, object_pk, additional_data::text from auditlog_logentry order by id")
        restored_entries = cursor.fetchall()
    assert original["people_person"] == 2 and original["people_household"] == 1
    entries = [(e.action, e.object_pk, e.additional_data) for e in LogEntry.objects.order_by("id")]
    assert len(restored_entries) == len(entries) > 0
    assert [(a, pk) for a, pk, _ in restored_entries] == [(a, pk) for a, pk, _ in entries]
    assert any(a == LogEntry.Action.ACCESS for a, _, _ in restored_entries)
    assert _files(restored_media) == _files(media) and len(_files(media)) == 2


def test_a_backup_restores_every_row_audit_entry_and_file(registry, media, fresh_database, tmp_path):
    backup, restored_media = _round_trip(tmp_path, media, fresh_database)
    assert sorted(p.name for p in backup.iterdir()) == ["SHA256SUMS", "media.tar", "szansa.dump"]
    assert (backup / "szansa.dump").read_bytes()[:5] == b"PGDMP"  # pg_dump's custom format
    assert oct(backup.stat().st_mode & 0o777) == "0o700"  # readable by its owner only
    _assert_same(fresh_database, media, restored_media)


@pytest.mark.skipif(shutil.which("gpg") is None, reason="needs gpg")
def test_an_encrypted_backup_holds_no_plain_data_and_restores_the_same(
    registry, media, fresh_database, tmp_path, cast
):
    home = tmp_path / "gnupg"
    home.mkdir(mode=0o700)
    recipient = "kopia@szansa.example"
    subprocess.run(
        [
            "gpg",
            "--batch",
            "--passphrase",
            "",
            "--quick-gen-key",
            f"Kopia Szansa <{recipient}>",
            "default",
            "default",
            "never",
        ],
        check=True,
        env={**os.environ, "GNUPGHOME": str(home)},
        capture_output=True,
    )
    backup, restored_media = _round_trip(
        tmp_path,
        media,
        fresh_database,
        backup_args=("--encrypt-gpg", recipient),
        env={"GNUPGHOME": str(home)},
    )
    assert sorted(p.name for p in backup.iterdir()) == ["SHA256SUMS.gpg", "media.tar.gpg", "szansa.dump.gpg"]
    # Markers long enough that random ciphertext cannot hold them by chance: a surname of three letters
    # ("Cop") turned up in a megabyte of ciphertext once. The dump's header, the text of a media file that a
    # plain tar holds as it is, and the person's PESEL.
    markers = (b"PGDMP", b"Umowa z uczestnikiem", cast.person_a.pesel.encode())
    assert len(cast.person_a.pesel) == 11
    for path in backup.iterdir():
        data = path.read_bytes()
        assert not [marker for marker in markers if marker in data], path.name
    _assert_same(fresh_database, media, restored_media)


def test_restore_refuses_a_database_that_is_not_empty(registry, media, tmp_path):
    backup = tmp_path / "backup"
    _run(
        str(ROOT / "scripts" / "backup.sh"),
        str(backup),
        env=_env(DATABASE_URL=_url(connection.settings_dict["NAME"]), MEDIA_ROOT=str(media)),
    )
    refused = subprocess.run(
        ["bash", str(ROOT / "scripts" / "restore.sh"), str(backup)],
        env=_env(DATABASE_URL=_url(connection.settings_dict["NAME"]), MEDIA_ROOT=str(tmp_path / "x")),
        capture_output=True,
        text=True,
    )
    assert refused.returncode == 1 and "not empty" in refused.stderr
