#!/usr/bin/env bash
# Back up Szansa: the PostgreSQL database (pg_dump, custom format) and the uploaded files under
# MEDIA_ROOT, into a new folder, optionally encrypted. docs/backup.md says how and how to restore.
#
#   scripts/backup.sh [--encrypt-gpg RECIPIENT | --encrypt-age RECIPIENT] OUTPUT_FOLDER
#
# Environment: DATABASE_URL (postgresql://…; the database to dump), MEDIA_ROOT (the uploaded files, as in
# Szansa's environment; set but empty when there are none), PG_BIN (folder of pg_dump, optional).
# Writes OUTPUT_FOLDER/szansa.dump, OUTPUT_FOLDER/media.tar (always, empty when there are no files) and
# SHA256SUMS; with encryption each file gets .gpg or .age and the plain file is removed. The folder is
# created readable by its owner only (umask 077): a backup holds every person's data.
set -euo pipefail
umask 077

usage() { echo "usage: $0 [--encrypt-gpg RECIPIENT | --encrypt-age RECIPIENT] OUTPUT_FOLDER" >&2; exit 2; }
ENCRYPT="" RECIPIENT=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --encrypt-gpg) ENCRYPT=gpg RECIPIENT="${2:?}"; shift 2 ;;
    --encrypt-age) ENCRYPT=age RECIPIENT="${2:?}"; shift 2 ;;
    -h|--help) usage ;;
    -*) usage ;;
    *) OUT="$1"; shift ;;
  esac
done
[[ -n "${OUT:-}" ]] || usage
[[ "${DATABASE_URL:-}" == postgres* ]] || { echo "DATABASE_URL must name the PostgreSQL database" >&2; exit 2; }
PG="${PG_BIN:+$PG_BIN/}"
: "${MEDIA_ROOT?MEDIA_ROOT must be set as in the environment of Szansa (empty: no uploaded files)}"

if [[ -e "$OUT" && -n "$(ls -A "$OUT" 2>/dev/null)" ]]; then
  echo "$OUT exists and is not empty: choose a new folder" >&2; exit 1
fi
mkdir -p "$OUT"

# The database: custom format (compressed, restorable table by table with pg_restore), without owners
# and privileges, so it restores into a database of another role.
"${PG}pg_dump" --format=custom --no-owner --no-privileges --file="$OUT/szansa.dump" "$DATABASE_URL"

# The uploaded files, beside the dump (paths relative to MEDIA_ROOT).
if [[ -n "$MEDIA_ROOT" && -d "$MEDIA_ROOT" ]]; then
  tar -C "$MEDIA_ROOT" -cf "$OUT/media.tar" .
else
  tar -cf "$OUT/media.tar" --files-from /dev/null
fi

(cd "$OUT" && sha256sum szansa.dump media.tar > SHA256SUMS)

case "$ENCRYPT" in
  gpg)
    for file in szansa.dump media.tar SHA256SUMS; do
      gpg --batch --yes --trust-model always --encrypt --recipient "$RECIPIENT" \
        --output "$OUT/$file.gpg" "$OUT/$file"
      rm -f "$OUT/$file"
    done ;;
  age)
    for file in szansa.dump media.tar SHA256SUMS; do
      age --encrypt --recipient "$RECIPIENT" --output "$OUT/$file.age" "$OUT/$file"
      rm -f "$OUT/$file"
    done ;;
esac
echo "Backup written to $OUT"
