"""Query-string fuzzing of every public site view: whatever the query, never a 500.

Every route of coverage.urls is visited (the API has its own fuzzing: schemathesis in
CI) with query strings Hypothesis makes from the parameters the views read, and from
junk: odd Unicode, control characters, huge numbers, repeated keys, bad percent codes.
"""

from urllib.parse import quote

import pytest
from django.urls import resolve
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsroom.coverage.urls import urlpatterns
from tests.site_data import build_world

pytestmark = pytest.mark.django_db

KEYS = ["q", "page", "kind", "person", "date_from", "date_to", "format", "p", ""]
VALUES = st.one_of(
    st.text(max_size=40),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.sampled_from(["", "0", "-1", "1e9", "NaN", "2023-02-30", "9999-99-99", "stories"]),
    st.sampled_from(["a & b | !c", "':*", "(((", "\\", '"', "<script>", "%", "%zz", "\x00"]),
)


@st.composite
def query_strings(draw):
    pairs = draw(
        st.lists(
            st.tuples(st.one_of(st.sampled_from(KEYS), st.text(max_size=8)), VALUES), max_size=5
        )
    )
    encoded = "&".join(f"{quote(k, safe='')}={quote(v, safe='')}" for k, v in pairs)
    raw = draw(st.sampled_from(["", "&%zz=%", "&page=%ff", "&&=&"]))  # malformed on purpose
    return encoded + raw


def routes(world) -> list[str]:
    """Return one address for every route of the public site."""
    slugs = {
        "article-detail": world["story"].slug,
        "transcript-detail": world["transcript"].slug,
        "person-detail": world["speaker"].slug,
        "event-detail": world["event"].slug,
        "source-detail": world["source"].slug,
        "place-detail": world["place"].slug,
        "feed-person-rss": world["speaker"].slug,
        "feed-person-atom": world["speaker"].slug,
        "feed-event-rss": world["event"].slug,
        "feed-event-atom": world["event"].slug,
    }
    from django.urls import reverse

    found = []
    for pattern in urlpatterns:
        kwargs = {"slug": slugs[pattern.name]} if "<slug:slug>" in str(pattern.pattern) else {}
        if "<str:token>" in str(pattern.pattern):
            kwargs = {"token": world["alert links"][pattern.name].rstrip("/").rsplit("/", 1)[1]}
        found.append(reverse(pattern.name, kwargs=kwargs))
    return found


@pytest.fixture
def world():
    from newsroom.coverage.models import Alert, Article, Transcript
    from newsroom.coverage.syndication import alerts

    built = build_world(2)
    built["story"] = Article.objects.published().first()
    built["transcript"] = Transcript.objects.published().first()
    # A reader's alert, and the signed links its mail would carry.
    alert = Alert.objects.create(email="reader@example.org", kind="phrase", phrase="gas")
    built["alert links"] = {
        "alert-confirm": alerts.confirm_url(alert),
        "alert-stop": alerts.stop_url([alert]),
        "alert-manage": alerts.manage_url(alert.email),
    }
    return built


def test_every_route_is_fuzzed_at_an_address_that_answers(client, world):
    """Each fuzzed address reaches its own view through the project's URLconf and
    answers (200; the old icon address redirects), so the fuzzing below exercises every
    view, not a 404 page."""
    for pattern, address in zip(urlpatterns, routes(world), strict=True):
        assert resolve(address).url_name == pattern.name, address
        expected = 301 if pattern.name == "favicon" else 200
        assert client.get(address).status_code == expected, address


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(query=query_strings())
def test_no_query_string_makes_a_site_view_fail(client, world, query):
    for route in routes(world):
        response = client.get(f"{route}?{query}")
        assert response.status_code < 500, (route, query, response.status_code)
        # Whatever the query echoes back is escaped: no value ever opens a tag.
        assert b"<script>" not in response.content, (route, query)
