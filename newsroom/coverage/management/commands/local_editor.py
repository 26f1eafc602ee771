import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError

USERNAME = "editor"


class Command(BaseCommand):
    help = (
        "Create the local editor account once and print its credentials. "
        "Refused when DEBUG is off: this account exists only in the local default setup."
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

        user_model = get_user_model()
        user = user_model.objects.filter(username=USERNAME).first()
        if user is None:
            user = user_model.objects.create_superuser(
                username=USERNAME, email="", password=password
            )
            user.groups.add(*Group.objects.filter(name="Editor"))
            self.stdout.write("Created the local editor account.")
        elif not user.check_password(password):
            self.stdout.write(
                f"The account {USERNAME!r} exists with another password; it was not changed. "
                f"Set one with: manage.py changepassword {USERNAME}"
            )
            return
        self.stdout.write(
            self.style.SUCCESS(
                f"Local editor — user name: {USERNAME}  password: {password}  "
                f"(sign in at http://127.0.0.1:8000/admin/)"
            )
        )
