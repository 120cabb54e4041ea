"""A GIN index for the Russian full-text search of materials, on PostgreSQL only (SQLite
searches the stored stems instead, see orbita/collaboration/search.py)."""

from django.db import migrations

INDEX = "collaboration_material_search_ru"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON collaboration_material USING gin "
        "(to_tsvector('russian'::regconfig, COALESCE(search_document, '')))"
    )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("collaboration", "0001_initial")]

    operations = [migrations.RunPython(create_index, drop_index, elidable=False)]
