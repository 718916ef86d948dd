"""Alembic environment: runs migrations on the connection the store hands over.

The store calls ``alembic.command.upgrade`` with ``config.attributes["connection"]`` set, so
migrations run inside the store's own engine (SQLite file or PostgreSQL URL) with no ini file.
"""

from __future__ import annotations

from alembic import context

from consilience.schema import metadata

connection = context.config.attributes.get("connection")
if connection is None:  # `alembic` run by hand from a shell: use the URL from the config
    from sqlalchemy import create_engine

    engine = create_engine(context.config.get_main_option("sqlalchemy.url"))
    with engine.begin() as conn:
        context.configure(connection=conn, target_metadata=metadata, render_as_batch=True)
        with context.begin_transaction():
            context.run_migrations()
else:
    context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()
