"""A revised transcript keeps every citation on its words.

The seed transcript is re-imported with a paragraph inserted, one edited, one removed
and one moved, under the seed story's confirmed citations. Every citation is then
checked by text: the paragraph it names holds the words it rested on (or, its words
gone, it is kept without a paragraph and flagged), and old #p addresses open the
same words.
"""

import re

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from rest_framework.test import APIClient

from newsroom.coverage import models
from newsroom.coverage.revising.alignment import (
    ADDED,
    EDITED_OP,
    MOVED,
    REMOVED,
    SAME,
    align,
    words,
)
from newsroom.coverage.revising.reanchoring import CHANGED, EXACT, GONE, Anchor, find_again
from newsroom.coverage.services.checks import publication_obstacles
from newsroom.coverage.services.imports import transcript_import
from newsroom.coverage.services.transcript_versions import current_redirects
from tests.factories import ArticleFactory, CitationFactory, SourceFactory, transcript_with

SLUG = "meeting-with-newly-elected-regional-heads-2023-09-28"
STORY = "putin-to-meet-26-newly-elected-regional-heads-by-video-link"
DOCUMENT = settings.SEED_DOCUMENTS_DIR / "001_56f6c8931a2d4f57.txt"
INSERTED = "The President then gave the floor to the heads of the new regions."


def pattern(text: str) -> re.Pattern:
    """Match `text` with any white space between its words (the seed has no-break spaces)."""
    return re.compile(r"\s+".join(re.escape(word) for word in text.split()))


def revised_seed() -> str:
    """Return the seed document with one paragraph inserted, edited, removed and moved."""
    blocks = DOCUMENT.read_text(encoding="utf-8").split("\n\n")

    def find(start: str) -> int:
        return next(i for i, b in enumerate(blocks) if pattern(start).search(b))

    blocks[find("This is certainly a momentous event")] = pattern("a momentous event").sub(
        "a historic event", blocks[find("This is certainly a momentous event")]
    )
    del blocks[find("The elections were held for the first time in the new")]
    moved = blocks.pop(find("I would like to begin by congratulating you"))
    blocks.insert(find("I would like to thank you for placing your faith") + 1, moved)
    blocks.insert(find("Head of the Lugansk"), INSERTED)
    return "\n\n".join(blocks)


def held(citation) -> str:
    return " ".join(citation.segment.text.split())


def same_words(a: str, b: str) -> bool:
    return words(a) == words(b)


class TestAlignment:
    def test_inserted_edited_removed_and_moved_paragraphs(self):
        old = [
            "Good afternoon, colleagues.",
            "Mr Pasechnik took the helm of the republic last year, after the vote.",
            "We discussed gas supplies to Europe and Asia for the coming winter.",
            "Thank you.",
            "The end of the meeting.",
        ]
        new = [
            "Good afternoon, colleagues.",
            "A new narration paragraph.",
            "Mr Pasechnik took the helm of the republic in 2022, after the vote.",
            "Thank you.",
            "We discussed gas supplies to Europe and Asia for the coming winter.",
        ]
        steps = {(s.old, s.new): s.op for s in align(old, new)}
        assert steps[(0, 0)] == SAME
        assert steps[(None, 1)] == ADDED
        assert steps[(1, 2)] == EDITED_OP
        assert steps[(4, None)] == REMOVED
        assert {steps.get((2, 4)), steps.get((3, 3))} <= {SAME, MOVED}
        assert MOVED in (steps.get((2, 4)), steps.get((3, 3)))

    def test_every_paragraph_is_in_one_step(self):
        old = [f"Paragraph {n} says something about item {n}." for n in range(30)]
        new = [*old[:10], "Inserted here.", *old[12:20], old[25], *old[20:25], *old[26:]]
        steps = align(old, new)
        assert sorted(s.old for s in steps if s.old is not None) == list(range(30))
        assert sorted(s.new for s in steps if s.new is not None) == list(range(len(new)))
        assert [s.new for s in steps if s.new is not None] == list(range(len(new)))

    def test_punctuation_and_quotes_do_not_make_an_edit(self):
        steps = align(["It's a “deal” - done."], ['It’s a "deal" – done.'])
        assert [s.op for s in steps] == [SAME]


