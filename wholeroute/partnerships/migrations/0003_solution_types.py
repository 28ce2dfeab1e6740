from django.db import migrations


def add_solution_types(apps, schema_editor):
    from wholeroute.partnerships.solutions import SOLUTION_TYPES

    SolutionType = apps.get_model("partnerships", "SolutionType")
    for order, (code, name, description) in enumerate(SOLUTION_TYPES):
        SolutionType.objects.update_or_create(code=code, defaults={"name": name, "description": description,
                                                                   "order": order})


class Migration(migrations.Migration):
    dependencies = [("partnerships", "0002_registry_lifecycle_roles_results")]
    operations = [migrations.RunPython(add_solution_types, migrations.RunPython.noop)]
