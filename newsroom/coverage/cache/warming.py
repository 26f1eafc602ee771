"""Render a public story's or transcript's fragment again right after it changes.

So the first reader after an edit or a publication does not pay for the render: the
task queue runs it (at once where tasks run at once), for each site address readers
used lately (fragments.origins), with a request as a reader would make it.
"""

import re

from django.test import RequestFactory

from newsroom.coverage.cache import fragments

WARMED = re.compile(r"(story|transcript):(\d+)\Z")


def warm_later(keys) -> None:
    """Queue the rendering of the stories and transcripts among `keys`."""
    targets = sorted(m.groups() for key in keys if (m := WARMED.match(key)))
    if not targets or not fragments.origins():
        return
    from newsroom.coverage.background.queueing import enqueue
    from newsroom.coverage.background.tasks import warm_fragments

    enqueue(warm_fragments, [[kind, int(pk)] for kind, pk in targets])


def warm(targets) -> int:
    """Render the fragments of public `targets` ([kind, pk]) for each known address."""
    from newsroom.coverage.models import Article, Transcript
    from newsroom.coverage.views.stories import story_fragment
    from newsroom.coverage.views.transcripts import transcript_fragment

    render = {
        "story": (Article, story_fragment),
        "transcript": (Transcript, transcript_fragment),
    }
    done = 0
    for origin in fragments.origins():
        scheme, host = origin.rstrip("/").split("://", 1)
        request = RequestFactory().get("/", HTTP_HOST=host, secure=scheme == "https")
        for kind, pk in targets:
            model, fragment = render[kind]
            obj = model.objects.published().for_listing().filter(pk=pk).first()
            if obj is not None:
                fragment(request, obj, again=True)
                done += 1
    return done
