"""Tracker references: issue, PR and MR URLs, Jira keys, bug ids."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

GITHUB = re.compile(
    r"^https?://(?:www\.)?github\.com/([\w.-]+/[\w.-]+)/(issues|pull|pulls)/(\d+)"
)
GITLAB = re.compile(
    r"^(https?://[^/\s]*gitlab[^/\s]*/.+?)/(?:-/)?(issues|merge_requests)/(\d+)"
)
JIRA = re.compile(
    r"^https?://[^/\s]+/(?:[\w.-]+/){0,3}(?:browse|issues?|tickets?|tasks?)/"
    r"([A-Z][A-Z0-9_]+-\d+)(?![\w-])"
)
SEARCH = re.compile(r"^https?://[^/\s]+/.+/issues/?\?")
GENERIC = re.compile(
    r"^https?://[^/\s]+/.*(?:/issues?/(?:[\w.-]+/){0,3}\d+|/pull/\d+|"
    r"/merge_requests/\d+|show_bug\.cgi\?id=\d+|/c/[\w]+|/T\d+$)"
)
INTERWIKI = re.compile(
    r"^(phab|phabricator|gerrit|bugzilla|bug|trac|redmine):(\w+)$", re.I
)
KEY = re.compile(r"\b([A-Z][A-Z0-9]{1,9}-[1-9]\d{0,6})\b")
BUG = re.compile(r"\bbug\s*#?\s*(\d{3,})\b", re.I)
RELATIVE = re.compile(r"(?<![\w/&#])#(\d{1,7})\b")
MAX_URL = 2000
MAX_TEXT = 200_000
REPOSITORY = re.compile(
    r"(?<![\w./-])(?:https?://)?(?:www\.)?(github\.com|gitlab\.com)/"
    r"([\w.-]+/[\w.-]+?)(?=[\s,;:)\]>\"'`]|\.?$|\.\s)",
    re.I,
)
NOT_KEYS = frozenset(
    "UTF SHA MD ISO RFC TLS SSL HTTP HTTPS IPV COVID SEV CVE AES RSA ARM AMD X86 "
    "GPT EC PR P SLO SLA K8S T".split()
)


def ticket_from_url(url: str) -> str | None:
    """The tracker reference a URL names, or None for other pages."""
    url = url.strip().rstrip("/")
    if len(url) > MAX_URL:
        return None
    wiki = INTERWIKI.match(url)
    if wiki:
        return _interwiki(wiki.group(1).lower(), wiki.group(2))

    if not url.lower().startswith("http"):
        return None

    jira = JIRA.match(url)
    if jira:
        return jira.group(1)

    hub = GITHUB.match(url)
    if hub:
        kind = "pull" if hub.group(2).startswith("pull") else "issues"
        return f"https://github.com/{hub.group(1)}/{kind}/{hub.group(3)}"

    lab = GITLAB.match(url)
    if lab:
        return lab.group(0)

    if GENERIC.match(url):
        return url.split("#", 1)[0]
    return None


def _interwiki(prefix: str, ident: str) -> str:
    if prefix.startswith("phab"):
        return ident
    if prefix == "bug":
        return f"Bug {ident}"
    return f"{prefix}:{ident}"


def is_search(url: str) -> bool:
    return bool(SEARCH.match(url.strip()))


def ticket_from_text(text: str) -> str | None:
    """A Jira key or a bug id written in plain text."""
    bug = BUG.search(text)
    if bug:
        return f"Bug {bug.group(1)}"

    for match in KEY.finditer(text):
        prefix = match.group(1).split("-", 1)[0]
        if prefix not in NOT_KEYS and not prefix.isdigit():
            return match.group(1)
    return None


def relative_refs(text: str) -> list[str]:
    return RELATIVE.findall(text)


def home_tracker(urls: Iterable[str]) -> str | None:
    """The issue URL prefix a document's own ``#123`` references point at.

    It is the repository most of the document's issue links go to, written
    the way the document writes it; None when the links do not agree.
    """
    counts: Counter[str] = Counter()
    for url in urls:
        prefix = _issue_prefix(url)
        if prefix:
            counts[prefix] += 1
    if not counts:
        return None

    ranked = counts.most_common(2)
    if len(ranked) == 2 and ranked[0][1] == ranked[1][1]:
        return None
    return ranked[0][0]


def expand(home: str, number: str, text: str) -> str:
    """``#number`` as a URL in the home repository; "PR #12" is a pull request."""
    if not re.search(
        rf"\b(?:PR|MR|pull request|merge request)\s*#{number}\b", text, re.I
    ):
        return f"{home}{number}"
    kind = "merge_requests" if "gitlab" in home else "pull"
    return f"{home[: -len('issues/')]}{kind}/{number}"


def named_repository(text: str) -> str | None:
    """The issue URL prefix of the one repository a report names in words.

    "PR numbers are in github.com/acme/ops" fixes what "#12" means; a
    report that names two repositories fixes nothing.
    """
    found = {
        f"https://{host.lower()}/{path.rstrip('.')}/issues/"
        for host, path in REPOSITORY.findall(text[:MAX_TEXT])
    }
    return found.pop() if len(found) == 1 else None


def _issue_prefix(url: str) -> str | None:
    hub = GITHUB.match(url)
    if hub:
        return f"https://github.com/{hub.group(1)}/issues/"

    lab = GITLAB.match(url)
    if lab and lab.group(2) == "issues":
        return f"{lab.group(1)}/issues/"
    return None


CROSS_REPO = re.compile(
    r"(?<![\w/.-])([A-Za-z\d][\w.-]{0,38}/[\w.-]{1,100})#(\d{1,7})\b"
)
ISSUE_HEADER = re.compile(
    r"^\s*\**([A-Za-z\d][\w.-]{0,38}/[\w.-]{1,100}?)\**\s*[·|•-]\s*(?:open|closed)\b",
    re.I | re.M,
)
HEADER_CHARS = 1500


def cross_repo(text: str) -> str | None:
    """``org/repo#212``: the issue in that GitHub repository, as a URL."""
    match = CROSS_REPO.search(text)
    if not match:
        return None
    return f"https://github.com/{match.group(1)}/issues/{match.group(2)}"


def issue_header(text: str) -> str | None:
    """The repository an issue page's header names ("**org/repo** · Open")."""
    match = ISSUE_HEADER.search(text[:HEADER_CHARS])
    return f"https://github.com/{match.group(1)}/issues/" if match else None
