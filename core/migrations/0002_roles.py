from django.db import migrations


def create_roles(apps, schema_editor):
    from core.roles import roles_sync

    roles_sync(apps)


def delete_roles(apps, schema_editor):
    from core.roles import Role

    apps.get_model("auth", "Group").objects.filter(name__in=Role.values).delete()


class Migration(migrations.Migration):
    """The four role groups. Their permissions are completed after each migrate (core.roles)."""

    dependencies = [
        ("core", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create_roles, delete_roles)]
