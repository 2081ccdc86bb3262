"""Alembic environment: runs migrations on the connection it is handed.

``tracker.migrate`` passes an open connection in ``config.attributes``;
the ``alembic`` command line falls back to the URL from the settings.
"""

from alembic import context
from sqlalchemy import engine_from_config, pool

from tracker.models import Base
from tracker.settings import load_settings

config = context.config
target_metadata = Base.metadata


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return

    url = load_settings().effective_database_url
    engine = engine_from_config(
        {"sqlalchemy.url": url}, prefix="sqlalchemy.", poolclass=pool.NullPool
    )
    with engine.connect() as conn:
        _run(conn)


def _run(connection) -> None:  # type: ignore[no-untyped-def]
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    raise SystemExit("Offline migrations are not supported; run them online.")
run_migrations_online()
