"""Record editorial actions in the admin log, so they show on each object's history."""

from django.contrib.admin.models import CHANGE, LogEntry
from django.core.exceptions import PermissionDenied


def require(user, permission: str, action: str) -> None:
    """Refuse `action` unless `user` holds `permission` ("coverage.publish_article")."""
    if user is None or not user.has_perm(permission):
        raise PermissionDenied(f"You may not {action}.")


def log(user, obj, message: str, flag: int = CHANGE) -> None:
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
