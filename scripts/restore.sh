#!/usr/bin/env bash
# Restore a Szansa backup made by scripts/backup.sh into a FRESH database and MEDIA_ROOT (docs/backup.md).
#
#   scripts/restore.sh BACKUP_FOLDER
#
# Environment: DATABASE_URL (postgresql://…; an existing, empty database: create it first, e.g.
# `createdb -O szansa szansa_restored`), MEDIA_ROOT (the folder for the files; must be empty or missing),
# PG_BIN (folder of pg_restore, optional); GNUPGHOME or the age identity (AGE_IDENTITY, a key file) for an
# encrypted backup. The checksums are verified before anything is restored; the database is restored in one
# transaction, stopping at the first error, so a failed restore leaves the database empty.
set -euo pipefail
umask 077

[[ $# -eq 1 ]] || { echo "usage: $0 BACKUP_FOLDER" >&2; exit 2; }
BACKUP="$1"
[[ "${DATABASE_URL:-}" == postgres* ]] || { echo "DATABASE_URL must name the PostgreSQL database" >&2; exit 2; }
[[ -n "${MEDIA_ROOT:-}" ]] || { echo "MEDIA_ROOT must name the folder for the uploaded files" >&2; exit 2; }
PG="${PG_BIN:+$PG_BIN/}"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

for file in szansa.dump media.tar SHA256SUMS; do
  if [[ -f "$BACKUP/$file" ]]; then
    cp "$BACKUP/$file" "$WORK/$file"
  elif [[ -f "$BACKUP/$file.gpg" ]]; then
    gpg --batch --quiet --decrypt --output "$WORK/$file" "$BACKUP/$file.gpg"
  elif [[ -f "$BACKUP/$file.age" ]]; then
    age --decrypt --identity "${AGE_IDENTITY:?AGE_IDENTITY must name the age key file}" \
      --output "$WORK/$file" "$BACKUP/$file.age"
  else
    echo "$BACKUP has no $file" >&2; exit 1
  fi
done
(cd "$WORK" && sha256sum --check --quiet SHA256SUMS) || { echo "checksums do not match: not restored" >&2; exit 1; }

TABLES="$("${PG}psql" "$DATABASE_URL" -Atc "select count(*) from pg_tables where schemaname = 'public'")"
if [[ "$TABLES" != "0" ]]; then
  echo "the database of DATABASE_URL is not empty ($TABLES tables): restore into a fresh one" >&2; exit 1
fi
if [[ -d "$MEDIA_ROOT" && -n "$(ls -A "$MEDIA_ROOT")" ]]; then
  echo "$MEDIA_ROOT is not empty: restore the files into a fresh folder" >&2; exit 1
fi

"${PG}pg_restore" --no-owner --no-privileges --exit-on-error --single-transaction \
  --dbname="$DATABASE_URL" "$WORK/szansa.dump"
mkdir -p "$MEDIA_ROOT"
tar -C "$MEDIA_ROOT" -xf "$WORK/media.tar"
echo "Restored the database and the files into $MEDIA_ROOT"