class TestFindAgain:
    def test_repeated_words_are_told_apart_by_their_neighbours(self):
        anchor = Anchor("Thank you.", prefix="Let us move on to the budget.", suffix="Next")
        paragraphs = [
            "Thank you.",
            "Something else entirely was said here.",
            "Let us move on to the budget.",
            "Thank you.",
            "Next question, please.",
        ]
        assert find_again(anchor, paragraphs) == find_again(anchor, paragraphs)
        assert find_again(anchor, paragraphs).index == 3
        assert find_again(anchor, paragraphs).how == EXACT

    def test_a_split_paragraph_keeps_the_citation_on_the_half_with_the_quoted_words(self):
        cited = (
            "We have built forty new schools this year in the region. "
            "The bridge across the river will open in the spring, on time and on budget."
        )
        paragraphs = [
            "We have built forty new schools this year in the region.",
            "The bridge across the river will open in the spring, on time and on budget.",
        ]
        found = find_again(Anchor(cited, quoted="will open in the spring"), paragraphs)
        assert (found.index, found.how) == (1, CHANGED)
        found = find_again(Anchor(cited, quoted="forty new schools this year"), paragraphs)
        assert (found.index, found.how) == (0, CHANGED)

    def test_words_joined_into_a_longer_paragraph_are_found_there(self):
        cited = "The bridge across the river will open in the spring, on time and on budget."
        paragraphs = [
            "First, the schools. Second: " + cited + " Third, the roads need repairs.",
            "Thank you.",
        ]
        assert find_again(Anchor(cited), paragraphs).index == 0

    def test_words_that_are_gone_are_not_pinned_on_other_words(self):
        cited = "The bridge across the river will open in the spring, on time and on budget."
        paragraphs = ["Thank you.", "Good afternoon, colleagues. Let us begin with health care."]
        found = find_again(Anchor(cited), paragraphs)
        assert (found.index, found.how) == (None, GONE)


