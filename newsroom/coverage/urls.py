"""The reader site: pages, feeds, sitemaps. Readers only read: GET and HEAD, else 405."""

from django.contrib.sitemaps.views import sitemap
from django.urls import path
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_safe

from newsroom.coverage.cache.keys import LISTS
from newsroom.coverage.cache.pages import public_page
from newsroom.coverage.reading import feeds, sitemaps
from newsroom.coverage.views import alerts, entities, home, search, stories, transcripts

STORIES = ("stories",)
EVERY_LIST = tuple(LISTS.values())

reader_urls = [
    path("", home.home, name="home"),
    path("stories/", stories.story_list, name="article-list"),
    path("stories/<slug:slug>/", stories.story_detail, name="article-detail"),
    path("transcripts/", transcripts.transcript_list, name="transcript-list"),
    path("transcripts/<slug:slug>/", transcripts.transcript_detail, name="transcript-detail"),
    path("people/", entities.person_list, name="person-list"),
    path("people/<slug:slug>/", entities.person_detail, name="person-detail"),
    path("events/", entities.event_list, name="event-list"),
    path("events/<slug:slug>/", entities.event_detail, name="event-detail"),
    path("sources/<slug:slug>/", entities.source_detail, name="source-detail"),
    path("places/<slug:slug>/", entities.place_detail, name="place-detail"),
    path("search/", search.search_view, name="search"),
    path(
        "feeds/stories/rss/",
        public_page(lists=STORIES)(feeds.LatestStoriesFeed()),
        name="feed-stories-rss",
    ),
    path(
        "feeds/stories/atom/",
        public_page(lists=STORIES)(feeds.LatestStoriesAtom()),
        name="feed-stories-atom",
    ),
    path(
        "feeds/people/<slug:slug>/rss/",
        public_page(feeds.PersonStoriesFeed()),
        name="feed-person-rss",
    ),
    path(
        "feeds/people/<slug:slug>/atom/",
        public_page(feeds.PersonStoriesAtom()),
        name="feed-person-atom",
    ),
    path(
        "feeds/events/<slug:slug>/rss/",
        public_page(feeds.EventStoriesFeed()),
        name="feed-event-rss",
    ),
    path(
        "feeds/events/<slug:slug>/atom/",
        public_page(feeds.EventStoriesAtom()),
        name="feed-event-atom",
    ),
    path(
        "sitemap.xml",
        public_page(lists=EVERY_LIST)(sitemap),
        {"sitemaps": sitemaps.SITEMAPS},
        name="sitemap",
    ),
    path(
        "sitemap-news.xml", public_page(lists=STORIES)(sitemaps.news_sitemap), name="news-sitemap"
    ),
    path("robots.txt", sitemaps.robots_txt, name="robots-txt"),
    path("favicon.ico", home.favicon, name="favicon"),
]

# Every reader route answers GET and HEAD only: 405 with `Allow: GET, HEAD` otherwise.
# CSRF protection guards views that change something; these change nothing and refuse
# a POST themselves, which CSRF would otherwise answer first with a 403.
for route in reader_urls:
    route.callback = csrf_exempt(require_safe(route.callback))
# Readers' alerts take forms, with CSRF protection (but the one-click unsubscribe).
alert_urls = [
    path("alerts/", alerts.alerts_home, name="alerts"),
    path("alerts/new/", alerts.new_alert, name="alert-new"),
    path("alerts/asked/", alerts.asked, name="alert-asked"),
    path("alerts/confirm/<str:token>/", alerts.confirm, name="alert-confirm"),
    path("alerts/stop/<str:token>/", alerts.stop, name="alert-stop"),
    path("alerts/manage/<str:token>/", alerts.manage, name="alert-manage"),
]
urlpatterns = reader_urls + alert_urls
