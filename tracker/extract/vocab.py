"""Word lists the extractor treats as data, so settings can add to them.

Every list holds lower-case phrases. ``ExtractVocab.from_mapping`` adds the
words of a settings mapping to the defaults; it never removes a default.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from tracker.errors import ConfigError


def _phrases(text: str) -> tuple[str, ...]:
    """Comma-separated phrases, one list per constant, easy to read and extend."""
    return tuple(" ".join(part.split()) for part in text.split(",") if part.strip())


ACTION_HEADINGS = _phrases(
    """
    action item, action items, action points, actionables, actions following
    review, follow-up, follow-ups, follow up, follow ups, followup, followups,
    corrective action, corrective and preventative, corrective and preventive,
    preventive action, preventative action, preventative measure, remediation,
    remediations, improvements, future improvements, next steps, review actions,
    future actions, what we're doing about it, what we are doing about it, how
    will we do better, how are we preventing, short term fix, long term
    solution, todo, to-do, to do, what we're changing, what we are changing,
    what we will change, what we'll change, changes we're making, changes we
    are making, actions, actions and owners
    """
)

KIND_HEADINGS = (
    ("prevent", ("prevention", "preventive", "preventative", "prevent")),
    ("mitigate", ("mitigation", "mitigations", "mitigate")),
    ("detect", ("detection", "detect")),
    ("process", ("process",)),
)
EXCLUDE_HEADINGS = _phrases(
    """
    timeline, lessons learned, lessons learnt, lessons, key takeaways,
    takeaways, what went well, what went wrong, what went poorly, what went
    badly, what didn't go, what did not go, what could have gone better, where
    we got lucky, root cause, root causes, contributing factors, trigger,
    impact, resolution, recovery, how we fixed it, how we mitigated, context,
    key events, chat log, appendix, notes to the owner, supporting information,
    attendees, stats, review checklist
    """
)

PLACEHOLDERS = _phrases(
    """
    n/a, na, none, no comments added, tbd, tbw, -, nothing, no action items
    """
)

DONE_MARKERS = _phrases(
    """
    ✅, ✔️, ✔, ☑️, ☑, 🟢, :white_check_mark:, :heavy_check_mark:,
    :ballot_box_with_check:
    """
)

WONT_MARKERS = _phrases(
    """
    ❌, ✖️, :x:, :no_entry_sign:, 🚫
    """
)

PROGRESS_MARKERS = _phrases(
    """
    🚧, 🔄, :construction:, :arrows_counterclockwise:
    """
)

# ⏳ is "waiting", and 🆕 a new item: neither says the work has begun.
OPEN_MARKERS = _phrases(
    """
    🔶, 🟠, 🟡, ⬜, 🔲, ⏳, ⌛, 🆕, :large_orange_diamond:,
    :white_large_square:, :hourglass:, :hourglass_flowing_sand:, :new:
    """
)

DONE_WORDS = _phrases(
    """
    done, completed, complete, finished, resolved, fixed
    """
)

PROGRESS_WORDS = _phrases(
    """
    in progress, in-progress, wip, ongoing, started, in review, under review
    """
)

WONT_WORDS = _phrases(
    """
    won't do, wont do, won't fix, wontfix, will not do, dropped, cancelled,
    canceled, rejected, not doing, obsolete, decided against, decided not to,
    not to do
    """
)

OPEN_WORDS = _phrases(
    """
    todo, to do, open, planned, not started, tbd, delayed, blocked, on hold
    """
)

DONE_VERBS = _phrases(
    """
    added, adjusted, built, bumped, changed, completed, configured, created,
    decreased, deployed, disabled, documented, enabled, established, finished,
    fixed, implemented, improved, increased, installed, introduced, issued,
    merged, migrated, moved, optimized, optimised, patched, pinned, published,
    reduced, refactored, released, removed, replaced, restored, reverted,
    rewrote, rolled, scaled, sent, shipped, switched, updated, upgraded, wrote
    """
)

PROGRESS_VERBS = _phrases(
    """
    developing, working on, exploring, investigating, continuing, continue
    ongoing, implementing, building, migrating, rolling out, identified and
    working on
    """
)

ACTION_VERBS = _phrases(
    """
    add, adjust, alert, allow, announce, apply, archive, ask, assign, audit,
    automate, avoid, backfill, backport, benchmark, block, build, bump, cap,
    change, check, clean, collect, come up with, communicate, configure,
    confirm, contact, create, decommission, define, delete, deploy, deprecate,
    design, develop, disable, document, drill, drop, educate, enable, encrypt,
    enforce, engage, ensure, escalate, establish, expose, extend, fix, hold,
    implement, improve, include, keep, increase, inform, install, instrument,
    introduce, isolate, limit, load test, make, measure, merge, migrate,
    monitor, move, notify, onboard, page, pin, plan, prevent, provide,
    provision, publish, purge, reach out, rebuild, reduce, refactor, release,
    remove, rename, replace, require, restrict, retire, revert, review, rewrite,
    rotate, route, run, schedule, separate, set, setup, shard, share, ship,
    speak, split, standardise, standardize, start, stop, switch, tag, test,
    throttle, track, train, tune, update, upgrade, use, validate, verify, warm,
    write
    """
)

VAGUE_VERBS = _phrases(
    """
    investigate, investigating, look into, looking into, explore, exploring,
    spike, consider, considering, research, evaluate, re-evaluate, reevaluate,
    figure out, find a way, find out, identify reason, identify the reason,
    identify why, discuss, schedule a discussion, think about, brainstorm,
    assess, team discussed, propose, check whether, check if, decide whether,
    decide if, decide on, discussing, look at whether, look at if
    """
)

VAGUE_WORDS = _phrases(
    """
    better, more, gracefully, resiliency, resilience, robust, robustness,
    various, investigations, optimizations, optimisations
    """
)

IMPROVE_VERBS = _phrases(
    """
    improve, improved, improving, improvement, improvements, enhance, enhanced,
    better, more, optimize, optimise, strengthen, minimize, minimise, maximize,
    maximise
    """
)

HORIZON_WORDS = _phrases(
    """
    short term, medium term, mid term, long term, near term
    """
)

GROUP_WORDS = _phrases(
    """
    team, teams, squad, group, guild, crew, department, org, leads, managers,
    engineers, sres, on-call, oncall, maintainers, owners, admins, developers,
    eng, engineering, ops, operations, devops, sre, infra, infrastructure,
    platform, security, support, qa
    """
)

NOT_OWNERS = _phrases(
    """
    we, us, team, the team, our team, everyone, everybody, nobody, no one,
    someone, somebody, anyone, clients, users, customers, they, you, i
    """
)

_FIELDS = {
    "action_headings": ACTION_HEADINGS,
    "exclude_headings": EXCLUDE_HEADINGS,
    "placeholders": PLACEHOLDERS,
    "done_markers": DONE_MARKERS,
    "wont_markers": WONT_MARKERS,
    "progress_markers": PROGRESS_MARKERS,
    "open_markers": OPEN_MARKERS,
    "done_words": DONE_WORDS,
    "progress_words": PROGRESS_WORDS,
    "wont_words": WONT_WORDS,
    "open_words": OPEN_WORDS,
    "done_verbs": DONE_VERBS,
    "progress_verbs": PROGRESS_VERBS,
    "action_verbs": ACTION_VERBS,
    "vague_verbs": VAGUE_VERBS,
    "vague_words": VAGUE_WORDS,
    "improve_verbs": IMPROVE_VERBS,
    "horizon_words": HORIZON_WORDS,
    "group_words": GROUP_WORDS,
    "not_owners": NOT_OWNERS,
}


@dataclass(frozen=True, eq=True)
class ExtractVocab:
    """The extractor's word lists; frozen so compiled patterns can be cached."""

    action_headings: tuple[str, ...] = ACTION_HEADINGS
    exclude_headings: tuple[str, ...] = EXCLUDE_HEADINGS
    kind_headings: tuple[tuple[str, tuple[str, ...]], ...] = KIND_HEADINGS
    placeholders: tuple[str, ...] = PLACEHOLDERS
    done_markers: tuple[str, ...] = DONE_MARKERS
    wont_markers: tuple[str, ...] = WONT_MARKERS
    progress_markers: tuple[str, ...] = PROGRESS_MARKERS
    open_markers: tuple[str, ...] = OPEN_MARKERS
    done_words: tuple[str, ...] = DONE_WORDS
    progress_words: tuple[str, ...] = PROGRESS_WORDS
    wont_words: tuple[str, ...] = WONT_WORDS
    open_words: tuple[str, ...] = OPEN_WORDS
    done_verbs: tuple[str, ...] = DONE_VERBS
    progress_verbs: tuple[str, ...] = PROGRESS_VERBS
    action_verbs: tuple[str, ...] = ACTION_VERBS
    vague_verbs: tuple[str, ...] = VAGUE_VERBS
    vague_words: tuple[str, ...] = VAGUE_WORDS
    improve_verbs: tuple[str, ...] = IMPROVE_VERBS
    horizon_words: tuple[str, ...] = HORIZON_WORDS
    group_words: tuple[str, ...] = GROUP_WORDS
    not_owners: tuple[str, ...] = NOT_OWNERS

    def __post_init__(self) -> None:
        object.__setattr__(self, "_hash", hash(dataclasses.astuple(self)))

    def __hash__(self) -> int:
        return self.__dict__["_hash"]

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any] | None) -> ExtractVocab:
        """Defaults plus the words in ``data`` (e.g. the settings file)."""
        if not data:
            return DEFAULT

        changes = {}
        for key, words in data.items():
            changes[key] = _extended(key, words)
        return dataclasses.replace(cls(), **changes)


