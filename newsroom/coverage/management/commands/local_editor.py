import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError

USERNAME = "editor"
# The local accounts: (user name, group, what it is for). The first has every
# permission; the others have one role each, so the editorial rules can be tried.
ACCOUNTS = [
    (USERNAME, None, "Local editor", "every permission"),
    ("desk-editor", "Editor", "Desk editor", "the Editor role: publishes, confirms citations"),
    ("reporter", "Reporter", "Reporter", "the Reporter role: writes drafts, cannot publish"),
]


class Command(BaseCommand):
    help = (
        "Create the local accounts once (an editor with every permission, a desk editor "
        "and a reporter) and print their credentials. Refused when DEBUG is off: these "
        "accounts exist only in the local default setup."
    )

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("Refusing to create a local editor account with DEBUG off.")
        path = settings.LOCAL_EDITOR_FILE
        password = path.read_text().strip() if path.exists() else ""
        if not password:
            password = secrets.token_urlsafe(12)
            path.write_text(password + "\n")
            path.chmod(0o600)
        for username, group, title, role in ACCOUNTS:
            self.ensure_account(username, group, title, role, password)

    def ensure_account(self, username, group, title, role, password):
        user_model = get_user_model()
        user = user_model.objects.filter(username=username).first()
        if user is None:
            if group is None:
                user = user_model.objects.create_superuser(
                    username=username, email="", password=password
                )
                user.groups.add(*Group.objects.filter(name="Editor"))
            else:
                user = user_model.objects.create_user(
                    username=username, password=password, is_staff=True
                )
                user.groups.add(*Group.objects.filter(name=group))
            self.stdout.write(f"Created the local account {username!r}.")
        elif not user.check_password(password):
            self.stdout.write(
                f"The account {username!r} exists with another password; it was not changed. "
                f"Set one with: manage.py changepassword {username}"
            )
            return
        self.stdout.write(
            self.style.SUCCESS(
                f"{title} — user name: {username}  password: {password}  ({role}; "
                "sign in at http://127.0.0.1:8000/admin/)"
            )
        )
