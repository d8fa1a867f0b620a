from django.apps import AppConfig


class AssessmentConfig(AppConfig):
    name = "assessment"
    verbose_name = "Symptom checker"

    def ready(self):
        from django.db.models.signals import pre_save

        from .models import Scenario, WarningSign

        # The models whose history records many-to-many fields.
        for model in (Scenario, WarningSign):
            pre_save.connect(
                skip_history_for_fixture_loads,
                sender=model,
                dispatch_uid=f"{model._meta.model_name}-raw-history",
            )


def skip_history_for_fixture_loads(sender, instance, raw=False, **kwargs):
    """Loading a fixture or a backup (``raw``) must not add history rows.

    django-simple-history already skips raw saves, but it records the many-to-many fields that
    loaddata sets right after, which would add a revision per field on every restore.
    """
    if raw:
        instance.skip_history_when_saving = True
