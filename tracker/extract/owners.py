"""Who an item is assigned to, as the report writes it."""

from __future__ import annotations

import re
from functools import lru_cache

from tracker.extract.inline import cut
from tracker.extract.vocab import ExtractVocab

NAME_WORD = r"[A-Z][\w'-]*[a-z][\w'-]*"
TRAILING_DASH = re.compile(
    rf" (?:--|[—–-]) ((?:{NAME_WORD})(?: {NAME_WORD}){{0,2}}(?: [Tt]eam)?)"
    r"(?=\s*(?:[,;(]|\.?$))"
)
LEADING_HANDLE = re.compile(r"^(@[\w][\w.-]*\w)\s*(?::|[–—-]\s)\s*")
TEAM_PREFIX = re.compile(r"^([A-Z][\w&/.-]*(?:\s+[\w&/.-]+){0,3}\s+[Tt]eam)\s*:\s+")
TEAM_SUBJECT = re.compile(
    r"^(?:the\s+)?((?:[\w&/.-]+\s+){1,3}team)\s+(?:should|will|must|shall|needs? to|"
    r"is going to|has agreed to|plans to|commits to|to)\b",
    re.I,
)
LEAD_CLAUSE = re.compile(r"^[A-Z][^,.;:]{0,60},\s+")
NAME_TO = re.compile(r"^([A-Z][a-z]+(?:\s[A-Z][a-z]+)?)\s+to\s+(\w+)")
TRAILING_PAREN = re.compile(r"\((@?[A-Z][\w.-]*)(?: ([a-z][\w -]*))?\)\s*\.?$")
TRAILING_HANDLE = re.compile(r"(?:^|[\s,;(–—-])(@[\w][\w.-]*\w)\)?\s*\.?$")
HANDLE = re.compile(r"@[\w][\w.-]*\w")
NAME = re.compile(
    rf"{NAME_WORD}(?: {NAME_WORD}){{0,2}}(?: (?:[Tt]eam|[Ss]quad|[Gg]roup|[Gg]uild))?"
)
LOGIN = re.compile(r"[a-z][a-z0-9]*(?:[._-][a-z0-9]+)*")
KEY_SHAPE = re.compile(r"[A-Z][A-Z0-9]+-\d+")
AREA_WORDS = frozenset(
    "eng engineering ops operations devops sre infra infrastructure platform "
    "security support qa org".split()
)
CC = re.compile(r"[\s,;(/]*\b(?:cc|fyi)\b:?$", re.I)
JIRA_USER = re.compile(r"\[~([\w.@-]+)\]")
TITLE = re.compile(r"^((?:\*\*|__)?[^:]{1,60}?(?:\*\*|__)?:\s+)")


DOTTED_LOGIN = re.compile(r"[a-z]{1,3}\.[a-z][a-z-]{2,30}")
MD_LINK = re.compile(r"\[([^\[\]]{1,80})\]\([^()\s]{0,300}\)")


def detect(
    text: str, vocab: ExtractVocab, *, column: str | None = None
) -> tuple[str | None, str]:
    """The owner named by an item and the text without owner labels."""
    if column:
        return _clean(column), text

    for finder in (_leading_handle, _team_prefix, _name_to, _trailing, _team_subject):
        owner, rest = finder(text, vocab)
        if owner and _acceptable(owner, vocab):
            return owner, rest
    return None, text


def _leading_handle(text: str, vocab: ExtractVocab) -> tuple[str | None, str]:
    match = LEADING_HANDLE.match(text)
    if not match:
        return None, text
    return match.group(1), text[match.end() :]


def _team_prefix(text: str, vocab: ExtractVocab) -> tuple[str | None, str]:
    match = TEAM_PREFIX.match(text) or _group_prefix(vocab).match(text)
    if not match:
        return None, text
    return match.group(1), text[match.end() :]


@lru_cache(maxsize=16)
def _group_prefix(vocab: ExtractVocab) -> re.Pattern:
    """ "Search squad:", "Payments leads:": a name ending in a word for a group.

    Words for a field of work ("platform", "security") are left out: "Data
    platform:" names an area more often than the people who own it.
    """
    words = [word for word in vocab.group_words if word not in AREA_WORDS]
    alternatives = "|".join(re.escape(word) for word in sorted(words, key=len)[::-1])
    return re.compile(
        rf"^([A-Z][\w&/.-]*(?:\s+[\w&/.-]+){{0,2}}\s+(?i:{alternatives}))\s*:\s+"
    )


def _name_to(text: str, vocab: ExtractVocab) -> tuple[str | None, str]:
    match = NAME_TO.match(text)
    if not match or match.group(2).lower() not in vocab.action_verbs:
        return None, text
    return match.group(1), text[match.end(1) + 4 :]


