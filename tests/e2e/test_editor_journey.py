"""An editor signs in, creates a story from text, suggests citations, confirms one and
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
    page.wait_for_load_state()
    assert "citations suggested" in page.locator(".messagelist").inner_text()
    status = page.locator("select[name='citations-0-status']")
    assert status.input_value() == "suggested"
    status.select_option("confirmed")
    page.click("input[name=_continue]")
    page.wait_for_load_state()
    assert "was changed successfully" in page.locator(".messagelist").inner_text()

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
