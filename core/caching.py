"""Whole-page caching for anonymous readers, kept correct by one content version.

The one mechanism
-----------------
* ``content-version`` is a single cache key holding the time (in ns) of the last content change.
  Any save, delete or many-to-many change of any model in the content apps
  (``settings.CONTENT_APPS``, connected by app label in ``connect_signals``, so models added
  later are covered too), any ``loaddata``/restore and any ``migrate`` replace it: immediately,
  and once more when the transaction commits (so a reader who renders mid-save cannot store the
  old text under the new version). As a safety net an editor's successful POST in the admin
  bumps it as well, which covers admin actions written with ``QuerySet.update()`` (no signals).
* Each page is stored under a key that contains that version, so after an edit every page is
  looked up under new keys and rendered afresh; the old entries are never read again and expire.
* The cache is Django's ``default`` cache: Redis when ``REDIS_URL`` is set, a file cache shared by
  all gunicorn workers in production without Redis, local memory in development and tests.
  A hit costs two shared-cache reads (the version, then the page). A per-process tier in front
  (keeping recent pages in each worker's memory) was measured with ``make bench`` and did not
  earn the 10% more cached requests per second it had to, so there is none (README,
  "Performance").

Who is served from the cache
----------------------------
Only GET requests whose cookies are all in ``ANONYMOUS_COOKIES`` (none, or just the CSRF cookie):
a logged-in editor carries a session cookie, so their pages (drafts, previews) are never served
from or stored into the shared cache, and are marked ``private``. A response is stored only when it
is a 200, sets no cookie (a page that uses the CSRF token always sets the cookie), is not
``private``/``no-store``, and varies on nothing but ``Accept-Encoding``, ``HX-Request`` and
``Cookie``. ``Cookie`` is harmless here: the session middleware adds it because views look at
``request.user``, and a request that may use the cache has no session cookie. A response that
varies on any other header is simply not cached.

The key holds the method, scheme, host, path and query, whether gzip was accepted (the stored
body is already gzipped by ``GZipMiddleware``, which sits inside this middleware) and the
``HX-Request`` header (htmx partials are cached separately from full pages).

HTTP caching
------------
Stored pages get ``Last-Modified`` (the content version's time), an ``ETag`` (from
``ConditionalGetMiddleware``, weakened by gzip) and ``Cache-Control: public, max-age=0,
must-revalidate, s-maxage=1``: browsers may keep a copy but ask every time, and a 304 costs
almost nothing; a shared cache (nginx, a CDN) may answer for a second without asking and is told
about every edit once it commits (``core/shared_cache.py``). Requests that bypass the page cache
get ``private`` (a session) or ``private, no-store`` (a POST) unless the view said otherwise.
"""

import contextvars
import functools
import hashlib
import logging
import time
from collections.abc import Callable, Iterable

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save
from django.http import HttpRequest, HttpResponse
from django.middleware.gzip import re_accepts_gzip
from django.urls import reverse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date, parse_http_date_safe

from core.editors import is_editor
from core.shared_cache import purge_shared_caches

logger = logging.getLogger(__name__)

VERSION_KEY = "content-version"
CACHE_HEADER = "X-Page-Cache"
# Headers a stored page may vary on: they are part of the key (Cookie: see the module docstring).
KEYED_VARY_HEADERS = frozenset({"accept-encoding", "hx-request", "cookie"})
# Cookies a reader may carry and still share cached pages.
ANONYMOUS_COOKIES = frozenset({settings.CSRF_COOKIE_NAME})
# Headers never copied into a stored page.
UNSTORED_HEADERS = frozenset({CACHE_HEADER.lower(), "set-cookie"})


def page_cache_seconds() -> int:
    return getattr(settings, "PAGE_CACHE_SECONDS", 600)


def shared_cache_seconds() -> int:
    """How long a shared cache (nginx, a CDN) may answer from its copy without asking."""
    return getattr(settings, "SHARED_CACHE_SECONDS", 1)


