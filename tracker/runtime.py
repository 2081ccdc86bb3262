"""What the app, the CLI and the scheduler share: settings and a database."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from tracker import migrate
from tracker.db import Database
from tracker.settings import Settings, load_settings, masked_url

log = logging.getLogger(__name__)


@dataclass
class Runtime:
    settings: Settings
    db: Database


def open_runtime(settings: Settings | None = None) -> Runtime:
    """Connect; the embedded SQLite default also brings its schema up to date."""
    settings = settings or load_settings()
    if settings.is_embedded:
        settings.instance_dir.mkdir(parents=True, exist_ok=True)
    db = Database(settings.effective_database_url)
    if settings.is_embedded and migrate.needs_upgrade(db.engine):
        log.info("upgrading the embedded database url=%s", masked_url(db.url))
        migrate.upgrade(db.engine)
    return Runtime(settings, db)
