"""Imports through the API: the admin's paste box over HTTP, with the same parser,
refusals and preview, and nothing written when the text is refused."""

from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.urls import reverse
from rest_framework.test import APIClient

from newsroom.coverage.importers.reading import MAX_DOCUMENT_BYTES
from newsroom.coverage.models import Article, PublicationStatus, Transcript
from tests import factories

pytestmark = pytest.mark.django_db

API = "/api/v1"
KREMLIN = (Path(settings.SEED_DOCUMENTS_DIR) / "001_56f6c8931a2d4f57.txt").read_text("utf-8")
STORY = (
    "Putin meets 26 newly elected governors\n\n"
    "The President held a videoconference with the new heads of regions.\n\n"
    "They spoke about the elections.\n\n"
    "[Source: Kremlin Telegram channel]"
)


@pytest.fixture
def source():
    return factories.SourceFactory(name="President of Russia", slug="kremlin")


@pytest.fixture
def api(editor):
    client = APIClient()
    client.force_authenticate(editor)
    return client


def import_transcript(api, **body):
    return api.post(f"{API}/transcripts/import/", {"source": "kremlin", **body}, format="json")


class TestTranscripts:
    def test_stores_what_the_admins_paste_box_stores(self, api, client, superuser, source):
        response = import_transcript(api, text=KREMLIN)
        assert response.status_code == 201, response.json()
        answer = response.json()
        transcript = Transcript.objects.get()
        assert response["Location"] == answer["api_url"]
        assert answer["api_url"].endswith(f"/transcripts/{transcript.slug}/")
        assert (answer["outcome"], answer["title"]) == ("imported", transcript.title)
        assert answer["counts"]["segments"] == transcript.segments.count() > 20
        assert transcript.status == PublicationStatus.DRAFT
        by_api = list(transcript.segments.order_by("position").values_list("text", flat=True))
        entry = LogEntry.objects.get(object_id=str(transcript.pk))
        assert entry.get_change_message() == "Imported from text through the API"

        transcript.delete()
        client.force_login(superuser)
        admin = reverse("admin:coverage_transcript_import")
        assert client.post(admin, {"text": KREMLIN, "source": source.pk}).status_code == 302
        pasted = Transcript.objects.get().segments.order_by("position")
        assert list(pasted.values_list("text", flat=True)) == by_api

    def test_a_dry_run_says_what_would_be_stored_and_stores_nothing(self, api, source):
        preview = import_transcript(api, text=KREMLIN, dry_run=True)
        assert preview.status_code == 200
        assert (preview.json()["outcome"], preview.json()["api_url"]) == ("would import", None)
        assert not Transcript.objects.exists() and not LogEntry.objects.exists()
        stored = import_transcript(api, text=KREMLIN).json()
        assert preview.json()["counts"] == stored["counts"]
        assert preview.json()["new_people"] == stored["new_people"]

    def test_the_same_text_again_changes_nothing(self, api, source):
        import_transcript(api, text=KREMLIN)
        again = import_transcript(api, text=KREMLIN)
        assert again.status_code == 200 and again.json()["outcome"] == "updated"
        assert Transcript.objects.count() == 1

    def test_a_revised_text_is_refused_unless_replace_and_previewed_first(self, api, source):
        import_transcript(api, text=KREMLIN)
        transcript = Transcript.objects.get()
        paragraph = next(
            p for p in transcript.segments.order_by("position")[5:] if KREMLIN.count(p.text) == 1
        )
        revised = KREMLIN.replace(paragraph.text, paragraph.text + " Applause.", 1)

        refused = import_transcript(api, text=revised)
        assert refused.status_code == 400 and "replace" in refused.json()

        preview = import_transcript(api, text=revised, replace=True, dry_run=True).json()
        assert preview["outcome"] == "would update"
        assert preview["plan"]["applied"] is False and preview["plan"]["changes"]["edited"] == 1
        paragraph.refresh_from_db()
        assert not paragraph.text.endswith("Applause.")

        applied = import_transcript(api, text=revised, replace=True).json()
        assert applied["plan"]["applied"] is True
        assert transcript.segments.filter(text__endswith=" Applause.").count() == 1

    @pytest.mark.parametrize(
        "text",
        ["Not a transcript.", KREMLIN.replace("\n\n", "\n\n\x07", 3), "   "],
        ids=["no dateline", "control character", "blank"],
    )
    def test_text_the_parser_refuses_is_400_with_the_admins_reason(
        self, api, client, superuser, source, text
    ):
        response = import_transcript(api, text=text)
        assert response.status_code == 400
        said = " ".join(message for messages in response.json().values() for message in messages)
        assert not Transcript.objects.exists() and not LogEntry.objects.exists()
        if text.strip():  # the admin's form refuses a blank box before the parser
            client.force_login(superuser)
            form = client.post(
                reverse("admin:coverage_transcript_import"), {"text": text, "source": source.pk}
            ).context["form"]
            assert said == " ".join(
                message for messages in form.errors.values() for message in messages
            )

    def test_too_large_a_text_is_400_in_bytes(self, api, source):
        text = KREMLIN + "é" * (MAX_DOCUMENT_BYTES // 2)
        response = import_transcript(api, text=text)
        assert response.status_code == 400
        assert "largest accepted is 5,242,880" in response.json()["text"][0]

    def test_unknown_source_and_impossible_date_are_400(self, api, source):
        assert "source" in import_transcript(api, text=KREMLIN, source="nowhere").json()
        refused = import_transcript(api, text=KREMLIN, date="1066-10-14")
        assert refused.status_code == 400 and "date" in refused.json()


class TestStories:
    def test_the_first_line_is_the_headline_and_not_a_paragraph(self, api):
        response = api.post(f"{API}/articles/import/", {"text": STORY}, format="json")
        assert response.status_code == 201, response.json()
        article = Article.objects.get()
        assert article.headline == "Putin meets 26 newly elected governors"
        assert article.body.startswith("The President held")
        assert article.source.name == "Kremlin Telegram channel"
        assert article.status == PublicationStatus.DRAFT
        assert response.json()["counts"] == {"paragraphs": 2}
        anonymous = APIClient().get(f"{API}/articles/{article.slug}/")
        assert anonymous.status_code == 404  # a draft

    def test_a_story_naming_no_source_needs_one(self, api, source):
        text = STORY.rsplit("\n\n", 1)[0]
        refused = api.post(f"{API}/articles/import/", {"text": text}, format="json")
        assert refused.status_code == 400 and "names no source" in refused.json()["source"][0]
        given = api.post(f"{API}/articles/import/", {"text": text, "source": "kremlin"})
        assert given.status_code == 201 and Article.objects.get().source == source

    def test_a_dry_run_stores_nothing(self, api):
        preview = api.post(f"{API}/articles/import/", {"text": STORY, "dry_run": True})
        assert preview.status_code == 200 and preview.json()["outcome"] == "would import"
        assert preview.json()["slug"] == "putin-meets-26-newly-elected-governors"
        assert not Article.objects.exists()

    def test_a_reporter_may_import_a_story_and_strangers_may_not(self, reporter):
        stranger = APIClient()
        assert stranger.post(f"{API}/articles/import/", {"text": STORY}).status_code == 401
        nobody = factories.UserFactory(username="nobody", is_staff=True)
        stranger.force_authenticate(nobody)
        assert stranger.post(f"{API}/articles/import/", {"text": STORY}).status_code == 403
        assert not Article.objects.exists()
        stranger.force_authenticate(reporter)
        assert stranger.post(f"{API}/articles/import/", {"text": STORY}).status_code == 201


def test_the_schema_documents_both_imports(api):
    schema = api.get(f"{API}/schema/?format=json").json()
    for kind in ("articles", "transcripts"):
        operation = schema["paths"][f"/api/v1/{kind}/import/"]["post"]
        assert {"201", "200", "400"} <= set(operation["responses"])