# --- The content version ---------------------------------------------------------------------


def content_version() -> int:
    """The current content version, created on first use (or after the cache lost it)."""
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, time.time_ns(), timeout=None)
        version = cache.get(VERSION_KEY) or time.time_ns()
    return version


def bump_content_version() -> int:
    """Make every cached page stale. Never fails a save: a cache outage is logged instead."""
    version = time.time_ns()
    try:
        cache.set(VERSION_KEY, version, timeout=None)
    except Exception:
        logger.exception("Could not bump the content version; cached pages may be stale.")
    return version


# Per thread: content changes signalled, and the count already told to the shared caches when
# they were last told. A save signals once per row (the article, its history row, its links), and
# each signal queues ``content_committed``: only the first one after the commit does the work.
CHANGES: contextvars.ContextVar[int] = contextvars.ContextVar("content_changes", default=0)
CHANGES_PURGED: contextvars.ContextVar[int] = contextvars.ContextVar("purged", default=-1)
# Committed changes seen by this thread, so the admin's safety net (below) knows whether a signal
# already bumped the version and told the shared caches during the request.
COMMITS: contextvars.ContextVar[int] = contextvars.ContextVar("content_commits", default=0)


def content_committed() -> None:
    """A change is in the database: a new version here, then the shared caches are told."""
    COMMITS.set(COMMITS.get() + 1)
    if CHANGES_PURGED.get() == CHANGES.get():
        return  # this commit's version is out already
    CHANGES_PURGED.set(CHANGES.get())
    purge_shared_caches(bump_content_version())


def content_changed(**kwargs) -> None:
    """Signal receiver: bump now, and again once the surrounding transaction commits.

    Shared caches (nginx, a CDN: ``core/shared_cache.py``) are told only after the commit: a
    reader who reaches them before that still gets the old text, which is still what the
    database holds.
    """
    CHANGES.set(CHANGES.get() + 1)
    bump_content_version()
    transaction.on_commit(content_committed, using=kwargs.get("using"))


def connect_signals(app_labels: Iterable[str] | None = None) -> None:
    """Connect ``content_changed`` to every model (history and m2m tables included) of the apps."""
    for label in settings.CONTENT_APPS if app_labels is None else app_labels:
        for model in apps.get_app_config(label).get_models(include_auto_created=True):
            uid = f"page-cache:{model._meta.label}"
            post_save.connect(content_changed, sender=model, dispatch_uid=f"{uid}:save")
            post_delete.connect(content_changed, sender=model, dispatch_uid=f"{uid}:delete")
            m2m_changed.connect(content_changed, sender=model, dispatch_uid=f"{uid}:m2m")
    # A deploy runs migrate: templates may have changed, so Last-Modified must move on.
    post_migrate.connect(content_changed, dispatch_uid="page-cache:migrate")


def per_content_version[**P, R](func: Callable[P, R]) -> Callable[P, R]:
    """Memoise a function of the content alone (no arguments) until the content version moves.

    The value lives in this process only (no pickling), so it must be immutable or never
    mutated by callers; the version is read from the shared cache on each call, so an edit
    made through any worker is seen at once. Used for data many requests need but that only
    editors change: the footer advice, the published articles, the checker's questionnaire and
    the records its result shows.
    """
    memo: dict[str, tuple[int, R]] = {}

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        if args or kwargs:
            return func(*args, **kwargs)
        try:
            version = content_version()
        except Exception:
            logger.exception("Page cache unavailable; computing %s afresh.", func.__name__)
            return func()
        hit = memo.get("value")
        if hit is not None and hit[0] == version:
            return hit[1]
        value = func()
        memo["value"] = (version, value)
        return value

    wrapper.cache_clear = memo.clear  # type: ignore[attr-defined]
    return wrapper


# --- Deciding what may be cached ---------------------------------------------------------------


def may_use_cache(request: HttpRequest) -> bool:
    """GET requests from anonymous readers only (see ANONYMOUS_COOKIES)."""
    return request.method == "GET" and set(request.COOKIES) <= ANONYMOUS_COOKIES


