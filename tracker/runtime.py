"""What the app, the CLI and the scheduler share: settings and a database."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DatabaseError, NoSuchModuleError

from tracker import migrate
from tracker.db import Database
from tracker.errors import ConfigError
from tracker.settings import Settings, load_settings, masked_url

log = logging.getLogger(__name__)

URL_HINT = "use sqlite:///PATH or postgresql+psycopg://USER@HOST/DATABASE"


@dataclass
class Runtime:
    settings: Settings
    db: Database


def open_runtime(
    settings: Settings | None = None, *, check_connection: bool = False
) -> Runtime:
    """Connect; the embedded SQLite default also brings its schema up to date.

    ``check_connection`` connects once at once, so that a command run with a
    wrong database setting says so in one line instead of failing mid-way.
    """
    settings = settings or load_settings()
    with database_setting_errors(settings):
        if settings.is_embedded:
            settings.instance_dir.mkdir(parents=True, exist_ok=True)
        db = Database(settings.effective_database_url)
        if check_connection:
            db.engine.connect().close()
        if settings.is_embedded and migrate.needs_upgrade(db.engine):
            log.info("upgrading the embedded database url=%s", masked_url(db.url))
            migrate.upgrade(db.engine)
    return Runtime(settings, db)


@contextmanager
def database_setting_errors(settings: Settings) -> Iterator[None]:
    """Turn a bad database setting into a ConfigError that names it.

    The URL is shown with its password masked, and only when it parses
    (``NoSuchModuleError`` is an ``ArgumentError``, so it comes first).
    """
    name = "TRACKER_DATABASE_URL" if settings.database_url else "TRACKER_INSTANCE_DIR"
    url = settings.effective_database_url
    try:
        yield
    except NoSuchModuleError as exc:
        raise ConfigError(
            f"{name} names the database kind {make_url(url).drivername!r}, which "
            f"is not installed or not known; {URL_HINT}."
        ) from exc
    except (ArgumentError, ValueError) as exc:
        raise ConfigError(f"{name} is not a database URL; {URL_HINT}.") from exc
    except ModuleNotFoundError as exc:
        raise ConfigError(
            f"{name} needs the Python module {exc.name!r}, which is not "
            f"installed; {URL_HINT}."
        ) from exc
    except DatabaseError as exc:  # cannot connect, or not a database at all
        reason = _first_line(str(exc.orig), _passwords(url))
        raise ConfigError(
            f"{name}: cannot open the database {masked_url(url)}: {reason}"
        ) from exc
    except OSError as exc:
        raise ConfigError(
            f"{name}: cannot create the folder {settings.instance_dir}: {exc.strerror}."
        ) from exc


def _passwords(url: str) -> list[str]:
    """Every password a URL carries: after the user, and as ?password=."""
    parsed = make_url(url)
    found = [parsed.password, parsed.query.get("password")]
    return [str(p) for p in found if p and isinstance(p, str)]


def _first_line(message: str, passwords: list[str]) -> str:
    line = message.strip().splitlines()[0] if message.strip() else "no reason given"
    for password in passwords:
        line = line.replace(password, "***")
    return line
