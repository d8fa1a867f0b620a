"""deploy/nginx.conf in front of the live test server: what nginx keeps, and that edits show.

Quick (about a second): one nginx, Django's threaded live server as the only app server. The
full layout (two gunicorn instances, PostgreSQL, Redis, load) is `make cluster` and
`make loadtest LOADTEST_ARGS=--cluster`, benchmarks kept out of the test suite.
Skipped with a loud message when nginx is not installed (Debian: apt-get install nginx).
"""

import importlib.util
import os
import shutil
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.test import override_settings

from core.tests.http import HTMX
from nutrients.tests.factories import make_nutrient

ROOT = Path(__file__).resolve().parents[2]
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"

pytestmark = pytest.mark.skipif(
    not os.path.exists(NGINX),
    reason="!!! NGINX TESTS SKIPPED: nginx not found (apt-get install nginx) !!!",
)


def load_cluster_module():
    import sys

    sys.path.insert(0, str(ROOT / "bench"))
    spec = importlib.util.spec_from_file_location("cluster", ROOT / "bench" / "cluster.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["cluster"] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def nginx(live_server, transactional_db):
    """nginx from deploy/nginx.conf with the live server as its one app server."""
    cluster = load_cluster_module()
    run = Path(tempfile.mkdtemp(prefix="cramps-nginx-test-"))
    run.chmod(0o755)  # nginx runs unprivileged
    for folder in ("temp", "cache", "static", "generations/0"):
        (run / folder).mkdir(parents=True)
    (run / "static" / "hello.0123456789ab.css").write_text("body{}")
    link = run / "generation"
    link.symlink_to(run / "generations" / "0")
    upstream = urlsplit(live_server.url)
    server = cluster.Nginx(run=run, port=cluster.free_port(), conf=run / "nginx.conf")
    server.conf.write_text(
        cluster.render_nginx_conf(
            (ROOT / "deploy" / "nginx.conf").read_text(),
            {
                "RUN": str(run),
                "LISTEN": f"127.0.0.1:{server.port}",
                "UPSTREAMS": f"        server {upstream.hostname}:{upstream.port};",
                "STATIC_ROOT": str(run / "static"),
                "GENERATION_LINK": str(link),
                "CSRF_COOKIE": "csrftoken",
                "WORKERS": "1",
                "MIME_TYPES": cluster.MIME_TYPES,
            },
        )
    )
    if os.geteuid() == 0:
        import pwd

        for path in [run, *run.rglob("*")]:
            if not path.is_symlink():
                os.chown(path, pwd.getpwnam(cluster.UNPRIVILEGED).pw_uid, server.gid())
    purge = {"BACKEND": "core.shared_cache.NginxGenerationLink", "OPTIONS": {"link": str(link)}}
    # A minute, so a slow machine never sees an entry expire mid-test (one test checks 1 s).
    with override_settings(SHARED_CACHE_PURGE=purge, SHARED_CACHE_SECONDS=60):
        server.start()
        try:
            yield cluster.Site(port=server.port, workdir=run, env={})
        finally:
            server.stop()
            errors = server.errors()
            shutil.rmtree(run, ignore_errors=True)
    assert "[crit]" not in errors and "[emerg]" not in errors, errors


GZIP = {"Accept-Encoding": "gzip"}


def test_pages_are_kept_and_an_edit_shows_on_the_next_request(nginx):
    nutrient = make_nutrient("Magnesium", summary="First summary.")
    path = "/nutrients/magnesium/"
    statuses = [nginx.get(path)[1]["x-cache-status"] for _ in range(3)]
    assert statuses == ["MISS", "HIT", "HIT"]
    nutrient.summary = "Second summary."
    nutrient.save()  # commits at once (transactional test): the hook moves nginx's link
    status, headers, body = nginx.get(path)
    assert status == 200
    assert headers["x-cache-status"] == "MISS"
    assert b"Second summary." in body
    assert nginx.get(path)[1]["x-cache-status"] == "HIT"


def test_gzip_and_htmx_variants_are_kept_apart(nginx):
    make_nutrient("Magnesium")
    plain = nginx.get("/compare/")
    gzipped = nginx.get("/compare/", GZIP)
    partial = nginx.get("/compare/", HTMX)
    assert gzipped[1].get("content-encoding") == "gzip"
    assert "content-encoding" not in plain[1]
    assert len(partial[2]) < len(plain[2])
    assert nginx.get("/compare/", GZIP)[1]["x-cache-status"] == "HIT"
    assert nginx.get("/compare/", HTMX)[2] == partial[2]


def test_sessions_bypass_and_cookies_are_never_kept(nginx):
    from django.core.management import call_command

    call_command("seed_content", verbosity=0)
    path = "/nutrients/magnesium/"
    nginx.get(path)
    assert nginx.get(path, {"Cookie": "csrftoken=abc"})[1]["x-cache-status"] == "HIT"
    session = nginx.get(path, {"Cookie": "sessionid=abc"})
    assert session[1]["x-cache-status"] == "BYPASS"
    assert "private" in session[1]["cache-control"]
    # The checker's start page sets the CSRF cookie: nginx must not keep it.
    for _ in range(2):
        status, headers, _ = nginx.get("/checker/")
        assert status == 200
        assert "set-cookie" in headers
        assert headers["x-cache-status"] in ("MISS", "EXPIRED")


def test_static_files_are_served_by_nginx_as_immutable(nginx):
    status, headers, body = nginx.get("/static/hello.0123456789ab.css")
    assert status == 200
    assert body == b"body{}"
    assert headers["cache-control"] == "public, max-age=315360000, immutable"
    assert headers["x-content-type-options"] == "nosniff"
    assert "x-cache-status" not in headers  # from disk, not from the app


def test_after_s_maxage_nginx_revalidates_with_the_etag(nginx):
    make_nutrient("Magnesium")
    path = "/nutrients/magnesium/"
    with override_settings(SHARED_CACHE_SECONDS=1):
        first = nginx.get(path, GZIP)
        assert "s-maxage=1" in first[1]["cache-control"]
        time.sleep(2.1)  # nginx counts whole seconds: 1 s of s-maxage ends within 2 s
        again = nginx.get(path, GZIP)
    assert again[1]["x-cache-status"] == "REVALIDATED"  # the app answered 304 to nginx
    assert again[2] == first[2]


def test_without_the_hook_an_edit_shows_once_s_maxage_has_passed(nginx):
    nutrient = make_nutrient("Magnesium", summary="First summary.")
    path = "/nutrients/magnesium/"
    with override_settings(SHARED_CACHE_SECONDS=1, SHARED_CACHE_PURGE={}):
        nginx.get(path)
        nutrient.summary = "Second summary."
        nutrient.save()
        assert b"First summary." in nginx.get(path)[2]  # nginx was not told
        time.sleep(2.1)
        assert b"Second summary." in nginx.get(path)[2]


def test_render_fills_every_placeholder_and_refuses_gaps():
    cluster = load_cluster_module()
    template = (ROOT / "deploy" / "nginx.conf").read_text()
    values = {
        "RUN": "/run",
        "LISTEN": "80",
        "UPSTREAMS": "server a:1;",
        "STATIC_ROOT": "/static",
        "GENERATION_LINK": "/run/generation",
        "CSRF_COOKIE": "csrftoken",
        "WORKERS": "auto",
        "MIME_TYPES": "/etc/nginx/mime.types",
    }
    text = cluster.render_nginx_conf(template, values)
    body = [line for line in text.splitlines() if not line.lstrip().startswith("#")]
    assert not any("@" in line for line in body)
    with pytest.raises(ValueError, match="no value for @WORKERS@"):
        cluster.render_nginx_conf(template, {k: v for k, v in values.items() if k != "WORKERS"})
    with pytest.raises(ValueError, match="has no @EXTRA@"):
        cluster.render_nginx_conf(template, {**values, "EXTRA": "x"})


def test_static_files_carry_the_sites_security_headers(nginx):
    from django.conf import settings
    from django.utils.csp import build_policy

    from cramps_site.security import permissions_policy

    _, headers, _ = nginx.get("/static/hello.0123456789ab.css")
    assert headers["content-security-policy"] == build_policy(settings.SECURE_CSP)
    assert headers["permissions-policy"] == permissions_policy(settings.PERMISSIONS_POLICY)
    assert headers["x-frame-options"] == settings.X_FRAME_OPTIONS
    assert headers["referrer-policy"] == settings.SECURE_REFERRER_POLICY
    assert headers["cross-origin-opener-policy"] == settings.SECURE_CROSS_ORIGIN_OPENER_POLICY


def test_the_static_manifest_is_not_served_by_nginx(nginx):
    (nginx.workdir / "static" / "staticfiles.json").write_text('{"paths": {}}')
    status, _, _ = nginx.get("/static/staticfiles.json")
    assert status == 404
