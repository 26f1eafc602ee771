"""Take the editors' guide's screenshots from the running site: `make screenshots`.

A scratch SQLite database gets the seed; the site is served on a free local port; Debian's
Chromium (through Playwright), at 1280 px, walks an editor's day as the guide tells it
and saves each screen to docs/editors/img/. Run it again when a screen changes.
"""

import datetime as dt
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
IMAGES = ROOT / "docs" / "editors" / "img"
PYTHON = sys.executable
STORY = (
    "Putin congratulates newly elected regional heads\n\n"
    "President Vladimir Putin had a videoconference with 26 newly elected heads of Russian "
    "regions and congratulated them on winning the elections.\n\n"
    "He said the elections were held for the first time in the new Russian regions, in "
    "accordance with Russian laws, and that the voting reaffirmed the incumbent leaders.\n\n"
    "[Source: Official website of the President of Russia]"
)

# Quotes the seed transcript's first speech: one as in the record, one misquoted.
QUOTED = (
    "Putin hails a high turnout in regional elections\n\n"
    'President Vladimir Putin said the elections were "open, fair and competitive".\n\n'
    '"The turnout was also very high, which shows the growing political maturity of our '
    'society," Putin said.\n\n'
    "[Source: Official website of the President of Russia]"
)

SCHEDULED = (
    "Putin to visit Chukotka\n\n"
    "The President will make his first visit to Chukotka, the Kremlin said.\n\n"
    "[Source: Official website of the President of Russia]"
)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def manage(env, *args, **kwargs):
    return subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True, text=True, **kwargs
    )


def prepare(env, password: str) -> None:
    manage(env, "migrate", "--noinput", "-v", "0")
    manage(env, "load_seed", "-v", "0")
    manage(
        env,
        "shell",
        "-v",
        "0",
        "-c",
        "from django.contrib.auth.models import Group, User\n"
        "for name, group in (('desk-editor', 'Editor'), ('reporter', 'Reporter')):\n"
        f"    user = User.objects.create_user(name, password='{password}', is_staff=True,"
        " first_name=name.split('-')[0].title())\n"
        "    user.groups.add(Group.objects.get(name=group))\n",
    )


