"""An editor's day in Chromium at 1280 px: paste a transcript and a story, add a story
from the admin home, type a headline and see its address, and each role's screens."""

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
def desk(browser):
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
    assert_accessible(desk, "#citations-group")
