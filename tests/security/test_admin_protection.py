"""Editors' accounts stay theirs: throttled logins, a movable admin, no escalation."""

import importlib

import pytest
from django.test import RequestFactory, override_settings
from django.urls import clear_url_caches, reverse

from cramps_site.security import client_ip

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-test-password-1"  # the `editor` fixture's password (conftest.py)


def log_in(client, username, password, **extra):
    return client.post(
        reverse("admin:login"), {"username": username, "password": password}, **extra
    )


def test_right_password_logs_in(client, editor):
    response = log_in(client, "editor", PASSWORD)
    assert response.status_code == 302
    assert client.get(reverse("admin:index")).status_code == 200


def test_wrong_password_is_refused_with_the_admin_message(client, editor):
    response = log_in(client, "editor", "wrong")
    assert response.status_code == 200
    assert "Please enter the correct username and password" in response.content.decode()


def test_five_wrong_passwords_pause_sign_in_with_a_clear_message(client, editor):
    for _ in range(4):
        assert log_in(client, "editor", "wrong").status_code == 200
    response = log_in(client, "editor", "wrong")
    assert response.status_code == 429
    html = response.content.decode()
    assert "Sign-in paused after too many attempts" in html
    assert "paused for 15 minutes" in html
    assert response["Content-Security-Policy"].startswith("default-src 'self'")


def test_right_password_is_refused_while_paused(client, editor):
    for _ in range(5):
        log_in(client, "editor", "wrong")
    response = log_in(client, "editor", PASSWORD)
    assert response.status_code == 429
    assert client.get(reverse("admin:index")).status_code == 302  # still logged out


def test_pause_is_per_username_and_address(client, editor, django_user_model):
    django_user_model.objects.create_user("other", password=PASSWORD, is_staff=True)
    for _ in range(5):
        log_in(client, "editor", "wrong")
    assert log_in(client, "other", PASSWORD).status_code == 302
    assert log_in(client, "editor", PASSWORD, REMOTE_ADDR="203.0.113.9").status_code == 302


def test_success_clears_earlier_failures(client, editor):
    for _ in range(4):
        log_in(client, "editor", "wrong")
    assert log_in(client, "editor", PASSWORD).status_code == 302
    client.logout()
    for _ in range(4):
        assert log_in(client, "editor", "wrong").status_code == 200


@pytest.mark.parametrize(
    ("count", "forwarded", "expected"),
    [
        (0, "198.51.100.7", "10.0.0.1"),  # no proxy: the header is the client's own words
        (1, "198.51.100.7", "198.51.100.7"),
        (1, "6.6.6.6, 198.51.100.7", "198.51.100.7"),  # forged entry on the left is ignored
        (2, "6.6.6.6, 198.51.100.7, 10.0.0.2", "198.51.100.7"),
        (2, "198.51.100.7", "10.0.0.1"),  # fewer hops than proxies: fall back
    ],
)
def test_client_ip_trusts_only_our_proxies(count, forwarded, expected):
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=forwarded)
    with override_settings(TRUSTED_PROXY_COUNT=count):
        assert client_ip(request) == expected


@pytest.mark.parametrize(
    "name",
    [
        "admin:auth_user_changelist",
        "admin:auth_user_add",
        "admin:auth_group_changelist",
        "admin:axes_accessattempt_changelist",
    ],
)
def test_editor_cannot_reach_accounts_or_lockouts(editor_client, name):
    assert editor_client.get(reverse(name)).status_code == 403


def test_editor_cannot_give_themself_more_rights(editor_client, editor):
    url = reverse("admin:auth_user_change", args=[editor.pk])
    response = editor_client.post(url, {"username": "editor", "is_superuser": "on"})
    assert response.status_code == 403
    editor.refresh_from_db()
    assert not editor.is_superuser


@pytest.fixture
def admin_at_editors_desk(settings):
    import cramps_site.urls

    settings.ADMIN_URL = "editors-desk/"
    importlib.reload(cramps_site.urls)
    clear_url_caches()
    yield
    settings.ADMIN_URL = "admin/"
    importlib.reload(cramps_site.urls)
    clear_url_caches()


def test_admin_url_is_configurable(client, admin_at_editors_desk):
    assert reverse("admin:index") == "/editors-desk/"
    assert client.get("/editors-desk/login/").status_code == 200
    assert client.get("/admin/login/").status_code == 404


def test_robots_txt_follows_the_admin_url(client, admin_at_editors_desk):
    robots = client.get("/robots.txt").content.decode()
    assert "Disallow: /editors-desk/" in robots
    assert "/admin/" not in robots


def test_admin_url_setting_reads_the_environment():
    import subprocess
    import sys

    from django.conf import settings

    code = (
        "import django; django.setup(); from django.conf import settings as s; print(s.ADMIN_URL)"
    )
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code],
        env={
            "DJANGO_SETTINGS_MODULE": "cramps_site.settings",
            "DJANGO_ADMIN_URL": "/staff-room",
            "PATH": "/usr/bin:/bin",
        },
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.strip() == "staff-room/", result.stderr


def test_failed_logins_log_the_path_only(client, editor, caplog):
    caplog.set_level("INFO")
    for _ in range(5):
        log_in(client, "editor", "wrong", HTTP_USER_AGENT="Firefox/999")
    logged = " ".join(record.getMessage() for record in caplog.records)
    assert "/admin/login/" in logged  # axes did log the failures and the lockout
    assert "editor" not in logged.replace("/admin/", "")
    assert "127.0.0.1" not in logged
    assert "Firefox" not in logged
