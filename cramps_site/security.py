"""Site-wide security wiring that Django has no setting for.

- ``SecurityHeadersMiddleware`` comes first in ``MIDDLEWARE`` so it sees every response,
  including those made before Django's own header middlewares run (the 400 for a refused
  Host) or without them (WhiteNoise's static files). It adds the ``Permissions-Policy`` header
  (Django 6.1 has no setting for it) and, where missing, the headers Django's middlewares
  would have added (CSP, X-Frame-Options, nosniff, Referrer-Policy, COOP).
- It refuses, with the site's 400 page, a request whose form cannot be read: a form in a
  charset other than UTF-8, a body over ``DATA_UPLOAD_MAX_MEMORY_SIZE``, more fields than
  ``DATA_UPLOAD_MAX_NUMBER_FIELDS``, a ``Content-Length`` that is not a number. Django raises
  for these each time the form is read, and its own 400 handler reads it again (for the CSRF
  check), so without this they ended as gunicorn's bare 500 page.
- It gives the bare 405 responses of ``@require_safe``/``@require_POST`` a readable page, so
  a wrong method is explained like any other refused request.
- ``SecurityHeadersMiddleware.process_exception`` turns SQLite's OverflowError for an id too
  big to store (a tampered many-to-many form value reaches Django's ``pk__in`` lookup as it is)
  into the 400 page instead of a 500.
- ``lockout`` is the page django-axes shows when sign-in is paused after failed logins.
- ``log_client`` keeps usernames and addresses out of django-axes' log lines.
- ``client_ip`` tells django-axes which address a login attempt came from, trusting
  ``X-Forwarded-For`` only as far as ``TRUSTED_PROXY_COUNT`` proxies say.
"""

import logging
import re

from django.conf import settings
from django.core.exceptions import BadRequest, SuspiciousOperation
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.csp import CSP, build_policy
from django.views.defaults import bad_request
from whitenoise.middleware import WhiteNoiseMiddleware

logger = logging.getLogger("django.request")
CONTENT_LENGTH = re.compile(r"[0-9]+")


def permissions_policy(features: dict[str, list[str]]) -> str:
    """``{"camera": [], "fullscreen": ["self"]}`` -> ``camera=(), fullscreen=(self)``."""
    return ", ".join(f"{name}=({' '.join(allow)})" for name, allow in features.items())


class SecurityHeadersMiddleware:
    """First in MIDDLEWARE: refuses unreadable forms, and puts the security headers on every
    response (see the module docstring)."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.headers = {
            "Permissions-Policy": permissions_policy(settings.PERMISSIONS_POLICY),
            "X-Frame-Options": settings.X_FRAME_OPTIONS,
            "Referrer-Policy": settings.SECURE_REFERRER_POLICY,
            "Cross-Origin-Opener-Policy": settings.SECURE_CROSS_ORIGIN_OPENER_POLICY,
        }
        if settings.SECURE_CONTENT_TYPE_NOSNIFF:
            self.headers["X-Content-Type-Options"] = "nosniff"
        if settings.SECURE_CSP:
            self.headers[str(CSP.HEADER_ENFORCE)] = build_policy(settings.SECURE_CSP)
        self.headers = {name: value for name, value in self.headers.items() if value}

    def __call__(self, request: HttpRequest) -> HttpResponse:
        problem = unreadable_form(request)
        if problem:
            logger.warning("Bad Request (%s): %s", problem, request.path)
            response = HttpResponseBadRequest(render_to_string("400.html", request=request))
        else:
            response = self.get_response(request)
        for name, value in self.headers.items():
            if name == "X-Frame-Options" and getattr(response, "xframe_options_exempt", False):
                continue
            response.headers.setdefault(name, value)
        if response.status_code == 405 and not response.streaming and not response.content:
            response.content = render_to_string("405.html", {"method": request.method}, request)
            response["Content-Type"] = "text/html; charset=utf-8"
        return response

    def process_exception(self, request: HttpRequest, exception: Exception):
        if isinstance(exception, OverflowError) and "SQLite INTEGER" in str(exception):
            logger.warning("Bad Request: a number too large for the database: %s", request.path)
            return bad_request(request, exception)
        return None


def unreadable_form(request: HttpRequest) -> str:
    """Why the request's body cannot be read as a form, or "" when it can (or has none).

    Reading the form here, once, is what the CSRF check would do next anyway; on failure the
    view never runs and nothing reads the form again.
    """
    length = request.META.get("CONTENT_LENGTH", "")
    if length and not CONTENT_LENGTH.fullmatch(length):
        return "Content-Length is not a number"
    if request.method != "POST":
        return ""
    try:
        request.POST  # noqa: B018 - parse now, so every limit applies before any view
    except (BadRequest, SuspiciousOperation) as exc:
        return str(exc) or exc.__class__.__name__
    return ""


class StaticFilesMiddleware(WhiteNoiseMiddleware):
    """WhiteNoise without the manifest collectstatic writes next to the files.

    ``staticfiles.json`` lists every file name; no page needs it, so it is not served.
    """

    HIDDEN = ("staticfiles.json",)

    def is_hidden(self, url: str) -> bool:
        return url in {self.static_prefix + name for name in self.HIDDEN}

    def add_file_to_dictionary(self, url, path, stat_cache=None):
        if not self.is_hidden(url):
            super().add_file_to_dictionary(url, path, stat_cache=stat_cache)

    def find_file(self, url):
        return None if self.is_hidden(url) else super().find_file(url)


def client_ip(request: HttpRequest) -> str | None:
    """The client's address: REMOTE_ADDR, or the entry our own proxies added to X-Forwarded-For.

    Each trusted proxy appends the address it saw, so with N proxies the N-th entry from the
    right is the first one not written by the client itself (anything left of it can be forged).
    """
    count = settings.TRUSTED_PROXY_COUNT
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if count > 0 and forwarded:
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if len(hops) >= count:
            return hops[-count]
    return request.META.get("REMOTE_ADDR")


def lockout(request: HttpRequest, original_response=None, credentials=None) -> HttpResponse:
    """Explain the pause in plain words (HTTP 429), without saying whether the username exists."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    context = {"failure_limit": settings.AXES_FAILURE_LIMIT, "minutes": minutes}
    return render(request, "lockout.html", context, status=429)


def log_client(username, ip_address, user_agent, path_info, request) -> str:
    """How django-axes names a client in its log lines: the path only (see the privacy page).

    Usernames, addresses and browsers of failed sign-ins stay in the lockout records only.
    """
    if isinstance(path_info, (tuple, list)):
        path_info = path_info[0] if path_info else ""
    return f'path: "{path_info}"'
