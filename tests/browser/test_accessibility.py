"""axe-core (vendored from the npm package by scripts/vendor-assets.sh) checks every page each demo role can
open against the WCAG 2.1 A and AA rules, and the test fails on any violation, listed by rule, page and
element.

Which pages: for each role, a crawl from the home page along same-origin links, at most one page per URL
route (a person's file stands for every person's file), to a bounded depth; so a page added later is checked
as soon as a link leads to it. Forms on the pages are opened (every <details> is opened, which also shows the
menu's groups) before axe runs. Files (PDF, CSV, ZIP, calendar feeds), the API, Django's admin and sign-out
are not pages of Szansa's layout and are not followed. Szansa's own 404 page is checked too.

Data: the demo accounts, a registry of 40 demo people and the demo's live project around today (recruitment
round, participants with plans, activities with sessions, a sheltered flat, tasks), so lists, files, boards
and forms have content. One chromium, one context per role."""

import re
import time
from pathlib import Path
from urllib.parse import urldefrag, urlsplit

import pytest
from django.conf import settings
from django.test import override_settings
from django.urls import Resolver404, resolve
from django.utils import timezone

from szansa.demo import people as demo
from szansa.demo.live import seed_live

ROLES = ["admin", "kierownik", "koordynator", "pracownik", "pracownik2", "specjalista", "referent", "audytor"]
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
AXE = sorted((Path(settings.BASE_DIR) / "szansa/web/static/vendor/axe-core").glob("axe-*.min.js"))[-1]
MAX_DEPTH = 4
# Not pages of Szansa's layout, or not to be followed: sign-out, the language switch, the API and its
# docs, Django's admin, files.
SKIP_PATHS = re.compile(r"^/(logout|login|i18n|api|admin|static|media|healthz)(/|$)")
SKIP_ROUTES = re.compile(r"pdf|export|csv|zip|feed|qr|document|ranking|api-docs|schema|verify|enrol$")

RUN_AXE = """async (tags) => {
  document.querySelectorAll("details").forEach((d) => { d.open = true; });
  const options = { runOnly: { type: "tag", values: tags }, resultTypes: ["violations", "passes"] };
  const result = await axe.run(document, options);
  // axe's own count of the rules it checked and passed: a page where it checked nothing is an error.
  const passed = result.passes.length;
  return { passed, violations: result.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help,
    targets: v.nodes.slice(0, 4).map((n) => n.target.join(" ")),
    count: v.nodes.length,
  })) };
}"""


@pytest.fixture
def demo_data():
    """The demo accounts and a small demo seed (made before the browser starts)."""
    started = time.monotonic()
    today = timezone.localdate()
    demo.ensure_demo_accounts()
    demo.seed(40, 1, today)
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
        seed_live(rng_seed=1, reference=today)
    return time.monotonic() - started


def _route(path: str) -> str | None:
    try:
        match = resolve(path)
    except Resolver404:
        return None
    return match.view_name


def _crawl(page, base: str):
    """(url, route) of the pages reachable from the home page: breadth first, one URL per route."""
    seen_routes: dict[str, str] = {}
    queue = [(f"{base}/", 0)]
    visited = set()
    while queue:
        url, depth = queue.pop(0)
        if url in visited:
            continue
        visited.add(url)
        response = page.goto(url)
        if response is None or response.status != 200:
            continue
        if "text/html" not in (response.headers.get("content-type") or ""):
            continue
        yield url, _route(urlsplit(url).path)
        if depth >= MAX_DEPTH:
            continue
        for href in page.eval_on_selector_all("a[href]:not([download])", "els => els.map(e => e.href)"):
            href = urldefrag(href)[0]
            parts = urlsplit(href)
            if not href.startswith(base) or SKIP_PATHS.match(parts.path):
                continue
            route = _route(parts.path)
            if route is None or SKIP_ROUTES.search(route) or route in seen_routes:
                continue
            seen_routes[route] = href
            queue.append((f"{base}{parts.path}" + (f"?{parts.query}" if parts.query else ""), depth + 1))


def _axe(page, base: str) -> list[dict]:
    # The vendored file as served by the site: the Content-Security-Policy (script-src 'self') refuses the
    # inline script that add_script_tag(path=...) would write, and stays on while axe runs.
    page.add_script_tag(url=f"{base}{settings.STATIC_URL}vendor/axe-core/{AXE.name}")
    result = page.evaluate(RUN_AXE, TAGS)
    assert result["passed"] > 0, f"axe checked nothing on {page.url}"
    return result["violations"]


def _axe_finds_a_known_violation(page, base: str) -> None:
    """The runner itself works: an image without a text alternative on a page of Szansa's layout (the home
    page with one such image added) is reported as image-alt (WCAG 2.1 SC 1.1.1)."""
    page.goto(f"{base}/")
    page.evaluate("() => document.querySelector('main').appendChild(document.createElement('img'))")
    assert "image-alt" in {v["id"] for v in _axe(page, base)}


def test_every_page_of_every_role_passes_axe_wcag21_aa(live_server, demo_data, browser, log_in):
    base = live_server.url
    violations, checked = [], {}
    started, in_axe = time.monotonic(), 0.0
    for username in ROLES:
        context = browser.new_context(locale="pl-PL", viewport={"width": 1366, "height": 900})
        page = context.new_page()
        page.set_default_timeout(20_000)
        log_in(page, live_server, username)
        if username == ROLES[0]:
            _axe_finds_a_known_violation(page, base)
        pages = 0
        for url, route in _crawl(page, base):
            pages += 1
            axe_started = time.monotonic()
            found = _axe(page, base)
            in_axe += time.monotonic() - axe_started
            for violation in found:
                violations.append((username, url[len(base) :], route, violation))
        page.goto(f"{base}/strona-ktorej-nie-ma/")
        violations += [(username, "/strona-ktorej-nie-ma/", "404", v) for v in _axe(page, base)]
        checked[username] = pages
        context.close()
    elapsed = time.monotonic() - started
    print(
        f"axe: {sum(checked.values())} pages in {elapsed:.0f} s, {in_axe:.0f} s of them in axe "
        f"(seed {demo_data:.0f} s): {checked}"
    )

    # Every role reached its pages (a crawl stopped at the home page would check nothing).
    assert all(count >= 8 for count in checked.values()), checked
    report = "\n".join(
        f"- {v['id']} ({v['impact']}): {v['help']} — {username} {path} [{route}] — "
        f"{v['count']} element(s): {'; '.join(v['targets'])}"
        for username, path, route, v in violations
    )
    assert not violations, f"{len(violations)} axe violation(s) of WCAG 2.1 A/AA:\n{report}"