def vary_headers(response: HttpResponse) -> set[str]:
    if not response.has_header("Vary"):
        return set()
    return {h.strip().lower() for h in response.headers["Vary"].split(",") if h.strip()}


def is_storable(response: HttpResponse) -> bool:
    """A 200 that sets no cookie, is not private and varies only on keyed headers."""
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    cache_control = response.headers.get("Cache-Control", "").lower()
    if "private" in cache_control or "no-store" in cache_control:
        return False
    return vary_headers(response) <= KEYED_VARY_HEADERS


def page_key(request: HttpRequest, version: int) -> str:
    # Exactly GZipMiddleware's test (case-sensitive "gzip" as a word), so a stored body is
    # compressed if and only if the key says so.
    accepts_gzip = bool(re_accepts_gzip.search(request.META.get("HTTP_ACCEPT_ENCODING", "")))
    hx_request = request.headers.get("HX-Request", "")[:10]
    url = request.build_absolute_uri()
    digest = hashlib.md5(
        f"{request.method}|{url}|{int(accepts_gzip)}|{hx_request}".encode(),
        usedforsecurity=False,
    ).hexdigest()
    return f"page:{version}:{digest}"


# --- The middleware ----------------------------------------------------------------------------


class PageCacheMiddleware:
    """Serve and store anonymous pages; place it right after WhiteNoise, before GZip."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not may_use_cache(request):
            return self.bypass(request)
        try:
            version = content_version()
            key = page_key(request, version)
            entry = cache.get(key)
        except Exception:
            logger.exception("Page cache unavailable; serving without it.")
            return self.get_response(request)
        if entry is not None:
            content, headers = entry
            response = HttpResponse(content, headers=headers)
            response[CACHE_HEADER] = "hit"
            return self.conditional(request, response)

        response = self.get_response(request)
        if is_storable(response):
            response.headers["Last-Modified"] = http_date(version // 1_000_000_000)
            if not response.has_header("Cache-Control"):
                patch_cache_control(
                    response,
                    public=True,
                    max_age=0,
                    must_revalidate=True,
                    s_maxage=shared_cache_seconds(),
                )
            headers = [
                (name, value)
                for name, value in response.items()
                if name.lower() not in UNSTORED_HEADERS
            ]
            entry = (response.content, headers)
            try:
                cache.set(key, entry, page_cache_seconds())
            except Exception:
                logger.exception("Could not store a page in the cache.")
            response[CACHE_HEADER] = "miss"
            return self.conditional(request, response)
        return response

    def bypass(self, request: HttpRequest) -> HttpResponse:
        admin_post = request.method == "POST" and request.path.startswith(reverse("admin:index"))
        commits_before = COMMITS.get()
        response = self.get_response(request)
        if request.method in ("GET", "HEAD") and set(request.COOKIES) - ANONYMOUS_COOKIES:
            # Someone with a session (an editor) or a one-off message: never in a shared cache.
            patch_cache_control(response, private=True)
            if "max-age" not in response.headers.get("Cache-Control", ""):
                patch_cache_control(response, no_cache=True)
        elif request.method not in ("GET", "HEAD"):
            # A POST's answer is for whoever sent it (the checker's result, an editor's save).
            if not response.has_header("Cache-Control"):
                patch_cache_control(response, private=True, no_store=True)
            if (
                admin_post
                and response.status_code < 400
                and is_editor(getattr(request, "user", None))
                and COMMITS.get() == commits_before  # no signal did it during this request
            ):
                content_committed()
        return response

    @staticmethod
    def conditional(request: HttpRequest, response: HttpResponse) -> HttpResponse:
        last_modified = response.headers.get("Last-Modified")
        return get_conditional_response(
            request,
            etag=response.headers.get("ETag"),
            last_modified=parse_http_date_safe(last_modified) if last_modified else None,
            response=response,
        )
