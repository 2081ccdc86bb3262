"""Due phrases and the dates they resolve to.

Rules (the shared labelling rules): a calendar date without a year takes
the incident's year unless that puts it more than a month before the
incident, then the next year; ends of periods resolve to their last day;
a range resolves to its later end; relative periods, horizons and
conditions ("until", "after", "before", "once") resolve to nothing.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

MONTHS = {
    name: index
    for index in range(1, 13)
    for name in (
        calendar.month_name[index].lower(),
        calendar.month_abbr[index].lower(),
    )
}
MONTHS["sept"] = 9
MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
DAY = r"(\d{1,2})(?:st|nd|rd|th)?"
YEAR = r"((?:19|20)\d\d)"

ISO = re.compile(r"(?<![\d-])((?:19|20)\d\d)-(\d\d)-(\d\d)(?!\d)")
MONTH_DAY = re.compile(rf"\b({MONTH})\s+{DAY}\b,?(?:\s+{YEAR})?", re.I)
DAY_MONTH = re.compile(rf"\b{DAY}\.?\s+(?:of\s+)?({MONTH})(?:,?\s+{YEAR})?", re.I)
NUMERIC = re.compile(r"\b(\d{1,2})([/.-])(\d{1,2})(?:\2((?:19|20)?\d\d))?\b")
QUARTER = re.compile(r"\bQ([1-4])(?:\s*(?:FY)?'?((?:19|20)?\d\d))?\b", re.I)
HALF = re.compile(r"\bH([12])(?:\s*((?:19|20)\d\d))?\b")
END_MONTH = re.compile(
    rf"\b(?:end of (?:the )?({MONTH}|month)|eo(m))(?:\s+{YEAR})?", re.I
)
END_YEAR = re.compile(r"\b(?:end of (?:the )?year|eoy)\b(?:\s+((?:19|20)\d\d))?", re.I)
MONTH_YEAR = re.compile(rf"\b({MONTH})\s+{YEAR}\b", re.I)
DAY_FIRST_SAID = re.compile(r"\bdd[/.-]mm\b|\bday[/ -]month\b", re.I)
MONTH_FIRST_SAID = re.compile(r"\bmm[/.-]dd\b|\bmonth[/ -]day\b", re.I)
SLASHED = re.compile(r"(?<![\d/])(\d{1,2})/(\d{1,2})/(?:19|20)\d\d(?![\d/])")

RELATIVE = re.compile(
    r"\b(?i:next|this|coming|the\s+next)\s+(?i:\d+\s+|two\s+|three\s+|few\s+)?"
    r"(?i:sprint|week|month|quarter|year|release|cycle|iteration|days|weeks|"
    r"months|sprints)s?\b|\bnext\s+[A-Z][\w-]*[A-Z][\w-]*|"
    r"\b(?i:within|in)\s+(?i:a|one|two|three|\d+)\s+(?i:days?|weeks?|months?)\b|"
    r"\bASAP\b",
)
HORIZON = re.compile(r"\b((?:short|medium|mid|long|near)[\s-]?term)\b", re.I)
YR = r"(?:19|20)\d\d"
TO_DAY = r"(?:\s*[-–—]\s*\d{1,2}(?:st|nd|rd|th)?(?![\d/]))?"
# "Dec 1–15": a range of days in one month, read as its later day.
DAY_SPAN = re.compile(
    rf"\b({MONTH})\s+\d{{1,2}}(?:st|nd|rd|th)?\s*[-–—]\s*(\d{{1,2}})"
    r"(?:st|nd|rd|th)?(?![\d/])",
    re.I,
)
DATE_EXPR = (
    rf"(?:the\s+)?end\s+of\s+(?:the\s+)?(?:{MONTH}|month|quarter|year|sprint|"
    rf"week|q[1-4]|h[12])(?:\s+{YR})?"
    rf"|q[1-4](?:\s*{YR})?(?:\s*(?:-|–|to)\s*q[1-4](?:\s*{YR})?)?"
    rf"|h[12](?:\s*{YR})?"
    rf"|{YR}-\d\d-\d\d"
    rf"|{MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?{TO_DAY}(?:,?\s+{YR})?"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?{TO_DAY}\s+{MONTH}(?:,?\s+{YR})?"
    rf"|\d{{1,2}}[/.]\d{{1,2}}(?:[/.](?:{YR}|\d\d))?"
    rf"|{MONTH}(?:\s+{YR})?"
    r"|eo[dwmqy]|asap|tomorrow|today"
)
MONTH_NAME = (
    r"(?:january|february|march|april|may|june|july|august|september|october|"
    r"november|december|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\b\.?"
)
# Due phrases that name a time but no fixed day: kept as written, resolved
# to nothing ("by Friday", "mid-December", "end of next quarter").
SOFT_DUE = (
    r"(?:(?:next|this|coming)\s+)?(?:mon|tues|wednes|thurs|fri|satur|sun)day\b"
    rf"|(?:early|mid|late)[\s-]?(?:{MONTH_NAME}|month\b|quarter\b|year\b)"
    r"|(?:the\s+)?(?:end|start|beginning)\s+of\s+(?:the\s+)?(?:next|this|coming)"
    r"\s+(?:week|month|quarter|sprint|year|release)\b"
)
TARGET = re.compile(
    r"\b(?P<key>due(?: date)?|target(?: date)?|deadline|eta|by)\s*(?:[:=]\s*)?"
    rf"(?P<phrase>{DATE_EXPR}|{SOFT_DUE}|{RELATIVE.pattern})(?![\w/])"
    r"(?P<close>\))?",
    re.I,
)
TRAILING = re.compile(rf"[,;] ?(?P<phrase>{DATE_EXPR})\.?$", re.I)
PAREN_DATE = re.compile(rf"\((?P<phrase>{DATE_EXPR})\)", re.I)
IN_PERIOD = re.compile(
    rf"\b(?:in|during)\s+(?:the\s+)?"
    rf"(?P<phrase>(?:Q[1-4]|H[12])(?:\s+{YR})?|{MONTH}\s+{YR})(?![\w/-])",
    re.I,
)
EFFECTIVE = re.compile(r"\b(?:starting|from|since|as of|effective)\s+$", re.I)
CONDITION = re.compile(
    r"^(?:until|till|after|before|once|when|in the meantime)\b", re.I
)
DATEISH = re.compile(
    rf"^(?:the\s+)?(?:end\s+of|{MONTH}\b|\d|q[1-4]\b|h[12]\b|next\b|this\b|eoy\b|"
    r"mid[- ])",
    re.I,
)


def resolve(
    phrase: str, anchor: dt.date | None, *, day_first: bool = False
) -> dt.date | None:
    """The day a due phrase names, or None when it names no fixed day.

    ``day_first`` reads "08/01" as 8 January: the report says it writes
    dates day first, or writes one that can only be read that way.
    """
    if not phrase or CONDITION.match(phrase.strip()) or RELATIVE.search(phrase):
        return None

    phrase = DAY_SPAN.sub(r"\1 \2", phrase.strip())
    parts = re.split(r"\s+(?:-|–|—|to|through)\s+", phrase)
    later = parts[-1]
    day = _resolve_one(later, anchor, day_first)
    if day is None and len(parts) > 1:
        year = re.search(YEAR, parts[0])
        if year:
            return _resolve_one(f"{later} {year.group(1)}", anchor, day_first)
    return day


def _resolve_one(text: str, anchor: dt.date | None, day_first: bool) -> dt.date | None:
    if day_first and NUMERIC.search(text) and not ISO.search(text):
        return _numeric(text, anchor, day_first=True)
    for func in (
        _iso,
        _end_month,
        _end_year,
        _quarter,
        _half,
        _month_day,
        _numeric,
        _month_year,
    ):
        day = func(text, anchor)
        if day:
            return day
    return None


def day_first(text: str) -> bool:
    """Whether a report writes numeric dates day first (15/01, "DD/MM")."""
    if DAY_FIRST_SAID.search(text):
        return True
    if MONTH_FIRST_SAID.search(text):
        return False
    firsts = seconds = 0
    for match in SLASHED.finditer(text):
        firsts += int(match.group(1)) > 12
        seconds += int(match.group(2)) > 12
    return firsts > seconds


def _iso(text: str, anchor: dt.date | None) -> dt.date | None:
    match = ISO.search(text)
    return (
        _safe(int(match.group(1)), int(match.group(2)), int(match.group(3)))
        if (match)
        else None
    )


def _month_day(text: str, anchor: dt.date | None) -> dt.date | None:
    match = MONTH_DAY.search(text)
    if match:
        month, day, year = match.group(1), match.group(2), match.group(3)
    else:
        match = DAY_MONTH.search(text)
        if not match:
            return None
        day, month, year = match.group(1), match.group(2), match.group(3)

    number = MONTHS.get(month.lower().rstrip(".")[:3]) or MONTHS.get(month.lower())
    if not number:
        return None
    return _with_year(number, int(day), year, anchor)


def _numeric(
    text: str, anchor: dt.date | None, *, day_first: bool = False
) -> dt.date | None:
    match = NUMERIC.search(text)
    if not match:
        return None

    first, sep, second, year = match.groups()
    first, second = int(first), int(second)
    month, day = (first, second) if sep == "/" and not day_first else (second, first)
    if month > 12:
        month, day = day, month
    if year and len(year) == 2:
        year = "20" + year
    return _with_year(month, day, year, anchor)


def _with_year(month: int, day: int, year: str | None, anchor: dt.date | None):
    if year:
        return _safe(int(year), month, day)
    if anchor is None:
        return None

    guess = _safe(anchor.year, month, day)
    if guess and guess < anchor - dt.timedelta(days=31):
        guess = _safe(anchor.year + 1, month, day)
    return guess


def _end_month(text: str, anchor: dt.date | None) -> dt.date | None:
    match = END_MONTH.search(text)
    if not match:
        return None

    name, year = (match.group(1) or "month").lower(), match.group(3)
    if name == "month":
        return _last_day(anchor.year, anchor.month) if anchor else None
    month = MONTHS.get(name.rstrip(".")[:3])
    return _period_end(month, month, year, anchor) if month else None


def _end_year(text: str, anchor: dt.date | None) -> dt.date | None:
    match = END_YEAR.search(text)
    if not match:
        return None
    year = int(match.group(1)) if match.group(1) else (anchor.year if anchor else 0)
    return dt.date(year, 12, 31) if year else None


def _quarter(text: str, anchor: dt.date | None) -> dt.date | None:
    match = QUARTER.search(text)
    if not match:
        return None
    last = int(match.group(1)) * 3
    return _period_end(last - 2, last, _full_year(match.group(2)), anchor)


def _half(text: str, anchor: dt.date | None) -> dt.date | None:
    match = HALF.search(text)
    if not match:
        return None
    last = int(match.group(1)) * 6
    return _period_end(last - 5, last, match.group(2), anchor)


def _month_year(text: str, anchor: dt.date | None) -> dt.date | None:
    match = MONTH_YEAR.search(text)
    if not match:
        return None
    month = MONTHS.get(match.group(1).lower().rstrip(".")[:3])
    return _last_day(int(match.group(2)), month) if month else None


def _period_end(first: int, last: int, year, anchor: dt.date | None):
    if year:
        return _last_day(int(year), last)
    if anchor is None:
        return None

    end = _last_day(anchor.year, last)
    return end if end >= anchor else _last_day(anchor.year + 1, last)


def _full_year(year: str | None) -> str | None:
    if year and len(year) == 2:
        return "20" + year
    return year


def _last_day(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _safe(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def find_due(text: str) -> tuple[str, tuple[int, int] | None] | None:
    """The due phrase written in an item's text, and the span to cut out of
    the text when it is a field ("Due: ...", "(next sprint)") rather than
    part of the sentence ("... by the end of Q2")."""
    match = TARGET.search(text)
    if match:
        return _phrase(match), _target_span(text, match)

    match = TRAILING.search(text) or PAREN_DATE.search(text)
    if match:
        return _phrase(match), match.span()

    period = IN_PERIOD.search(text)
    if period:
        return period.group("phrase"), None

    relative = RELATIVE.search(text)
    if not relative or EFFECTIVE.search(text, 0, relative.start()):
        return None
    return relative.group().strip(), _wrapped(text, *relative.span())


def _phrase(match: re.Match) -> str:
    phrase = re.sub(r"^the\s+", "", match.group("phrase").strip(), flags=re.I)
    return phrase.rstrip(".")


def _target_span(text: str, match: re.Match) -> tuple[int, int] | None:
    """The span of "Due: X" or "(by X)"; None for "by X" inside a sentence."""
    head = text[: match.start()].rstrip()
    if head.endswith("(") and match.group("close"):
        return len(head) - 1, match.end()
    if match.group("key").lower() == "by":
        return None
    return match.start(), match.end()


def _wrapped(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The span of "(next sprint)" when the phrase is alone in parentheses."""
    head = text[:start].rstrip()
    tail = text[end:].lstrip()
    if not head.endswith("(") or not tail.startswith(")"):
        return None
    return len(head) - 1, len(text) - len(tail) + 1


