"""Site-wide security wiring that Django has no setting for (issue 5).

- ``SecurityHeadersMiddleware`` adds the ``Permissions-Policy`` header (Django 6.1 has no
  setting for it) and gives the bare 405 responses of ``@require_safe``/``@require_POST`` a
  readable page, so a wrong method is explained like any other refused request.
- ``SecurityHeadersMiddleware.process_exception`` turns SQLite's OverflowError for an id too
  big to store (a tampered many-to-many form value reaches Django's ``pk__in`` lookup as it is)
  into the 400 page instead of a 500.
- ``lockout`` is the page django-axes shows when sign-in is paused after failed logins.
- ``log_client`` keeps usernames and addresses out of django-axes' log lines.
- ``client_ip`` tells django-axes which address a login attempt came from, trusting
  ``X-Forwarded-For`` only as far as ``TRUSTED_PROXY_COUNT`` proxies say.
"""

import logging

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.views.defaults import bad_request

logger = logging.getLogger("django.request")


def permissions_policy(features: dict[str, list[str]]) -> str:
    """``{"camera": [], "fullscreen": ["self"]}`` -> ``camera=(), fullscreen=(self)``."""
    return ", ".join(f"{name}=({' '.join(allow)})" for name, allow in features.items())


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.policy = permissions_policy(settings.PERMISSIONS_POLICY)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if self.policy:
            response.headers.setdefault("Permissions-Policy", self.policy)
        if response.status_code == 405 and not response.streaming and not response.content:
            response.content = render_to_string("405.html", {"method": request.method}, request)
            response["Content-Type"] = "text/html; charset=utf-8"
        return response

    def process_exception(self, request: HttpRequest, exception: Exception):
        if isinstance(exception, OverflowError) and "SQLite INTEGER" in str(exception):
            logger.warning("Bad Request: a number too large for the database: %s", request.path)
            return bad_request(request, exception)
        return None


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