@pytest.mark.django_db
class TestTheSeedRevised:
    """The issue's case: the seed transcript revised under the seed story's citations."""

    @pytest.fixture
    def revised(self, seed):
        story = models.Article.objects.get(slug=STORY)
        quoted = models.Citation.objects.create(
            article=story,
            quote="Putin called the vote “certainly a momentous event”.",
            segment=models.Segment.objects.get(transcript__slug=SLUG, position=5),
            relation=models.CitationRelation.QUOTE,
            status=models.CitationStatus.CONFIRMED,
        )
        before = {
            c.pk: (c.segment.text, c.segment.key, c.status)
            for c in models.Citation.objects.select_related("segment")
        }
        assert quoted.quote_verdict == models.QuoteVerdict.VERBATIM
        result = transcript_import(
            text=revised_seed(),
            source=models.Transcript.objects.get(slug=SLUG).source,
            replace=True,
        )
        return before, result

    def test_no_citation_is_deleted(self, revised):
        before, _ = revised
        assert set(models.Citation.objects.values_list("pk", flat=True)) == set(before)

    def test_every_citation_names_the_paragraph_holding_its_words(self, revised):
        before, _ = revised
        for citation in models.Citation.objects.select_related("segment"):
            text, key, _ = before[citation.pk]
            if citation.segment is None:
                # Its words are gone from the record: nothing holds them now.
                assert not models.Segment.objects.filter(transcript__slug=SLUG, text=text).exists()
                continue
            assert citation.segment.key == key, citation.quote
            if citation.anchor_state == models.AnchorState.REANCHORED:
                assert "historic" in held(citation) and "momentous" not in held(citation)
            else:
                assert same_words(citation.segment.text, text), citation.quote

    def test_the_pasechnik_sentence_stays_on_pasechniks_words(self, revised):
        citation = models.Citation.objects.get(quote__startswith="Leonid Pasechnik took the helm")
        assert held(citation).startswith("I would like to start by expressing my immense gratitude")
        assert citation.segment.speaker.slug == "leonid-pasechnik"
        assert citation.status == models.CitationStatus.CONFIRMED
        assert citation.anchor_state == models.AnchorState.MOVED
        assert citation.segment.anchor == "p46"

    def test_a_moved_paragraph_takes_its_citation_along(self, revised):
        citation = models.Citation.objects.get(quote__startswith="Earlier reports from late")
        assert held(citation).startswith("I would like to begin by congratulating you")
        before = models.Segment.objects.get(
            transcript__slug=SLUG, position=citation.segment.position - 1
        )
        assert before.text.startswith("I would like to thank you for placing your faith")
        assert citation.status == models.CitationStatus.CONFIRMED

    def test_changed_words_send_the_citation_back_to_review_with_what_changed(self, revised):
        citation = models.Citation.objects.get(quote__startswith="Putin called the vote")
        assert citation.status == models.CitationStatus.SUGGESTED
        assert citation.anchor_state == models.AnchorState.REANCHORED
        assert "“momentous”" in citation.anchor_note and "“historic”" in citation.anchor_note
        # The quote check ran again against the new words.
        assert citation.quote_verdict != models.QuoteVerdict.VERBATIM
        assert "historic" in citation.record_words

    def test_gone_words_leave_the_citation_flagged_for_the_desk(self, revised, client, editor):
        lost = list(models.Citation.objects.lost())
        assert len(lost) == 2
        for citation in lost:
            assert citation.segment is None and citation.transcript.slug == SLUG
            assert pattern("The elections were held for the first time").search(
                citation.record_exact
            )
        story = models.Article.objects.get(slug=STORY)
        obstacles = " ".join(o.message for o in publication_obstacles(story))
        assert "2 citations lost their words in a revision of" in obstacles
        client.force_login(editor)
        desk = client.get(reverse("admin:index")).content.decode()
        assert "Evidence a revision moved" in desk and "2 citations lost their words" in desk
        # The story's page no longer shows a note pointing at other words.
        page = client.get(f"/stories/{STORY}/").content.decode()
        assert "The elections were held for the first time" not in page

    def test_the_revision_is_kept_with_what_it_changed(self, revised):
        _, result = revised
        transcript = models.Transcript.objects.get(slug=SLUG)
        first, second = transcript.revisions.order_by("number")
        assert first.number == 1 and second.number == 2
        assert len(first.paragraphs) == 71 and len(second.paragraphs) == 71
        assert second.changes == {
            "unchanged": 68,
            "edited": 1,
            "moved": 1,
            "added": 1,
            "removed": 1,
        }
        outcomes = sorted(c["outcome"] for c in second.citations)
        assert outcomes.count("lost") == 2 and outcomes.count("reanchored") == 2
        assert result.plan.changes == second.changes

    def test_old_addresses_open_the_same_words(self, revised, client):
        page = client.get(f"/transcripts/{SLUG}/").content.decode()
        paragraph = re.search(r'<div class="segment" id="p46"><p>(.*?)</p>', page).group(1)
        assert paragraph.startswith("I would like to start by expressing my immense")
        assert "This record was revised on" in page
        assert "1 paragraph edited, 1 paragraph added, 1 paragraph removed" in page
        # The removed paragraph's address leads to the paragraph that took its place.
        moved = current_redirects(models.Transcript.objects.get(slug=SLUG))
        target = models.Segment.objects.get(transcript__slug=SLUG, key=moved["4"])
        assert pattern("This is certainly a historic event").search(target.text)
        assert '<script id="moved-paragraphs" type="application/json">' in page

    def test_importing_the_same_revision_again_changes_nothing(self, revised):
        transcript = models.Transcript.objects.get(slug=SLUG)
        result = transcript_import(text=revised_seed(), source=transcript.source, replace=True)
        assert not result.plan.changed and not result.plan.citations
        assert transcript.revisions.count() == 2

    def test_restoring_the_words_gives_lost_citations_their_paragraph_back(self, revised):
        transcript = models.Transcript.objects.get(slug=SLUG)
        text = DOCUMENT.read_text(encoding="utf-8")
        transcript_import(text=text, source=transcript.source, replace=True)
        for citation in models.Citation.objects.filter(quote__startswith="In parallel"):
            assert pattern("The elections were held for the first time").search(
                citation.segment.text
            )
            assert citation.status == models.CitationStatus.SUGGESTED  # to review again


