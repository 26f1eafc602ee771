"""The cache's rules, in one package: open this first.

- **Who** (readers.py). Only anonymous readers are answered from what is kept: a
  request with no signed-in user and no API credentials. Staff and token clients may
  see drafts, so they always get a fresh answer.
- **What** is kept, each in the shared cache (Redis) and each process's memory
  (store.py): whole pages of the views wrapped by `public_page` (pages.py: site pages,
  feeds, sitemaps, API reads; 200 answers that set no cookie, with PAGE_CACHE);
  fragments, the expensive parts of story and transcript pages (fragments.py); and the
  counts of public lists (counting.py). Fragments and counts need SHARED_CACHE.
- **Keys** (keys.py). Everything kept records the keys of what it shows: `story:12`,
  `transcript:3`, `person:7`, `event:`, `place:`, `source:`, and lists such as
  `stories`. They are gathered while it renders (collecting.py): each content row a
  view loads names itself, and views add the lists they show.
- **Invalidation** (invalidation.py, versions.py). A change touches the keys of what
  changed and of what shows it (a paragraph edited: its transcript, and every story
  citing it, which shows the transcript's paragraphs; a person renamed: every page
  naming them), and nothing else: a draft saved touches only its own key. Signals
  report saves and deletes; bulk writes call `invalidation.changed` with the same keys.
  The keys are made stale at once and again when the transaction commits. A story
  dated in the future becomes public by the clock: a task at its time touches its
  keys (and the sweep catches a lost one), so nothing relies on a timeout.
- **The layer in front** (headers.py, purging.py). Readers' pages name their keys in
  a surrogate-key header (NEWSROOM_SURROGATE_KEYS: `xkey`, `Surrogate-Key`,
  `Cache-Tag`), and a purge backend (NEWSROOM_PURGE: Varnish xkey, Fastly, Cloudflare)
  is told every change's keys through the task queue.
- **The first reader** (warming.py). After a change, the public stories and
  transcripts it touched have their fragments rendered again by the task queue.
- **Redis down.** The backend ignores its errors (django-redis, IGNORE_EXCEPTIONS):
  nothing is kept or served from the cache, pages are rendered, and the error is
  logged to "newsroom.cache" once a minute. A change made while Redis is unreachable
  cannot mark keys stale; it is logged ("Could not mark … stale").
"""


def forget_local() -> None:
    """Drop every copy this process keeps (for tests that clear the shared cache)."""
    from newsroom.coverage.cache import counting, fragments, invalidation, pages, versions

    for module in (pages, fragments, counting, versions):
        module.forget_local()
    invalidation.forget_pending()
