"""An editor signs in, creates a story from text, suggests citations, confirms one, is
stopped by the checks before publishing while the others wait, decides them and
publishes; the public story then links to the transcript passage."""

import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "a-long-editor-password-1"
STORY = (
    "President Vladimir Putin had a videoconference with 26 newly elected heads of Russian "
    "regions and congratulated them on winning the elections.\n"
    "He said the elections were held for the first time in the new Russian regions, in "
    "accordance with Russian laws, and that the voting reaffirmed the incumbent leaders."
)
TRANSCRIPT = "/transcripts/meeting-with-newly-elected-regional-heads-2023-09-28/"


@pytest.fixture
def editor_account(seeded_site):
    from django.contrib.auth.models import Group

    from tests.factories import UserFactory

    user = UserFactory(username="desk-editor", is_staff=True, password=PASSWORD)
    user.groups.add(Group.objects.get(name="Editor"))
    return user


def test_editor_creates_checks_and_publishes_a_story(page, seeded_site, editor_account):
    page.goto(seeded_site + "/admin/login/")
    page.fill("#id_username", "desk-editor")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url("**/admin/")

    page.goto(seeded_site + "/admin/coverage/article/")
    page.get_by_role("link", name="New story from text").click()
    page.fill("#id_headline", "Putin congratulates newly elected regional heads")
    page.select_option("#id_source", label="Kremlin Telegram channel")
    page.fill("#id_text", STORY)
    page.click("input[type=submit]")
    page.wait_for_url("**/admin/coverage/article/*/change/")
    assert "created as a draft" in page.content()

    page.get_by_role("button", name="Suggest citations").click()
    page.wait_for_url("**/review/")
    assert "citations suggested" in page.locator(".messagelist").inner_text()
    # One click confirms the first suggestion of the first sentence.
    groups = page.locator(".review-group").count()
    assert groups >= 1
    with page.expect_navigation():
        page.locator(".review-candidate button.confirm").first.click()
    assert "Confirmed 1 citation." in page.locator(".messagelist").inner_text()

    remaining = page.locator(".review-candidate").count()
    review_url = page.url
    page.get_by_role("link", name="Back to the story").click()
    page.get_by_role("button", name="Publish now").click()
    page.wait_for_load_state()
    if remaining:
        # The other suggestions wait for a decision: the checks say so and refuse.
        messages = page.locator(".messagelist").inner_text()
        assert "Not published" in messages and "for a decision" in messages
        page.goto(review_url)
        with page.expect_navigation():
            page.get_by_role("button", name="Confirm all shown").click()
        page.get_by_role("link", name="Back to the story").click()
        page.get_by_role("button", name="Publish now").click()
        page.wait_for_load_state()
    assert "Published." in page.locator(".messagelist").inner_text()

    story_url = page.get_by_role("link", name="View on site").get_attribute("href")
    reader = page.context.browser.new_context().new_page()  # signed out
    reader.goto(seeded_site + "/stories/putin-congratulates-newly-elected-regional-heads/")
    cited = reader.locator("a.cited").first
    assert cited.get_attribute("href").startswith(TRANSCRIPT + "#p")
    cited.click()
    reader.wait_for_url(f"**{TRANSCRIPT}#p*")
    assert story_url


# The `page` fixture fails a test whose pages break the Content-Security-Policy.
def test_admin_scripts_run_under_the_policy(page, seeded_site, admin_user):
    page.goto(seeded_site + "/admin/login/")
    page.fill("#id_username", admin_user.username)
    page.fill("#id_password", "password")
    page.click("input[type=submit]")
    page.goto(seeded_site + "/admin/coverage/article/add/")
    # Admin's own JavaScript (the related-object widgets) adds these links.
    page.wait_for_selector(".related-widget-wrapper-link", state="attached", timeout=10_000)
    page.goto(seeded_site + "/admin/coverage/transcript/")
    page.check("#action-toggle")  # actions.js selects every row
    assert page.locator("input.action-select:checked").count() >= 1