def serve(env, port: int) -> subprocess.Popen:
    server = subprocess.Popen(
        [PYTHON, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1)
            return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit("the site did not start")


class Guide:
    """Sign in, walk the screens, save each one."""

    def __init__(self, browser, site: str, password: str):
        self.browser, self.site, self.password = browser, site, password
        self.taken, self.pages = [], []

    def page_for(self, username: str):
        page = self.browser.new_context(viewport={"width": 1280, "height": 860}).new_page()
        page.goto(self.site + "/admin/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", self.password)
        page.click("input[type=submit]")
        page.wait_for_url("**/admin/")
        self.pages.append(page)
        return page

    @staticmethod
    def follow(page, control) -> None:
        """Click `control` and wait for the page it leads to (a screenshot taken while
        the browser navigates fails)."""
        with page.expect_navigation():
            control.click()
        page.wait_for_load_state("load")

    def shot(self, page, name: str, *, near=None):
        if near is not None:
            page.locator(near).first.scroll_into_view_if_needed()
        page.screenshot(path=IMAGES / f"{name}.png")
        self.taken.append(name)


def walk(guide: Guide) -> None:
    site = guide.site
    desk = guide.page_for("desk-editor")
    guide.shot(desk, "01-desk")

    # The seed transcript as copied from its page, under a new title: a new record.
    transcript = (ROOT / "fixtures" / "seeds" / "001_56f6c8931a2d4f57.txt").read_text()
    title = "Meeting with newly elected regional heads"
    desk.goto(site + "/admin/coverage/transcript/import/")
    desk.fill("#id_text", transcript.replace(title, title + ", as pasted", 1))
    desk.select_option("#id_source", index=1)
    guide.shot(desk, "02-import-transcript")
    guide.follow(desk, desk.locator("input[type=submit]"))
    guide.shot(desk, "03-transcript-imported")

    desk.goto(site + "/admin/coverage/article/import/")
    desk.fill("#id_text", STORY)
    guide.shot(desk, "04-story-from-text")
    guide.follow(desk, desk.locator("input[type=submit]"))
    story = desk.url
    guide.shot(desk, "05-story-form")

    guide.follow(desk, desk.get_by_role("button", name="Suggest citations"))
    guide.shot(desk, "06-review-suggestions")

    guide.follow(desk, desk.get_by_role("link", name="Back to the story"))
    guide.follow(desk, desk.get_by_role("button", name="Publish now"))
    guide.shot(desk, "07-publish-refused")

    desk.goto(story.replace("/change/", "/review/"))
    for _ in range(10):
        if not desk.get_by_role("button", name="Confirm all shown").count():
            break
        guide.follow(desk, desk.get_by_role("button", name="Confirm all shown"))
    desk.goto(story)
    guide.shot(desk, "08-citations-checked", near="#citations-group, .inline-group")
    guide.follow(desk, desk.get_by_role("button", name="Publish now"))
    guide.shot(desk, "09-published")

    # A story that misquotes the record: the review screen shows the difference.
    desk.goto(site + "/admin/coverage/article/import/")
    desk.fill("#id_text", QUOTED)
    guide.follow(desk, desk.locator("input[type=submit]"))
    guide.follow(desk, desk.get_by_role("button", name="Suggest citations"))
    guide.shot(desk, "09-quote-differs", near=".review-quotes")

    # Another story, scheduled for tomorrow morning: the worker publishes it then.
    desk.goto(site + "/admin/coverage/article/import/")
    desk.fill("#id_text", SCHEDULED)
    guide.follow(desk, desk.locator("input[type=submit]"))
    desk.select_option("#id_status", "scheduled")
    tomorrow = (dt.date.today() + dt.timedelta(days=1)).isoformat()
    desk.fill("#id_publish_at_0", tomorrow)
    desk.fill("#id_publish_at_1", "07:00")
    guide.shot(desk, "10-schedule", near="#id_status")
    guide.follow(desk, desk.locator("input[name=_continue]"))
    desk.goto(site + "/admin/coverage/article/")
    guide.shot(desk, "10-scheduled-list")
    desk.goto(story)
    desk.fill("#id_standfirst", "The President spoke to 26 heads of regions by video link.")
    desk.get_by_role("button", name="Add another Correction").click()
    desk.fill("#id_corrections-0-text", "An earlier version gave the wrong number of regions.")
    guide.shot(desk, "11-corrections", near="#corrections-group")
    guide.follow(desk, desk.locator("input[name=_continue]"))
    guide.follow(desk, desk.get_by_role("link", name="Versions"))
    guide.shot(desk, "12-versions")
    desk.locator("input[name=a]").last.check()
    desk.locator("input[name=b]").first.check()
    guide.follow(desk, desk.get_by_role("button", name="Compare the chosen versions"))
    guide.shot(desk, "12-versions-compared")
    guide.follow(desk, desk.get_by_role("button", name="Restore").last)
    guide.shot(desk, "12-restored")
    desk.goto(story)
    guide.follow(desk, desk.get_by_role("button", name="Withdraw…"))
    desk.fill("#id_reason", "The meeting was reported under the wrong date.")
    guide.shot(desk, "13-withdraw")

    reporter = guide.page_for("reporter")
    reporter.goto(site + "/admin/coverage/article/add/")
    guide.shot(reporter, "14-reporter-form")


def main() -> int:
    chromium = os.environ.get("CHROMIUM") or shutil.which("chromium")
    if chromium is None:
        raise SystemExit("Chromium is missing: apt-get install -y chromium")
    from playwright.sync_api import sync_playwright

    started = time.monotonic()
    IMAGES.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix="newsroom-screens-"))
    port, password = free_port(), secrets.token_urlsafe(12)
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{scratch / 'screens.sqlite3'}",
        "DJANGO_DEBUG": "true",
        "REDIS_URL": "",
        "NEWSROOM_TASK_QUEUE": "immediate",
        "NEWSROOM_SITE_URL": f"http://127.0.0.1:{port}",
        "DJANGO_LOG_LEVEL": "WARNING",
    }
    prepare(env, password)
    server = serve(env, port)
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=chromium, args=["--no-sandbox", "--disable-gpu"]
            )
            guide = Guide(browser, f"http://127.0.0.1:{port}", password)
            try:
                walk(guide)
            except Exception:
                # Where the walk stopped, to mend the script when a screen changed.
                for n, page in enumerate(guide.pages):
                    page.screenshot(path=scratch.parent / f"newsroom-screens-failed-{n}.png")
                    print(
                        page.url,
                        page.locator(".errornote, .errorlist, .messagelist").all_inner_texts(),
                        file=sys.stderr,
                    )
                raise
            browser.close()
    finally:
        server.terminate()
        server.wait(10)
        shutil.rmtree(scratch, ignore_errors=True)
    took = time.monotonic() - started
    print(f"{len(guide.taken)} screenshots in {IMAGES.relative_to(ROOT)} in {took:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
