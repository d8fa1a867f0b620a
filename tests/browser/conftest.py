"""Browser tests: Playwright driving Debian's Chromium against pytest-django's live server.

Outside CI a missing Chromium skips these tests with a loud reason; under CI=true it fails.
"""

import os
import shutil

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]


def pytest_collection_modifyitems(config, items):
    here = os.path.dirname(__file__)
    browser_items = [item for item in items if str(item.fspath).startswith(here)]
    for item in browser_items:
        item.add_marker(pytest.mark.browser)
    if os.path.exists(CHROMIUM):
        return
    if os.environ.get("CI", "").lower() == "true":
        raise pytest.UsageError(
            f"Chromium not found at {CHROMIUM}: browser tests cannot be skipped in CI "
            "(install it with 'apt-get install chromium')."
        )
    reason = (
        f"!!! BROWSER TESTS SKIPPED: Chromium not found at {CHROMIUM}. "
        "Install it with 'apt-get install chromium' to run them. !!!"
    )
    print(f"\n{reason}\n")
    for item in browser_items:
        item.add_marker(pytest.mark.skip(reason=reason))


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": CHROMIUM_FLAGS,
        "headless": True,
    }


@pytest.fixture
def seeded_site(live_server, transactional_db):
    """The live server with the full shipped content loaded."""
    from django.core.management import call_command

    call_command("loaddata", "content", verbosity=0)
    return live_server


@pytest.fixture
def checker_site(seeded_site):
    """The live server with the content and the shipped checker (questions, warning signs)."""
    from django.core.management import call_command

    call_command("loaddata", "checker", verbosity=0)
    return seeded_site


class ConsoleWatcher:
    """Collects console errors (including CSP violations) and failed same-site requests."""

    def __init__(self, page):
        self.errors = []
        self.requests = []
        page.on("console", self._on_console)
        page.on("pageerror", lambda exc: self.errors.append(f"pageerror: {exc}"))
        page.on("request", lambda request: self.requests.append(request.url))

    def _on_console(self, message):
        if message.type == "error":
            self.errors.append(message.text)


@pytest.fixture
def console(page):
    return ConsoleWatcher(page)


@pytest.fixture(scope="session")
def axe():
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


@pytest.fixture
def assert_accessible(axe):
    def check(page, context=""):
        results = axe.run(
            page,
            options={
                "runOnly": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
            },
        )
        assert results.violations_count == 0, f"{context or page.url}:\n{results.generate_report()}"

    return check