def horizon(text: str) -> str | None:
    match = HORIZON.search(text)
    return match.group(1) if match else None


def first_date(text: str, *, year_hint: int | None = None) -> dt.date | None:
    """The first full calendar date written in ``text``."""
    found = []
    for pattern in (ISO, MONTH_DAY, DAY_MONTH, NUMERIC):
        match = pattern.search(text)
        if match:
            found.append((match.start(), pattern))

    for _, pattern in sorted(found, key=lambda pair: pair[0]):
        day = _date_at(pattern, text, year_hint)
        if day:
            return day
    return None


def _date_at(pattern: re.Pattern, text: str, year_hint: int | None):
    anchor = dt.date(year_hint, 1, 1) if year_hint else None
    if pattern is ISO:
        return _iso(text, None)
    if pattern is NUMERIC:
        return _numeric_full(text)
    day = _month_day(text, None)
    if day is None and anchor:
        day = _month_day(text, anchor)
    return day


def _numeric_full(text: str) -> dt.date | None:
    match = NUMERIC.search(text)
    if not match or not match.group(4) or len(match.group(4)) != 4:
        return None

    first, sep, second, year = match.groups()
    first, second = int(first), int(second)
    if sep == "/":
        month, day = (first, second) if first <= 12 else (second, first)
    else:
        day, month = (first, second) if second <= 12 else (second, first)
    return _safe(int(year), month, day)
