"""Which files an ingest or extract run reads as reports.

One rule for folders and files named on the command line:

- A folder is walked recursively and gives the files whose extension is a
  report format (``.md``, ``.html``, ``.rst``, ``.jira``, ``.wiki``,
  ``.txt``, ``.pdf`` and their aliases). Hidden files are passed over in
  silence; every other file, a folder's README included, is skipped and
  named, so a run says what it did not read. A broken link is an error:
  it looks like a report that was meant to be there.
- A file named explicitly is read if its extension is a report format or
  it has none (its content decides); any other extension is an error
  naming the file, rather than a report with no items.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from tracker.extract.formats.detect import ALIASES

REPORT_EXTENSIONS = frozenset(ALIASES)


@dataclass
class Walk:
    reports: list[Path] = field(default_factory=list)
    refused: list[tuple[Path, str]] = field(default_factory=list)
    skipped: list[tuple[Path, str]] = field(default_factory=list)


def walk(paths: Iterable[Path]) -> Walk:
    """Sort the named paths into reports to read, errors, and skipped files."""
    found = Walk()
    for path in paths:
        if path.is_dir():
            _walk_folder(path, found)
        elif _broken_link(path):
            found.refused.append((path, _broken(path)))
        elif path.suffix and not is_report_name(path):
            found.refused.append((path, _unknown_kind(path)))
        else:
            found.reports.append(path)
    return found


def is_report_name(path: Path) -> bool:
    return path.suffix.lower().lstrip(".") in REPORT_EXTENSIONS


def _walk_folder(folder: Path, found: Walk) -> None:
    for child in sorted(folder.rglob("*")):
        parts = child.relative_to(folder).parts
        if any(p.startswith(".") for p in parts) or child.is_dir():
            continue
        if _broken_link(child):
            found.refused.append((child, _broken(child)))
        elif child.name.lower().startswith("readme"):
            found.skipped.append((child, "a folder's README is not a report"))
        elif not is_report_name(child):
            found.skipped.append((child, "not a report file extension"))
        else:
            found.reports.append(child)


def _broken_link(path: Path) -> bool:
    return path.is_symlink() and not path.exists()


def _broken(link: Path) -> str:
    return f"is a broken link to {os.readlink(link)}; fix or remove the link."


def _unknown_kind(path: Path) -> str:
    known = ", ".join(f".{e}" for e in sorted(REPORT_EXTENSIONS))
    return (
        f"{path.suffix} is not a report format; rename the file if it is a "
        f"report (known: {known})."
    )
