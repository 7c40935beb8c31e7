"""The field app: community interviews filled in on a tablet without network (docs/offline.md).

- `app` (/teren/): the page. Everything else happens in its scripts (static/js/field/): the day's interviews
  and their questionnaires are read from the API (/api/v1/interviews/, /api/v1/interview-forms/), kept sealed
  in IndexedDB, filled in, and sent back with PATCH when there is a network.
- `service_worker` (/teren/sw.js): the service worker whose scope is /teren/. Its code is the static file
  js/field/sw.js; this view puts before it the list of the app shell's addresses (the page, its scripts and
  styles, the vendored idb, the icon) and the cache's name, which changes whenever the shell does.
- `manifest` (/teren/manifest.webmanifest): the web app manifest.

The worker and the manifest hold no personal data and answer without a session (a browser fetches the
manifest without cookies); the page needs the permission to conduct interviews."""

import hashlib
import json
from pathlib import Path

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.http import HttpResponse, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from szansa.lib.views import require_perm

PERM = "interviews.conduct_interview"
SCOPE = "/teren/"
WORKER_SOURCE = "js/field/sw.js"
IDB = "vendor/idb/idb-8.0.4.js"
ICON = "img/field-icon.svg"
# The static files of the app shell. The modules are also listed under their plain names: an ES module's
# `import "./store.js"` asks for the plain name even where the storage adds a hash to the entry's name.
SHELL_STATIC = [
    "css/szansa.css",
    "css/field.css",
    "vendor/htmx/htmx-2.0.11.min.js",
    "js/szansa.js",
    "js/person_picker.js",
    "js/field/app.js",
    "js/field/store.js",
    "js/field/signout.js",
    IDB,
    ICON,
]
MODULES = ["js/field/app.js", "js/field/store.js", "js/field/signout.js", IDB]


def shell() -> list[str]:
    """The addresses the service worker keeps for offline use, each once."""
    plain = "/" + settings.STATIC_URL.strip("/") + "/"
    urls = [SCOPE, reverse("field:manifest")]
    urls += [static(name) for name in SHELL_STATIC]
    urls += [plain + name for name in MODULES]
    return list(dict.fromkeys(urls))


def _worker_code() -> str:
    found = finders.find(WORKER_SOURCE)
    if found:
        return Path(found).read_text(encoding="utf-8")
    with staticfiles_storage.open(WORKER_SOURCE) as source:
        return source.read().decode("utf-8")


def _shell_version(urls: list[str], code: str) -> str:
    """Changes with the worker's code and with the shell's addresses (a hashed file name changes with its
    content in production)."""
    digest = hashlib.sha256(code.encode("utf-8"))
    for url in urls:
        digest.update(url.encode("utf-8"))
    digest.update(b"".join(_static_bytes(name) for name in SHELL_STATIC))
    return digest.hexdigest()[:16]


def _static_bytes(name: str) -> bytes:
    found = finders.find(name)
    if found:
        return Path(found).read_bytes()
    if staticfiles_storage.exists(name):
        with staticfiles_storage.open(name) as content:
            return content.read()
    return b""


@require_GET
def service_worker(request):
    code = _worker_code()
    urls = shell()
    prelude = (
        f"const SHELL = {json.dumps(urls)};\n"
        f"const PAGE = {json.dumps(SCOPE)};\n"
        f"const CACHE = {json.dumps('szansa-teren-' + _shell_version(urls, code))};\n"
    )
    response = HttpResponse(prelude + code, content_type="text/javascript; charset=utf-8")
    response["Service-Worker-Allowed"] = SCOPE
    # The browser checks for a new worker at each visit; it must not be kept stale by any cache.
    response["Cache-Control"] = "no-cache"
    return response


@require_GET
def manifest(request):
    data = {
        "name": _("Szansa: interviews in the field"),
        "short_name": _("Szansa field"),
        "description": _("Community interviews filled in on a tablet without network."),
        "lang": request.LANGUAGE_CODE,
        "start_url": SCOPE,
        "scope": SCOPE,
        "display": "standalone",
        "background_color": "#f6f8fa",
        "theme_color": "#0b5cad",
        "icons": [{"src": static(ICON), "sizes": "any", "type": "image/svg+xml", "purpose": "any"}],
    }
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False})
    response["Content-Type"] = "application/manifest+json"
    return response


def _texts() -> dict[str, str]:
    """The texts the scripts show, translated here (gettext) and handed over in a JSON data block."""
    return {
        "online": _("Online"),
        "offline": _("Offline: changes are kept on this device"),
        "unsent": _("Interviews not sent: %(n)s"),
        "nothingUnsent": _("Nothing waiting to be sent"),
        "downloading": _("Downloading…"),
        "downloaded": _("Interviews downloaded: %(n)s"),
        "downloadedKept": _(
            "Interviews downloaded: %(n)s; changes not yet sent were kept in %(kept)s of them"
        ),
        "downloadFailed": _("Download failed (%(error)s). Try again."),
        "needsNetwork": _("Connect to the network to download the interviews."),
        "needsNetworkToSend": _("No network: the changes will be sent when it is back."),
        "sending": _("Sending…"),
        "sent": _("Interviews sent: %(n)s"),
        "conflicts": _("Interviews changed on the server meanwhile: %(n)s (choose the answers)"),
        "refusedCount": _("Interviews the server refused: %(n)s"),
        "allSent": _("All changes sent"),
        "notSent": _("Not sent: the changes stay on this device"),
        "sessionEnded": _(
            "Your session has ended. Sign in again to send the interviews; the changes stay on this device."
        ),
        "signIn": _("Sign in again"),
        "refused": _("The server refused the answers: %(error)s"),
        "conflictTitle": _("Answers changed on the server meanwhile"),
        "conflictHelp": _(
            "Someone changed these answers on the server after you downloaded the interview. Choose, for "
            "each, the value to keep; your other answers stay as you typed them."
        ),
        "keepMine": _("Keep my answer: %(value)s"),
        "takeServer": _("Take the server's answer: %(value)s"),
        "applyConflict": _("Apply the choices and send"),
        "empty": _("(no answer)"),
        "yes": _("Yes"),
        "no": _("No"),
        "choose": _("— choose —"),
        "required": _("required"),
        "due": _("due %(date)s"),
        "interviewNo": _("Interview no. %(id)s"),
        "noForm": _(
            "The questionnaire of this interview is not on the device: download the interviews again."
        ),
        "badgeUnsent": _("not sent"),
        "badgeConflict": _("conflict"),
        "badgeRefused": _("refused"),
        "badgeSaved": _("as on the server"),
        "otherUser": _(
            "This device holds interviews downloaded by another user (not sent: %(n)s). Only that user can "
            "send them; remove them only if they are not needed."
        ),
        "wipe": _("Remove the interviews from this device"),
        "wipeConfirm": _("Remove the interviews from this device? Changes not sent will be lost."),
        "unsupported": _(
            "This browser cannot keep interviews offline (it lacks IndexedDB, WebCrypto or service workers)."
        ),
    }


@login_required
def app(request):
    require_perm(request.user, PERM)
    context = {
        "texts": _texts(),
        "csrf": get_token(request),
        "worker_url": reverse("field:service_worker"),
        "manifest_url": reverse("field:manifest"),
        "scope": SCOPE,
        "interviews_url": reverse("interview-list"),
        "forms_url": reverse("interview-form-list"),
        "login_url": f"{reverse('login')}?next={SCOPE}",
    }
    return render(request, "field/app.html", context)
