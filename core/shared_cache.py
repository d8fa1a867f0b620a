"""Shared HTTP caches in front of the app servers (nginx here, a CDN in production).

What they may keep
------------------
Pages that the app's own page cache stores (anonymous GETs, see ``core/caching.py``) carry
``Cache-Control: public, max-age=0, must-revalidate, s-maxage=N`` with N =
``settings.SHARED_CACHE_SECONDS`` (default 1): browsers always revalidate (a 304 with the
existing ETag / Last-Modified), shared caches may answer from their copy for N seconds and then
revalidate the same way. Everything else is never shared: an editor's or any session's pages are
``private, no-cache``, admin and the checker are ``no-store`` (``never_cache``), and a POST that
says nothing is made ``private, no-store``. A response that sets a cookie is not stored by the
app and nginx never stores one either.

Fresh after every edit: one hook
--------------------------------
Once a content change commits, the app moves its content version on and then calls
``purge(version)`` on the object named by ``settings.SHARED_CACHE_PURGE`` (``"BACKEND"``: a
dotted path to a class, ``"OPTIONS"``: its keyword arguments; environment variables
``DJANGO_SHARED_CACHE_PURGE`` and ``DJANGO_SHARED_CACHE_PURGE_OPTIONS`` as JSON). ``purge`` must
be quick and must not raise for a failed purge that can wait: a failure is logged and the save
still succeeds; ``s-maxage`` then bounds how long the shared cache is behind (nginx counts
whole seconds, so 1 s there means under 2 s).

Shipped: ``NginxGenerationLink`` for nginx on the same machine (deploy/nginx.conf). For a CDN,
write a class whose ``purge`` calls its API ("purge everything", or purge by a tag the pages
carry); README.md, "Production", has an example. Every page depends on all content (menus,
footer), so a purge is always "everything", never one URL.

Why a link and not a purge request: Debian's nginx has no purge module. nginx's cache key starts
with ``$realpath_root`` of a ``root`` that is this symlink, so moving the link to a new folder
(named after the version) puts every page under a new key at once. The next request through
nginx is fetched afresh; old entries are simply never read again and expire. Swapping a symlink
with ``rename`` is atomic: nginx resolves either the old folder or the new one, never nothing.
"""

from __future__ import annotations

import functools
import logging
import os
import shutil
import threading
import time
from pathlib import Path
from typing import Protocol

from django.conf import settings
from django.core.signals import setting_changed
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)


class SharedCachePurge(Protocol):
    """What ``settings.SHARED_CACHE_PURGE["BACKEND"]`` must name."""

    def purge(self, version: int) -> None: ...


@functools.cache
def configured_purge() -> SharedCachePurge | None:
    """The configured hook, built once per process (None when there is none)."""
    config = getattr(settings, "SHARED_CACHE_PURGE", None) or {}
    backend = config.get("BACKEND")
    if not backend:
        return None
    return import_string(backend)(**config.get("OPTIONS", {}))


def _forget_configured_purge(*, setting, **kwargs):
    if setting == "SHARED_CACHE_PURGE":
        configured_purge.cache_clear()


setting_changed.connect(_forget_configured_purge, dispatch_uid="shared-cache-purge-setting")


def purge_shared_caches(version: int) -> None:
    """Tell the shared caches that content changed. Never fails a save: errors are logged."""
    try:
        hook = configured_purge()
        if hook is not None:
            hook.purge(version)
    except Exception:
        logger.exception(
            "Could not purge the shared cache; it may serve the old text for up to %s s.",
            getattr(settings, "SHARED_CACHE_SECONDS", 1),
        )


class NginxGenerationLink:
    """Point nginx's generation symlink at a new folder named after the content version.

    ``link`` is deploy/nginx.conf's @GENERATION_LINK@; the folders live beside it in
    ``generations/``. Folders older than ``keep_seconds`` are removed (never the newest
    ``keep`` ones), so a request that resolved the old link a moment ago still finds it.
    """

    def __init__(self, link: str, keep: int = 20, keep_seconds: float = 120):
        self.link = Path(link)
        self.folder = self.link.parent / "generations"
        self.keep = keep
        self.keep_seconds = keep_seconds

    def purge(self, version: int) -> None:
        target = self.folder / str(version)
        target.mkdir(parents=True, exist_ok=True)
        temporary = self.link.with_name(f".{self.link.name}.{os.getpid()}.{threading.get_ident()}")
        temporary.unlink(missing_ok=True)
        # Relative: nginx resolves the link on every request, and fewer path parts cost less.
        temporary.symlink_to(os.path.relpath(target, self.link.parent))
        os.replace(temporary, self.link)  # atomic: nginx sees the old target or the new one
        self.forget_old(current=target)

    def forget_old(self, current: Path) -> None:
        try:
            folders = sorted(self.folder.iterdir(), key=lambda p: p.stat().st_mtime)
        except OSError:
            return
        cutoff = time.time() - self.keep_seconds
        for folder in folders[: -self.keep]:
            try:
                if folder != current and folder.stat().st_mtime < cutoff:
                    shutil.rmtree(folder, ignore_errors=True)
            except OSError:
                continue

    def current(self) -> str:
        """The folder the link points at now (for checks and the load test)."""
        return os.path.realpath(self.link)