def sign_in(page, site, username, password=PASSWORD):
    page.goto(site + "/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("input[type=submit]")
    page.wait_for_url("**/admin/")


def test_review_screen_at_1280_px(browser, seeded_site, editor_account):
    """At 1280 px with the admin navigation open: no horizontal scroll, the passage
    column readable, one click (or one key press) per decision, axe finds nothing."""
    from axe_playwright_python.sync_playwright import Axe

    from newsroom.coverage.models import Article, Citation, CitationStatus, Segment

    article = Article.objects.get(
        slug="putin-to-meet-26-newly-elected-regional-heads-by-video-link"
    )
    long_passages = Segment.objects.order_by("-text")[:6]
    sentences = [s for s in article.body.split(". ") if len(s) > 40][:3]
    for number, segment in enumerate(long_passages):
        Citation.objects.create(
            article=article,
            segment=segment,
            quote=sentences[number % len(sentences)],
            relation="paraphrase",
            status=CitationStatus.SUGGESTED,
            score=0.1 - number / 100,
            note="Shared terms: " + ", ".join(["regional"] * 30),
        )
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    sign_in(page, seeded_site, "desk-editor")
    page.goto(f"{seeded_site}/admin/coverage/article/{article.pk}/review/")
    widths = page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert widths[0] <= widths[1], f"horizontal scroll: {widths}"
    passage_width = page.locator(".review-passage").first.bounding_box()["width"]
    assert passage_width >= 400, f"the passage column is {passage_width} px wide"
    assert page.locator(".review-group").count() == len(sentences)
    results = Axe().run(page)
    assert not results.violations_count, results.generate_report()

    # Keyboard: the first Confirm button is reached with Tab and pressed with Enter.
    confirmed_before = Citation.objects.filter(status="confirmed", article=article).count()
    first = page.locator(".review-candidate button.confirm").first
    first.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    confirmed = Citation.objects.filter(status="confirmed", article=article).count()
    assert confirmed == confirmed_before + 1
    with page.expect_navigation():
        page.get_by_role("button", name="Confirm all shown").click()
    assert not Citation.objects.filter(article=article, status="suggested").exists()
    assert "No suggestions wait for review" in page.content()
    context.close()


def test_withdrawn_story_page(browser, seeded_site, editor_account):
    """The editor withdraws with a reason; a reader gets 410 with what, when and why."""
    from axe_playwright_python.sync_playwright import Axe

    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    sign_in(page, seeded_site, "desk-editor")
    page.goto(seeded_site + "/admin/coverage/article/")
    page.get_by_role(
        "link", name="Putin to meet 26 newly elected regional heads by video link"
    ).click()
    page.get_by_role("button", name="Withdraw…").click()
    page.wait_for_url("**/withdraw/")
    page.fill("#id_reason", "The meeting was reported under the wrong date.")
    page.get_by_role("button", name="Withdraw").click()
    page.wait_for_url("**/change/")

    reader = browser.new_context().new_page()
    response = reader.goto(
        seeded_site + "/stories/putin-to-meet-26-newly-elected-regional-heads-by-video-link/"
    )
    assert response.status == 410
    text = reader.locator("main").inner_text()
    assert "This story was withdrawn" in text and "the wrong date" in text
    assert "Russian President Vladimir Putin is slated" not in reader.content()
    results = Axe().run(reader)
    assert not results.violations_count, results.generate_report()
    context.close()


def test_leaving_a_form_with_unsaved_changes_asks_first(browser, seeded_site, editor_account):
    """A link away from an edited form asks before the edits are lost; Save does not."""
    from newsroom.coverage.models import Article

    article = Article.objects.order_by("pk").first()
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    sign_in(page, seeded_site, "desk-editor")
    change = f"{seeded_site}/admin/coverage/article/{article.pk}/change/"
    page.goto(change)
    asked = []

    def answer(dialog):
        asked.append(dialog.type)
        dialog.dismiss()  # stay on the page

    page.on("dialog", answer)
    page.fill("#id_headline", "An unsaved headline")
    page.get_by_role("link", name="Versions").click()
    page.wait_for_timeout(500)
    assert asked == ["beforeunload"]
    assert page.url == change and page.input_value("#id_headline") == "An unsaved headline"

    page.click("input[name=_continue]")
    page.wait_for_url("**/change/")
    assert asked == ["beforeunload"]  # saving never asks
    article.refresh_from_db()
    assert article.headline == "An unsaved headline"
    context.close()
