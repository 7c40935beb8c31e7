#!/usr/bin/env bash
# Vendors the front-end packages Szansa uses from the npm registry into szansa/web/static/vendor/, where the
# files are committed: nothing is fetched at run time or when the tests run, and no page loads a CDN.
#   htmx.org   -> vendor/htmx/htmx-<version>.min.js     (every page, base.html)
#   axe-core   -> vendor/axe-core/axe-<version>.min.js  (the accessibility test only,
#                                                        tests/browser/test_accessibility.py)
#   idb        -> vendor/idb/idb-<version>.js           (IndexedDB with promises, an ES module: the field
#                                                        app for interviews offline, js/field/, docs/offline.md)
# Each with its licence. Run it after changing a version below, then update the references to the file
# (base.html, the test, js/field/*.js and szansa/web/field/views.py) and commit the new files.
#   bash scripts/vendor-assets.sh          vendor (or re-vendor) every package
#   bash scripts/vendor-assets.sh --check  only check that the committed files are the packages' own
set -euo pipefail

HTMX_VERSION=2.0.11
AXE_VERSION=4.14.1
IDB_VERSION=8.0.4

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
VENDOR="$ROOT/szansa/web/static/vendor"
CHECK=0
[[ "${1:-}" == "--check" ]] && CHECK=1

command -v npm >/dev/null || { echo "npm is needed (apt-get install npm)" >&2; exit 1; }
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

# vendor <package@version> <file in the package> <target folder> <target name>
vendor() {
  local spec="$1" file="$2" folder="$3" name="$4"
  local unpacked="$WORK/${spec//[@\/]/_}"
  mkdir -p "$unpacked"
  (cd "$WORK" && npm pack --silent "$spec" >/dev/null)
  tar xzf "$WORK"/"$(cd "$WORK" && ls -t ./*.tgz | head -1)" -C "$unpacked"
  rm -f "$WORK"/*.tgz
  if [[ $CHECK == 1 ]]; then
    cmp "$unpacked/package/$file" "$VENDOR/$folder/$name"
    cmp "$unpacked/package/LICENSE" "$VENDOR/$folder/LICENSE"
    echo "ok: $folder/$name is $spec"
    return
  fi
  mkdir -p "$VENDOR/$folder"
  cp "$unpacked/package/$file" "$VENDOR/$folder/$name"
  cp "$unpacked/package/LICENSE" "$VENDOR/$folder/LICENSE"
  echo "vendored $spec -> szansa/web/static/vendor/$folder/$name"
}

vendor "htmx.org@$HTMX_VERSION" dist/htmx.min.js htmx "htmx-$HTMX_VERSION.min.js"
vendor "axe-core@$AXE_VERSION" axe.min.js axe-core "axe-$AXE_VERSION.min.js"
vendor "idb@$IDB_VERSION" build/index.js idb "idb-$IDB_VERSION.js"
