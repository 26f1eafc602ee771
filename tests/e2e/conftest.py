"""Headless Chromium (Debian's) driven by Playwright against the live test server."""

import os
import shutil

import pytest

# Third-party loads the policy is meant to stop: ReDoc's bundle fetches its maker's logo.
MEANT_TO_BE_BLOCKED = ("https://cdn.redoc.ly/",)

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_path() -> str | None:
    return (
        os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    )


@pytest.fixture(scope="module")
def browser():
    """Launch Chromium for one test module.

    Playwright's sync API keeps an event loop in this thread, so Django would refuse the
    tests' own ORM calls (fixtures and database flushes, never concurrent with the
    browser); the permission lasts exactly as long as the browser.
    """
    path = chromium_path()
    if path is None:
        message = "Chromium is not installed (apt-get install -y chromium)"
        if os.environ.get("CI"):
            pytest.fail(f"{message}: in CI a missing browser is a failure")
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with pytest.MonkeyPatch.context() as patch, sync_playwright() as playwright:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        browser = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    """A browser tab; any Content-Security-Policy violation it meets fails the test."""
    context = browser.new_context(viewport={"width": 1100, "height": 900})
    page = context.new_page()
    violations = []
    page.on(
        "console",
        lambda message: "Content Security Policy" in message.text and violations.append(message),
    )
    yield page
    context.close()
    broken = [v.text for v in violations if not any(b in v.text for b in MEANT_TO_BE_BLOCKED)]
    assert not broken, "the page broke the Content-Security-Policy"


@pytest.fixture
def seeded_site(transactional_db, live_server):
    from django.conf import settings
    from django.core.management import call_command

    call_command("loaddata", *settings.SEED_FIXTURES, verbosity=0)
    restore_editorial_groups()
    return live_server.url


def restore_editorial_groups():
    """Make the Reporter and Editor groups again, as their migration does.

    A transactional test's flush empties every table, the groups a migration made
    included, so a later test in the session would find none.
    """
    import importlib

    from django.apps import apps

    migration = importlib.import_module("newsroom.coverage.migrations.0005_editorial_groups")
    migration.create_groups(apps, None)