@pytest.mark.django_db
class TestFaces:
    def test_the_command_says_what_happened_to_each_citation(self, seed, tmp_path, capsys):
        path = tmp_path / "revised.txt"
        path.write_text(revised_seed(), encoding="utf-8")
        call_command("import_transcript", str(path), "--replace", "--dry-run")
        out = capsys.readouterr().out
        assert "Paragraphs: 68 unchanged, 1 edited, 1 moved, 1 added, 1 removed" in out
        assert out.count("words gone: kept without a paragraph, flagged") == 2
        assert not models.Transcript.objects.get(slug=SLUG).revisions.exists()

    def test_the_admin_shows_the_effect_before_the_editor_confirms(self, seed, client, editor):
        client.force_login(editor)
        transcript = models.Transcript.objects.get(slug=SLUG)
        url = reverse("admin:coverage_transcript_import")
        from django.core.files.uploadedfile import SimpleUploadedFile

        blank = client.get(url).content.decode()
        assert 'type="hidden" name="document"' in blank and "Document:" not in blank
        upload = SimpleUploadedFile("revised.txt", revised_seed().encode())
        preview = client.post(
            url, {"file": upload, "source": transcript.source.pk, "replace": "on"}
        )
        page = preview.content.decode()
        assert "Replace the text of" in page
        assert "Words gone: kept without a paragraph and flagged on the desk (2)" in page
        assert "Words changed: re-anchored" in page and "<del>momentous</del>" in page
        assert models.Segment.objects.filter(transcript=transcript).count() == 71
        assert not models.Citation.objects.lost().exists()
        form = preview.context["form"]
        data = {n: form[n].value() for n in form.fields if n != "file"}
        data = {n: v for n, v in data.items() if v not in (None, False)}
        assert page.count('name="confirmed"') == 1
        done = client.post(url, {**data, "confirmed": "on"}, follow=True)
        assert done.status_code == 200
        assert models.Citation.objects.lost().count() == 2
        revisions = client.get(reverse("admin:coverage_transcript_revisions", args=[transcript.pk]))
        text = revisions.content.decode()
        assert "Version 2 against version 1" in text and "<del>momentous</del>" in text
        assert "(was confirmed)" in text

    def test_the_api_previews_then_revises_and_answers_old_addresses(self, seed, editor):
        api = APIClient()
        url = f"/api/v1/transcripts/{SLUG}/"
        assert api.post(url + "revise/", {"text": revised_seed()}, format="json").status_code in (
            401,
            403,
        )
        api.force_authenticate(editor)
        preview = api.post(url + "revise/", {"text": revised_seed()}, format="json")
        assert preview.status_code == 200 and preview.json()["applied"] is False
        assert [c["outcome"] for c in preview.json()["citations"]].count("lost") == 2
        assert not models.Citation.objects.lost().exists()
        bad = api.post(url + "revise/", {"text": "Nothing", "confirm": True}, format="json")
        assert bad.status_code == 400 and "text" in bad.json()
        done = api.post(url + "revise/", {"text": revised_seed(), "confirm": True}, format="json")
        assert done.status_code == 200 and done.json()["applied"] is True
        assert models.Citation.objects.lost().count() == 2

        anonymous = APIClient()
        kept = anonymous.get(url + "paragraphs/p46/").json()
        assert kept["moved"] is False and kept["segment"]["text"].startswith("I would like")
        gone = anonymous.get(url + "paragraphs/p4/").json()
        assert gone["moved"] is True and gone["anchor"] != "p4"
        assert pattern("This is certainly a historic event").search(gone["segment"]["text"])
        assert anonymous.get(url + "paragraphs/p999/").status_code == 404
        history = anonymous.get(url + "revisions/").json()
        assert [r["number"] for r in history] == [2, 1]
        assert history[0]["redirects"] == {"4": int(gone["anchor"][1:])}
        assert history[0]["citations"] == []  # which stories: editors only
        api_history = api.get(url + "revisions/").json()
        assert len(api_history[0]["citations"]) == 5  # 2 moved, 1 re-anchored, 2 lost

    def test_a_draft_transcripts_addresses_and_history_are_not_shown(self, seed):
        models.Transcript.objects.filter(slug=SLUG).update(status=models.PublicationStatus.DRAFT)
        api = APIClient()
        url = f"/api/v1/transcripts/{SLUG}/"
        assert api.get(url + "paragraphs/p46/").status_code == 404
        assert api.get(url + "revisions/").status_code == 404


