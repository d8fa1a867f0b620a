from django.apps import AppConfig


class NutrientsConfig(AppConfig):
    name = "nutrients"
    verbose_name = "Site content"

    def ready(self):
        from django.db.models.signals import post_migrate

        from .editors import sync_editor_permissions

        post_migrate.connect(sync_editor_permissions, dispatch_uid="sync_editor_permissions")

        # Any change to content (this app's models and the checker's) invalidates cached pages.
        from .caching import connect_signals

        connect_signals()