def _trailing(text: str, vocab: ExtractVocab) -> tuple[str | None, str]:
    handle = TRAILING_HANDLE.search(text)
    if handle:
        head = text[: handle.start()].rstrip()
        if CC.search(head):
            return None, CC.sub("", head)
        return handle.group(1), head

    dash = TRAILING_DASH.search(text)
    if dash and _name_or_team(dash.group(1).split(), vocab):
        return dash.group(1), cut(text, dash.start(), dash.end())

    paren = TRAILING_PAREN.search(text)
    if not paren or not (paren.group(2) or paren.group(1).startswith("@")):
        return None, text
    if not _looks_like_name(paren.group(1), vocab):
        return None, text
    return paren.group(1), text[: paren.start()].rstrip()


def _team_subject(text: str, vocab: ExtractVocab) -> tuple[str | None, str]:
    body = text
    title = TITLE.match(text)
    if title:
        body = text[title.end() :]
    match = TEAM_SUBJECT.match(body) or TEAM_SUBJECT.match(LEAD_CLAUSE.sub("", body))
    if not match:
        return None, text
    return match.group(1), text


def _looks_like_name(word: str, vocab: ExtractVocab) -> bool:
    """A capitalised word that is not a status, tracker or common word."""
    lower = word.lower().lstrip("@")
    if word.startswith("@"):
        return True
    if KEY_SHAPE.fullmatch(word):
        return False
    if lower.endswith(("ed", "ing", "ly")) or len(lower) < 3:
        return False
    common = (
        vocab.done_words + vocab.open_words + vocab.progress_words + vocab.wont_words
    )
    return lower not in common and lower not in _NOT_NAMES


_NOT_NAMES = frozenset(
    "see note ticket issue issues pr prs bug bugs jira link blocked blocking optional "
    "maybe possibly also including requires required critical high medium low "
    "urgent priority currently was will can could should the this that these "
    "those for and but or with without via per if when once until before after "
    "only e.g i.e eg ie etc tbd p0 p1 p2 p3 sev1 sev2 long short mid medium "
    "monday tuesday wednesday thursday friday saturday sunday today tomorrow "
    "asap eod eow".split()
)


def owner_word(
    text: str, vocab: ExtractVocab, *, loose: bool = False, names: bool = True
) -> str | None:
    """``text`` when it is only an owner: "@lena", "Bjorn", "Platform team".

    A handle always is; a capitalised name or a team needs ``names`` (it
    follows a dash or sits in brackets); a lower-case login such as
    "dmitri.k" or "sre-leads" needs ``loose`` (it sits in brackets).
    """
    if HANDLE.fullmatch(text):
        return text
    if not names or not _acceptable(text, vocab):
        return None
    words = text.split()
    if NAME.fullmatch(text) and _name_or_team(words, vocab):
        return text
    if loose and LOGIN.fullmatch(text) and _looks_like_name(text, vocab):
        return text
    if DOTTED_LOGIN.fullmatch(text):
        return text
    return text if loose and _group_name(words, vocab) else None


def _name_or_team(words: list[str], vocab: ExtractVocab) -> bool:
    """A name, or words ending in a group word: "Billing team" is a team even
    though "Billing" alone reads as a verb."""
    return _looks_like_name(words[0], vocab) or _group_name(words, vocab)


def _group_name(words: list[str], vocab: ExtractVocab) -> bool:
    return 1 < len(words) <= 3 and words[-1].lower() in vocab.group_words


def _acceptable(owner: str, vocab: ExtractVocab) -> bool:
    lower = owner.lower().strip()
    return bool(lower) and lower not in vocab.not_owners


def _clean(cell: str) -> str | None:
    text = MD_LINK.sub(r"\1", cell.strip())
    text = JIRA_USER.sub(r"\1", text.strip("*_`").strip())
    if not text or text.lower() in ("n/a", "na", "-", "tbd", "none", "?"):
        return None
    return text


def kind_of(
    owner: str | None, vocab: ExtractVocab, *, group: bool = False
) -> str | None:
    """``person`` for a login or a name, ``team`` for a team or a role."""
    if not owner:
        return None
    if "/" in owner:
        return "team"
    if len(owner.split()) == 1 and _group_handle(owner.lstrip("@").lower(), vocab):
        return "team"
    if owner.startswith("@"):
        return "person"

    words = {word.strip(".,").lower() for word in owner.split()}
    if words & set(vocab.group_words):
        return "team"
    return "team" if group else "person"


def _group_handle(handle: str, vocab: ExtractVocab) -> bool:
    """ "sre-leads", "payments-infra", "community_team": a group's handle."""
    last = re.split(r"[-_]", handle)[-1]
    return handle in vocab.group_words or (last != handle and last in vocab.group_words)
