"""An editor's day in Chromium at 1280 px: paste a transcript and a story, add a story
from the admin home, type a headline and see its address, and each role's screens."""

import re
from pathlib import Path

import pytest
from django.conf import settings

from tests.e2e.test_editor_journey import PASSWORD, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

KREMLIN = (Path(settings.SEED_DOCUMENTS_DIR) / "001_56f6c8931a2d4f57.txt").read_text("utf-8")
PASTED_STORY = (
    "Putin meets 26 newly elected governors\n\n"
    "The President held a videoconference with the new heads of regions.\n\n"
    "They spoke about the elections.\n\n"
    "[Source: Kremlin Telegram channel]"
)


@pytest.fixture
def accounts(seeded_site):
    from django.contrib.auth.models import Group

    from tests.factories import UserFactory

    for username, group in (("desk-editor", "Editor"), ("reporter", "Reporter")):
        user = UserFactory(username=username, is_staff=True, password=PASSWORD)
        user.groups.add(Group.objects.get(name=group))


@pytest.fixture
def desk(browser, transactional_db):
    # After the database fixture, so closed before its flush: an open story form keeps
    # reporting, and a report racing the flush's TRUNCATE deadlocks on PostgreSQL.
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    yield context.new_page()
    context.close()


def assert_accessible(page, part=None):
    """Axe finds nothing on the page (or on the `part` a selector names)."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, context=part)
    assert not results.violations_count, results.generate_report()


def test_a_transcript_pasted_into_the_import_form_is_imported(desk, seeded_site, accounts):
    from newsroom.coverage.models import Transcript

    sign_in(desk, seeded_site, "desk-editor")
    desk.goto(seeded_site + "/admin/coverage/transcript/import/")
    assert_accessible(desk)
    title = "Meeting with newly elected regional heads"
    desk.fill("#id_text", KREMLIN.replace(title, title + ", as pasted", 1))
    desk.select_option("#id_source", index=1)
    desk.click("input[type=submit]")
    desk.wait_for_url("**/admin/coverage/transcript/*/change/")
    assert "Imported" in desk.locator(".messagelist").inner_text()
    assert_accessible(desk)  # the transcript's form, its dates as editors read them
    desk.goto(seeded_site + "/admin/coverage/transcript/")
    assert_accessible(desk)
    desk.goto(seeded_site + "/admin/coverage/article/")
    assert_accessible(desk)
    pasted = Transcript.objects.get(title__endswith=", as pasted")
    seed = Transcript.objects.exclude(pk=pasted.pk).get()
    assert list(pasted.segments.values_list("text", flat=True)) == list(
        seed.segments.values_list("text", flat=True)
    )


def test_a_story_added_from_the_admin_home_starts_from_its_pasted_text(desk, seeded_site, accounts):
    from newsroom.coverage.models import Article

    sign_in(desk, seeded_site, "desk-editor")
    desk.locator(".app-coverage .model-article a.addlink").click()
    desk.wait_for_url("**/admin/coverage/article/import/")
    assert_accessible(desk)
    desk.fill("#id_text", PASTED_STORY)
    desk.click("input[type=submit]")
    desk.wait_for_url("**/admin/coverage/article/*/change/")
    assert desk.input_value("#id_headline") == "Putin meets 26 newly elected governors"
    body = desk.input_value("#id_body")
    assert body.startswith("The President held a videoconference")
    assert "Putin meets 26" not in body
    article = Article.objects.get(headline="Putin meets 26 newly elected governors")
    assert article.slug == "putin-meets-26-newly-elected-governors"


def test_the_address_fills_in_from_the_headline_as_it_is_typed(desk, seeded_site, accounts):
    sign_in(desk, seeded_site, "desk-editor")
    desk.goto(seeded_site + "/admin/coverage/article/add/")
    desk.locator("#id_headline").press_sequentially("Governors meet the President")
    assert desk.input_value("#id_slug") == "governors-meet-the-president"
    assert_accessible(desk)


def test_a_reporters_form_offers_only_what_a_reporter_may_do(desk, seeded_site, accounts):
    sign_in(desk, seeded_site, "reporter")
    desk.goto(seeded_site + "/admin/coverage/article/add/")
    assert desk.locator("#id_publish_at_0, #id_publish_at").count() == 0
    assert desk.locator("#id_withdrawal_reason").count() == 0
    options = desk.locator("#id_status option").all_inner_texts()
    assert options == ["Draft", "In review"]
    assert_accessible(desk)


@pytest.mark.parametrize(("username", "machinery"), [("desk-editor", False), ("admin", True)])
def test_the_admin_home_shows_the_newsroom_first(
    desk, seeded_site, accounts, admin_user, username, machinery
):
    password = "password" if username == "admin" else PASSWORD
    sign_in(desk, seeded_site, username, password)
    apps = desk.locator("#content-main .module[class*='app-']").evaluate_all(
        "nodes => nodes.map(n => [...n.classList].find(c => c.startsWith('app-')))"
    )
    assert apps[0] == "app-coverage"
    assert ("app-auth" in apps) is machinery and ("app-axes" in apps) is machinery
    assert desk.locator("#desk, .desk").first.is_visible()
    assert_accessible(desk)


def test_the_citation_table_fits_a_1280_px_screen(desk, seeded_site, accounts):
    """With the admin navigation open, the passage is readable and the status column
    is on screen, for a story with long passages and long explanations."""
    from newsroom.coverage.models import Article, Citation, Segment

    article = Article.objects.order_by("pk").first()
    for number, segment in enumerate(Segment.objects.order_by("-text")[:3]):
        Citation.objects.create(
            article=article,
            segment=segment,
            quote=article.body.split(". ")[number],
            relation="paraphrase",
            status="suggested",
            score=0.5,
            note="Shared terms: " + ", ".join(["regional"] * 30),
        )
    sign_in(desk, seeded_site, "desk-editor")
    desk.goto(f"{seeded_site}/admin/coverage/article/{article.pk}/change/")
    widths = desk.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert widths[0] <= widths[1], f"horizontal scroll: {widths}"
    passage = desk.locator("#citations-group td.field-passage").first.bounding_box()
    assert passage["width"] >= 250, f"the passage column is {passage['width']} px wide"
    status = desk.locator("#citations-group td.field-status").first.bounding_box()
    assert status["x"] + status["width"] <= 1280, status
    assert_accessible(desk)


@pytest.fixture
def quick_autosave(settings):
    settings.NEWSROOM_AUTOSAVE_SECONDS = 1


def story_form(site):
    from newsroom.coverage.models import Article

    article = Article.objects.order_by("pk").first()
    return article, f"{site}/admin/coverage/article/{article.pk}/change/"


def test_a_story_being_edited_is_autosaved_apart_from_its_history_and_offered_back(
    desk, seeded_site, accounts, quick_autosave
):
    from playwright.sync_api import expect
    from reversion.models import Version

    from newsroom.coverage.models import EditSession

    article, url = story_form(seeded_site)
    versions = Version.objects.get_for_object(article).count()
    sign_in(desk, seeded_site, "desk-editor")
    desk.goto(url)
    desk.fill("#id_headline", "Typed and never saved")
    status = desk.locator("#autosave-status")
    expect(status).to_have_text(re.compile(r"Unsaved changes to Headline autosaved at [\d:]+\."))
    article.refresh_from_db()
    assert article.headline != "Typed and never saved"
    assert Version.objects.get_for_object(article).count() == versions

    desk.on("dialog", lambda dialog: dialog.accept())  # leave without saving
    desk.goto(url)
    kept = desk.locator(".editing-kept")
    expect(kept).to_contain_text("Your changes to Headline were autosaved at")
    assert desk.input_value("#id_headline") == article.headline
    assert_accessible(desk)
    kept.get_by_role("link", name="Restore them").click()
    expect(desk.locator(".messagelist")).to_contain_text("are back in the form below")
    assert desk.input_value("#id_headline") == "Typed and never saved"
    assert_accessible(desk)
    desk.click("input[name=_continue]")
    expect(desk.locator(".messagelist")).to_contain_text("was changed successfully")
    article.refresh_from_db()
    assert article.headline == "Typed and never saved"
    assert Version.objects.get_for_object(article).count() == versions + 1
    assert not EditSession.objects.exclude(fields={}).exists()
    desk.goto("about:blank")  # the form stops reporting before the database is flushed


def test_an_editor_hears_by_name_who_else_is_editing_and_who_saved(
    browser, desk, seeded_site, accounts, quick_autosave
):
    from django.contrib.auth.models import Group
    from playwright.sync_api import expect

    from tests.factories import UserFactory

    ann = UserFactory(
        username="ann", first_name="Ann", last_name="Lee", is_staff=True, password=PASSWORD
    )
    ann.groups.add(Group.objects.get(name="Editor"))
    _, url = story_form(seeded_site)
    sign_in(desk, seeded_site, "desk-editor")
    desk.goto(url)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    other = context.new_page()
    sign_in(other, seeded_site, "ann")
    other.goto(url)
    notice = desk.locator("#editing-notice")
    expect(notice).to_have_text("Ann Lee is also editing this story.")
    expect(other.locator("#editing-notice")).to_have_text("desk-editor is also editing this story.")
    assert_accessible(desk)

    other.fill("#id_standfirst", "Ann's standfirst.")
    other.click("input[name=_save]")
    other.wait_for_url("**/admin/coverage/article/")
    expect(notice).to_contain_text("Ann Lee saved this story at")
    expect(notice).to_contain_text("saving this form would be refused")
    assert_accessible(desk)
    context.close()
    expect(notice).not_to_contain_text("also editing", timeout=10_000)
    desk.goto("about:blank")  # the form stops reporting before the database is flushed
