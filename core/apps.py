from django.apps import AppConfig


class CoreConfig(AppConfig):
    """What both content apps share: the page cache and content version, Markdown, the Editors
    group, site-wide template parts and the content commands (seed, backup, restore)."""

    name = "core"
    verbose_name = "Site"

    def ready(self):
        from django.db.models.signals import post_migrate

        from .caching import connect_signals
        from .editors import sync_editor_permissions

        post_migrate.connect(sync_editor_permissions, dispatch_uid="sync_editor_permissions")
        # Any change to content (every model of settings.CONTENT_APPS) invalidates cached pages.
        connect_signals()
