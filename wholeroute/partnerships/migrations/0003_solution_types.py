from django.db import migrations


def add_solution_types(apps, schema_editor):
    from wholeroute.partnerships.solutions import ensure_solution_types

    ensure_solution_types(apps.get_model("partnerships", "SolutionType"))


class Migration(migrations.Migration):
    dependencies = [("partnerships", "0002_registry_lifecycle_roles_results")]
    operations = [migrations.RunPython(add_solution_types, migrations.RunPython.noop)]
