"""Record editorial actions in the admin log, so they show on each object's history."""

import logging

from django.contrib.admin.models import CHANGE, LogEntry
from django.core.exceptions import PermissionDenied

logger = logging.getLogger(__name__)


def require(user, permission: str, action: str) -> None:
    """Refuse `action` unless `user` holds `permission` ("coverage.publish_article")."""
    if user is None or not user.has_perm(permission):
        raise PermissionDenied(f"You may not {action}.")


def log(user, obj, message: str, flag: int = CHANGE) -> None:
    """Record `message` on `obj`'s history in admin and in the application log."""
    who = user.get_username() if user is not None and user.pk else "the system"
    logger.info("%s %s %s: %s (by %s)", obj._meta.verbose_name, obj.pk, obj, message, who)
    if user is None or not user.pk:
        return
    model = type(obj)
    LogEntry.objects.log_actions(
        user.pk,
        model.objects.filter(pk=obj.pk),
        flag,
        change_message=message,
        single_object=True,
    )
