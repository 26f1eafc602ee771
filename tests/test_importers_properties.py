"""Property: any text either imports or raises the importer's own error, writing nothing."""

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsroom.coverage.importers.errors import DocumentError
from newsroom.coverage.models import Article, Person, Role, Segment, Source, Transcript
from newsroom.coverage.services import story_import, transcript_import

pytestmark = pytest.mark.django_db

FRAGMENTS = [
    "Meeting with newly elected regional heads",
    "September 28, 2023, The Kremlin, Moscow",
    "28 September 2023",
    "President of Russia Vladimir Putin: Colleagues, good afternoon.",
    "Vladimir Putin:",
    "Vladimir Putin: Yes, please, Mr Pushilin.",
    "Head of the Donetsk People’s Republic Denis Pushilin: May I?",
    "Question: What next?",
    "A.G. Dyumin: Thank you.",
    "So, importantly: I give you my word.",
    "(The President then heard the report.)",
    "* * *",
    "Taking part in the meeting were ministers.",
    "Official website of the President of Russia",
    "Документ /",
    "[Source: Kremlin Telegram channel]",
    "In همراه with the plan",
    "",
    "\u00a0",
    ":",
    "Mr President:",
    "September 28, 2023, " + "Moscow " * 100,
    "A title " * 60,
    "[Source: " + "Agency " * 60 + "]",
]
documents = st.one_of(
    st.text(max_size=400),
    st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=60)), max_size=12).flatmap(
        lambda parts: st.sampled_from(["\n", "\n\n", "\r\n", " "]).map(lambda sep: sep.join(parts))
    ),
)
MODELS = [Article, Person, Role, Segment, Source, Transcript]
PROPERTY = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def counts():
    return [model.objects.count() for model in MODELS]


def imports_or_refuses_cleanly(run):
    with transaction.atomic():
        source = Source.objects.create(name="Test source", slug="test-source")
        before = counts()
        try:
            run(source)
        except DocumentError as error:
            assert str(error)
            assert counts() == before
        transaction.set_rollback(True)


@PROPERTY
@given(text=documents, title=st.one_of(st.none(), st.text(max_size=20), st.just("T" * 400)))
def test_transcript_importer_imports_or_raises_its_own_error(text, title):
    imports_or_refuses_cleanly(
        lambda source: transcript_import(text=text, source=source, title=title)
    )


@PROPERTY
@given(text=documents, headline=st.one_of(st.none(), st.text(max_size=40), st.just("H" * 400)))
def test_story_importer_imports_or_raises_its_own_error(text, headline):
    imports_or_refuses_cleanly(
        lambda source: story_import(text=text, source=source, headline=headline)
    )
