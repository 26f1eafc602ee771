"""The quick-start commands: seed loading and the local editor account."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError

from newsroom.coverage.models import Article, Segment
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def run(*args):
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_load_seed_loads_once_and_keeps_editors_work():
    assert "loaded" in run("load_seed")
    article = Article.objects.get(
        slug="putin-to-meet-26-newly-elected-regional-heads-by-video-link"
    )
    article.headline = "An editor's better headline"
    article.save()
    segments = Segment.objects.count()

    assert "not loaded again" in run("load_seed")
    article.refresh_from_db()
    assert article.headline == "An editor's better headline"
    assert Segment.objects.count() == segments


def test_load_seed_skips_a_database_with_content():
    ArticleFactory()
    run("load_seed")
    assert Article.objects.count() == 1


@pytest.fixture
def editor_file(settings, tmp_path):
    settings.DEBUG = True
    settings.LOCAL_EDITOR_FILE = tmp_path / "editor"
    return settings.LOCAL_EDITOR_FILE


def test_local_editor_created_once_with_printed_credentials(client, editor_file):
    first = run("local_editor")
    password = editor_file.read_text().strip()
    assert f"user name: editor  password: {password}" in first
    user = get_user_model().objects.get(username="editor")
    assert user.is_staff and user.is_superuser
    signed_in = client.post("/admin/login/", {"username": "editor", "password": password})
    assert signed_in.status_code == 302  # to the admin index: the credentials work

    second = run("local_editor")
    assert password in second
    assert get_user_model().objects.filter(username="editor").count() == 1
    user.refresh_from_db()
    assert user.check_password(password)


@pytest.mark.parametrize(("username", "may_publish"), [("desk-editor", True), ("reporter", False)])
def test_local_accounts_for_each_role(client, editor_file, username, may_publish):
    out = run("local_editor")
    password = editor_file.read_text().strip()
    assert f"user name: {username}  password: {password}" in out
    user = get_user_model().objects.get(username=username)
    assert user.is_staff and not user.is_superuser
    assert user.has_perm("coverage.publish_article") is may_publish
    assert user.has_perm("coverage.change_article")
    signed_in = client.post("/admin/login/", {"username": username, "password": password})
    assert signed_in.status_code == 302
    run("local_editor")
    assert get_user_model().objects.filter(username=username).count() == 1


def test_local_editor_never_overwrites_a_changed_password(editor_file):
    run("local_editor")
    user = get_user_model().objects.get(username="editor")
    user.set_password("chosen-by-the-editor-1")
    user.save()
    out = run("local_editor")
    assert "not changed" in out
    user.refresh_from_db()
    assert user.check_password("chosen-by-the-editor-1")


def test_local_editor_refused_with_debug_off(settings, tmp_path):
    settings.DEBUG = False
    settings.LOCAL_EDITOR_FILE = tmp_path / "editor"
    with pytest.raises(CommandError, match="DEBUG off"):
        run("local_editor")
    assert not get_user_model().objects.exists()
    assert not settings.LOCAL_EDITOR_FILE.exists()