@pytest.mark.django_db
class TestKeys:
    def test_a_new_paragraph_never_takes_a_removed_paragraphs_address(self):
        source = SourceFactory()
        first = "A meeting\n\nMay 1, 2024\n\nOne thing was said.\n\nAnother thing was said."
        transcript = transcript_import(text=first, source=source).object
        transcript_import(
            text="A meeting\n\nMay 1, 2024\n\nOne thing was said.", source=source, replace=True
        )
        added = models.Segment.objects.create(transcript=transcript, position=2, text="New words.")
        assert added.key == 3 and added.anchor == "p3"

    def test_an_editor_citing_again_clears_the_lost_flag(self):
        transcript = transcript_with([(None, "Words that will go."), (None, "Words that stay.")])
        citation = CitationFactory(segment=transcript.segments.get(position=1))
        citation.segment = None
        citation.anchor_state = models.AnchorState.LOST
        citation.save()
        citation.segment = transcript.segments.get(position=2)
        citation.save()
        citation.refresh_from_db()
        assert citation.anchor_state == "" and citation.record_exact == "Words that stay."

    def test_an_edited_paragraph_moves_no_citation_it_does_not_hold(self):
        transcript = transcript_with(
            [(None, "The first paragraph of the record, about schools."), (None, "Thank you.")]
        )
        story = ArticleFactory(body="Schools were discussed.")
        citation = CitationFactory(
            article=story, quote="Schools were discussed.", segment=transcript.segments.first()
        )
        assert citation.record_exact == "The first paragraph of the record, about schools."
        assert citation.record_suffix == "Thank you."


@pytest.mark.django_db
class TestParagraphEdits:
    """Paragraphs edited one by one, in admin or through the API, are versions too."""

    def quoted(self):
        transcript = transcript_with(
            [
                (None, "The bridge across the river will open in the spring."),
                (None, "The schools were all rebuilt after the flood last year."),
                (None, "Thank you, colleagues."),
            ]
        )
        story = ArticleFactory(body="He said the bridge “will open in the spring”.")
        citation = CitationFactory(
            article=story,
            quote="He said the bridge “will open in the spring”.",
            segment=transcript.segments.get(position=1),
        )
        return transcript, citation

    def test_editing_cited_words_in_admin_sends_the_citation_back_to_review(self, client, editor):
        transcript, citation = self.quoted()
        segment = citation.segment
        client.force_login(editor)
        url = reverse("admin:coverage_segment_change", args=[segment.pk])
        form = client.get(url).context["adminform"].form
        data = {name: form[name].value() or "" for name in form.fields}
        data["text"] = "The bridge across the river will open in the autumn."
        response = client.post(url, data)
        assert response.status_code == 302, response.content.decode()[:500]
        citation.refresh_from_db()
        assert citation.status == models.CitationStatus.SUGGESTED
        assert citation.anchor_state == models.AnchorState.REANCHORED
        assert citation.anchor_note == "removed “spring.”; added “autumn.”"
        assert citation.quote_verdict != models.QuoteVerdict.VERBATIM
        first, second = transcript.revisions.order_by("number")
        assert "spring" in first.paragraphs[0][3] and "autumn" in second.paragraphs[0][3]
        assert second.changes["edited"] == 1 and second.citations[0]["id"] == citation.pk

    def test_deleting_a_cited_paragraph_through_the_api_keeps_the_citation_flagged(self, editor):
        transcript, citation = self.quoted()
        api = APIClient()
        api.force_authenticate(editor)
        assert api.delete(f"/api/v1/segments/{citation.segment_id}/").status_code == 204
        citation.refresh_from_db()
        assert citation.segment is None and citation.anchor_state == models.AnchorState.LOST
        assert "The bridge across the river" in citation.record_exact
        assert current_redirects(transcript) == {"1": 2}
        answer = APIClient().get(f"/api/v1/transcripts/{transcript.slug}/paragraphs/p1/").json()
        assert answer["moved"] is True and answer["segment"]["text"].startswith("The schools")

    def test_an_edit_that_leaves_the_words_alone_changes_no_citation(self, editor):
        transcript, citation = self.quoted()
        api = APIClient()
        api.force_authenticate(editor)
        other = transcript.segments.get(position=3)
        api.patch(f"/api/v1/segments/{other.pk}/", {"text": "Thank you."}, format="json")
        citation.refresh_from_db()
        assert citation.status == models.CitationStatus.CONFIRMED and not citation.anchor_state
        assert transcript.revisions.count() == 2
