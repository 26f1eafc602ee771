"""`/healthz`: the site's health for a monitoring system."""

from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from newsroom.coverage.background import health


@require_safe
@never_cache
def healthz(request):
    """Answer 200 when the database, the cache, a worker and the scheduler are well, else
    503; the body says which is not. Open to anyone, never cached, no secrets."""
    state = health.report()
    return JsonResponse(state, status=200 if state["ok"] else 503)