DEFAULT = ExtractVocab()


def _extended(key: str, words: Any) -> tuple:
    if key == "kind_headings":
        return _extended_kinds(words)

    if key not in _FIELDS:
        known = ", ".join(sorted([*_FIELDS, "kind_headings"]))
        raise ConfigError(
            f"extract vocabulary has no list {key!r}; use one of {known}."
        )

    return _FIELDS[key] + tuple(_words(key, words))


def _extended_kinds(data: Any) -> tuple:
    if not isinstance(data, Mapping):
        raise ConfigError(
            "extract vocabulary 'kind_headings' must map a kind to heading words, "
            'e.g. {"detect": ["monitoring"]}.'
        )

    merged = {kind: list(words) for kind, words in KIND_HEADINGS}
    for kind, words in data.items():
        merged.setdefault(kind, []).extend(_words("kind_headings", words))
    return tuple((kind, tuple(words)) for kind, words in merged.items())


def _words(key: str, words: Any) -> Iterable[str]:
    if isinstance(words, str) or not isinstance(words, Iterable):
        raise ConfigError(
            f"extract vocabulary {key!r} must be a list of phrases, got {words!r}."
        )

    for word in words:
        if not isinstance(word, str) or not word.strip():
            raise ConfigError(f"extract vocabulary {key!r} has a bad entry {word!r}.")
        yield word.strip().lower()
