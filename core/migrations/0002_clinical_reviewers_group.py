"""Create the "Clinical reviewers" group: editors' permissions plus approving and publishing."""

from django.contrib.auth.management import create_permissions
from django.db import migrations


def create_reviewers_group(apps, schema_editor):
    from core.editors import sync_editor_permissions

    # Permissions are normally created after all migrations; make them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    sync_editor_permissions(apps=apps, using=schema_editor.connection.alias)


def remove_reviewers_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name="Clinical reviewers").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_pending_change"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_reviewers_group, remove_reviewers_group)]
