"""Events are append-only in the database too: an UPDATE or DELETE on the table fails, whatever
code (or SQL console) issues it."""

from django.db import migrations

TABLE = "applications_applicationevent"
MESSAGE = "办理记录不可修改或删除"

SQLITE = [f"""CREATE TRIGGER {TABLE}_no_{action} BEFORE {action.upper()} ON {TABLE}
BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;""" for action in ("update", "delete")]
POSTGRESQL = [
    f"""CREATE FUNCTION {TABLE}_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN RAISE EXCEPTION '{MESSAGE}'; END; $$;""",
    f"""CREATE TRIGGER {TABLE}_append_only BEFORE UPDATE OR DELETE ON {TABLE}
FOR EACH ROW EXECUTE FUNCTION {TABLE}_refuse();""",
]


def create(apps, schema_editor):
    statements = {"sqlite": SQLITE, "postgresql": POSTGRESQL}.get(schema_editor.connection.vendor, [])
    for statement in statements:
        schema_editor.execute(statement)


def drop(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        for action in ("update", "delete"):
            schema_editor.execute(f"DROP TRIGGER {TABLE}_no_{action}")
    elif vendor == "postgresql":
        schema_editor.execute(f"DROP TRIGGER {TABLE}_append_only ON {TABLE}")
        schema_editor.execute(f"DROP FUNCTION {TABLE}_refuse()")


class Migration(migrations.Migration):
    dependencies = [("applications", "0001_initial")]
    operations = [migrations.RunPython(create, drop)]
