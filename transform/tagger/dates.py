"""Resolve the date an event happened from wording relative to the publication time.

dateparser is accurate but costs milliseconds per call; the handful of forms news copy uses ("on
Sunday", "overnight", "last week", "on May 3", "3 May 2025") are resolved here with compiled regexes
from `data/dates.yaml`.
"""

from __future__ import annotations

import contextlib
import itertools
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache

from transform.tagger.resources import SENTENCE_CACHE_SIZE, Resources, lower, prefiltered


@dataclass(frozen=True)
class ResolvedDate:
    value: date
    precision: str  # day | week | month
    basis: str
    start: int


@dataclass
class _Compiled:
    iso: re.Pattern[str]
    day_month: re.Pattern[str]
    month_day: re.Pattern[str]
    weekday: re.Pattern[str]
    month_only: re.Pattern[str]
    relative: list[tuple[re.Pattern[str], str, int, str]]
    any_relative: re.Pattern[str]  # all relative phrases in one pass: most sentences have none
    months: dict[str, int]
    weekdays: dict[str, int]
    tolerance: int


_CACHE: dict[str, _Compiled] = {}


def warm(res: Resources) -> None:
    """Compile this module's patterns for a rule set ahead of the first article."""
    _compiled(res)


def _compiled(res: Resources) -> _Compiled:
    cached = _CACHE.get(res.version)
    if cached is not None:
        return cached
    cfg = res.dates
    months = {k.lower(): int(v) for k, v in cfg["months"].items()}
    weekdays = {k.lower(): int(v) for k, v in cfg["weekdays"].items()}
    month_alt = "|".join(sorted(months, key=len, reverse=True))
    wd_alt = "|".join(weekdays)
    rel = [(re.compile(rf"\b(?:{r['pattern']})\b"), r["kind"], int(r["offset"]), r["basis"]) for r in cfg["relative"]]
    compiled = _Compiled(
        iso=prefiltered(re.compile(r"\b(20\d\d)-(\d\d)-(\d\d)\b")),
        # "8 May", "8-9 May 2025", "May 8", "May 8 to 9, 2025": a range keeps its end, for "the night of".
        day_month=prefiltered(re.compile(
            rf"\b(?P<day>\d{{1,2}})(?:st|nd|rd|th)?(?:\s*(?:-|–|to|into)\s*(?P<end>\d{{1,2}})(?:st|nd|rd|th)?)?"
            rf"\s+(?:of\s+)?(?P<month>{month_alt})\.?(?:,?\s+(?P<year>20\d\d))?\b")),
        month_day=prefiltered(re.compile(
            # (not a live page's clock: "30 Nov 22.15 GMT")
            rf"\b(?P<month>{month_alt})\.?\s+(?P<day>\d{{1,2}})(?![.:]\d)(?:st|nd|rd|th)?"
            rf"(?:\s*(?:-|–|to|into|and)\s*(?P<end>\d{{1,2}})(?:st|nd|rd|th)?)?\b(?:,?\s+(?P<year>20\d\d))?")),
        weekday=prefiltered(re.compile(rf"\b(?:(last|this|next|on|early|late|from|since|by|until)\s+)?({wd_alt})\b")),
        # ("in mid-November", "mid-November": the month)
        month_only=prefiltered(re.compile(rf"\b(?:(?:in|since|during|early|late|mid|by|until|last|of)\s+(?:mid-)?|mid-)"
                                          rf"({month_alt})\b(?:\s+(20\d\d))?")),
        relative=rel,
        any_relative=prefiltered(
            re.compile(r"\b(?:" + "|".join(f"(?:{r['pattern']})" for r in cfg["relative"]) + r")\b")),
        months=months,
        weekdays=weekdays,
        tolerance=int(cfg.get("future_tolerance_days", 2)),
    )
    _CACHE[res.version] = compiled
    return compiled


def _year_for(month: int, day: int, pub: date, forward: bool, tolerance: int) -> int:
    try:
        candidate = date(pub.year, month, day)
    except ValueError:
        return pub.year
    if not forward and candidate > pub + timedelta(days=tolerance):
        return pub.year - 1
    if forward and candidate < pub - timedelta(days=30):
        return pub.year + 1
    return pub.year


def _monday(d: date) -> date:
    return d - timedelta(days=d.weekday())


def _shift_month(d: date, months: int) -> date:
    idx = d.year * 12 + d.month - 1 + months
    return date(idx // 12, idx % 12 + 1, 1)


def period(when: ResolvedDate) -> tuple[date, date]:
    """The first and last day a resolved date can mean: a week from its Monday, a month from the 1st."""
    if when.precision == "week":
        return when.value, when.value + timedelta(days=6)
    if when.precision == "month":
        return when.value, _shift_month(when.value, 1) - timedelta(days=1)
    return when.value, when.value


# "on October 4 last year", "in March of this year": the year a date without one belongs to.
_YEAR_AFTER = re.compile(r",?\s+(?:of\s+)?(last|this|next)\s+year\b")
_SHIFTS = {"last": -1, "this": 0, "next": 1}


def _year_shift(sentence: str, end: int) -> int | None:
    """Years from the publication's year named right after a date ("last year" = -1), or None."""
    m = _YEAR_AFTER.match(sentence, end)
    return _SHIFTS[m[1]] if m else None


_REPORTED = re.compile(r"\b(?:said|says|told(?:\s+\w+){0,2}|reported|wrote|added|stated|noted|posted|claimed|"
                       r"confirmed|commented|statement|announcement|interview|briefing|address)\s+(?:\w+\s+)?$")


# "<date> said / denied": the date is the statement's (up to three words of date expression before the verb).
# (Not "met in Florida on Sunday and reported progress": a second verb of the same subject, not its statement.)
_REPORTED_AFTER = re.compile(r"(?:(?!(?:and|but|then)\b)\w+\s+){1,3}"
                             r"(?:said|says|denied|denies|dismissed|rejected|announced|confirmed|"
                             r"told|insisted|claimed|stated|warned|accused|reported|declined\s+to\s+comment)\b")


# "Three years ago, drones hit ... on December 1": a date without its year, so many years back (not "... ago today",
# which dates.yaml resolves to the day).
# Only as the sentence's opening adverbial: "the talks, first held two years ago, resumed on December 1" dates
# the resumption to this year.
_YEARS_AGO = re.compile(r"^\W*(?:some\s+|about\s+|exactly\s+)?(two|three|four|five|six|seven|eight|nine|ten|\d{1,2})"
                        r"\s+years\s+ago\b(?!\s+today)\s*,")
_NUMBER_WORDS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10}
_NEXT_WEEK_AFTER = re.compile(r"\s+next\s+week\b")
_NO_STATEMENT_BEFORE = re.compile(r"\b(?:without|no)\s+(?:a\s+|any\s+)?(?:joint\s+|final\s+)?s$")
_NIGHT_OF = re.compile(r"\bnight\s+(?:of\s+|from\s+)?(?:the\s+)?$")
_OVERNIGHT = "overnight before publication"  # the basis dates.yaml gives the night before a report
_DAY_AFTER = re.compile(r"\b(?:the\s+(?:next|following)\s+day|a\s+day\s+later|the\s+day\s+after)\b")
_CLAUSE_CUT = re.compile(r"\b(?:after|before|as|when|while|since|because|following|until)\b|[;—–]")
_DATELINE = re.compile(r"[A-ZÀ-Ý][A-ZÀ-Ý .'’/-]{1,40}(?:,\s*[A-Z][\w .]{1,25})?,\s*[^—–]{1,25}?\s+[—–-]{1,2}\s")
# "a truce for May 8-10", "until Friday": the period a step covers, not the day it was taken.
_SPAN = re.compile(r"\b(?:(?:for|until|till|through|starting|beginning)\s+(?:the\s+)?|"
                   # "between 23:00 on Tuesday and 05:00 on Wednesday": a night is dated by the day it ended
                   r"(?:from|between)\s+(?:\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?\s+(?:[a-z]+\s+)?(?:time\s+)?)?"
                   r"(?:on\s+)?)$")


# "The next round of talks is planned for June 3": the day talks are set for, not the edge of a span ("a truce
# scheduled for December 24 and 25" is still the period the truce covers).
_ROUND_SET_FOR = re.compile(r"\b(?:talks|round|meeting|session|summit|negotiations|consultations|delegations|"
                            r"negotiators)\s+(?:[\w-]+\s+){0,4}?(?:(?:is|are|was|were|has\s+been|have\s+been)\s+)?"
                            r"(?:planned|scheduled|set|slated|pencil+ed\s+in|fixed|due)\s+for\s+(?:the\s+)?$")


def resolve(sentence: str, published: datetime | None, res: Resources, forward: bool = False,
            near: int | None = None) -> ResolvedDate | None:
    """First date expression in the sentence, resolved; None when there is none (or no publication
    date to resolve a relative one against).

    With `near` (where the event's predicate or step cue sits), among named days and dates the one
    nearest to it wins: "Oil prices rose on Saturday after drones hit the terminal on Friday night"
    dates the strike to Friday."""
    return _resolve(sentence, published.date() if published else None, res, forward, near)


def _explicit(day: int, month: int, year: int | None, shift: int | None, start: int, pub: date | None,
              forward: bool, tolerance: int) -> ResolvedDate | None:
    """A written day and month as a date: the year written, else the one the report's tense implies."""
    year = year or (None if pub is None else pub.year + shift if shift is not None
                    else _year_for(month, day, pub, forward, tolerance))
    if year is None or not 1 <= day <= 31:
        return None
    try:
        return ResolvedDate(date(year, month, day), "day", "explicit date", start)
    except ValueError:  # "February 30"
        return None


def _days_back(pub: date, target: int, qualifier: str) -> int:
    """Days from the last such weekday to publication ("last Thursday" in Thursday's paper is a week)."""
    delta = (pub.weekday() - target) % 7
    return 7 if qualifier == "last" and delta == 0 else delta


def _date_end(c: _Compiled, low: str, start: int) -> int | None:
    """Where the written date starting at `start` ends."""
    m = c.day_month.match(low, start) or c.month_day.match(low, start)
    return m.end() if m is not None else None


# "on May 16 and June 2", "on 16 May, 2 June(,) and 23 July": named dates listed one after another. A
# comma before "and" only closes a list of three ("met on May 16, and on June 2 they swapped prisoners"
# starts a clause of its own).
_DATE_LIST_JOIN = re.compile(r"(?:\s*,\s*|\s+and\s+)(?:on\s+)?")
_DATE_LIST_LAST = re.compile(r"\s*,\s*and\s+(?:on\s+)?")
# What may follow a list of dates: the sentence goes on, not a new clause ("on May 16 and on June 2 they
# exchanged prisoners" dates the exchange with the second date).
_DATE_LIST_END = re.compile(r"\s*(?:[,.;:!?)\"”’'—–-]|$)|\s+(?:without|but|and|in|at|with|for|to|as|after|before|amid|"
                            r"under|that|which|where|when|respectively|both|each|also)\b")


def listed_days(sentence: str, published: datetime | None, res: Resources, forward: bool = False
                ) -> list[ResolvedDate]:
    """Explicit calendar dates the sentence lists side by side ("on May 16 and June 2"), in order; empty
    unless there are two or more. Why: "two earlier rounds in Istanbul, on May 16 and June 2" tells two
    meetings, one per date, where `resolve` keeps only one date per sentence. `forward` as for `resolve`."""
    ex = _scan(sentence, res)
    if len(ex.explicit) < 2 or published is None:
        return []
    pub = published.date()
    c = _compiled(res)
    listed = sorted((x for x in ex.explicit if x[-1] in ex.allowed), key=lambda x: x[-1])
    # "on May 16 and June 2, 2025": a year written once, after the last date, is every date's.
    last_year = listed[-1][2] if listed else None
    found = [d for d in (_explicit(day, month, year or last_year, shift, start, pub, forward, c.tolerance)
                         for day, month, year, shift, start in listed) if d is not None]
    low = lower(sentence)
    out = found[:1]
    for n, (prev, cur) in enumerate(itertools.pairwise(found)):
        end = _date_end(c, low, prev.start)
        if end is None or not (_DATE_LIST_JOIN.fullmatch(low, end, cur.start)
                               or (n and _DATE_LIST_LAST.fullmatch(low, end, cur.start))):
            return []  # "from May 16 to June 2" is a span; dates in two clauses are not a list
        out.append(cur)
    last = _date_end(c, low, out[-1].start) if out else None
    if last is None or not _DATE_LIST_END.match(low, last):
        return []
    return out if len(out) >= 2 and len({d.value for d in out}) == len(out) else []


@dataclass(frozen=True)
class _Expressions:
    """The date expressions a sentence contains, before any publication date is applied."""

    iso: tuple[int, int, int, int] | None                      # year, month, day, start
    explicit: tuple[tuple[int, int, int | None, int | None, int], ...]  # day, month, year if written, year shift, start
    weekdays: tuple[tuple[str, int, str, int], ...]            # qualifier, weekday, word, start
    relative: tuple[tuple[str, int, str, int], ...]            # kind, offset, basis, start
    # month, year if written, year shift, month start, start
    months: tuple[tuple[int, int | None, int | None, int, int], ...]
    allowed: frozenset[int]  # starts not read as the day of a statement or the edge of a span
    day_after: tuple[int, ...] = ()  # "the next day", "a day later": starts of days after a date named before


@lru_cache(maxsize=SENTENCE_CACHE_SIZE)
def _scan(original: str, res: Resources) -> _Expressions:
    """Find the date expressions once per sentence; resolving them against a publication date is cheap."""
    c = _compiled(res)
    sentence = lower(original)
    iso = None
    m = c.iso.search(sentence)
    if m:
        iso = (int(m[1]), int(m[2]), int(m[3]), m.start())
    explicit = []
    ago = _YEARS_AGO.match(sentence)
    years_back = (_NUMBER_WORDS.get(ago[1]) or int(ago[1])) if ago else None
    for rx in (c.day_month, c.month_day):
        for m in rx.finditer(sentence):
            month_word = m["month"]
            if month_word == "may" and original[m.start("month")] != "M":
                continue
            # "on the night of May 8 to 9": a night is dated by the day it ended (guide § 4)
            day = m["end"] if m["end"] and _NIGHT_OF.search(sentence, max(0, m.start() - 25), m.start()) \
                else m["day"]
            shift = _year_shift(sentence, m.end())
            if shift is None and not m["year"] and years_back is not None:
                shift = -years_back
            explicit.append((int(day), c.months[month_word.lower().rstrip(".")],
                             int(m["year"]) if m["year"] else None, shift, m.start()))
    # ("on Thursday next week": the Thursday of the coming week, even in Thursday's paper)
    weekdays = tuple(("next week" if _NEXT_WEEK_AFTER.match(sentence, m.end()) else m[1] or "",
                      c.weekdays[m[2].lower()], m[2], m.start()) for m in c.weekday.finditer(sentence))
    relative = []
    for rx, kind, offset, basis in c.relative if c.any_relative.search(sentence) else ():
        m = rx.search(sentence)
        if m:
            relative.append((kind, offset, basis, m.start()))
    months = []
    for m in c.month_only.finditer(sentence):
        if m[1] == "may" and original[m.start(1)] != "M":
            continue
        months.append((c.months[m[1].lower()], int(m[2]) if m[2] else None, _year_shift(sentence, m.end()),
                       m.start(1), m.start()))
    starts = {x[-1] for group in (explicit, weekdays, relative, months) for x in group}
    if iso is not None:
        starts.add(iso[3])
    # "..., the ministry said on Tuesday": the day of the statement, not of the event.
    # "The Kremlin on Tuesday denied a report that ...": a date right before a reporting verb is its day too.
    allowed = frozenset(st for st in starts if not _said_on(sentence, st)
                        and (not _SPAN.search(sentence, max(0, st - 45), st)
                             or _ROUND_SET_FOR.search(sentence, max(0, st - 90), st)))
    # "PORT SUDAN, Oct 1 — Drones struck ... on Tuesday": the dateline's date is the day of filing;
    # another date in the sentence is the event's.
    head = _DATELINE.match(original)
    if head is not None and any(st >= head.end() for st in allowed):
        allowed = frozenset(st for st in allowed if st >= head.end())
    day_after = tuple(m.start() for m in _DAY_AFTER.finditer(sentence))
    return _Expressions(iso, tuple(explicit), weekdays, tuple(relative), tuple(months), allowed | set(day_after),
                        day_after)


def _said_on(low: str, start: int) -> bool:
    """Whether the date expression at `start` dates a statement ("said on Tuesday", "on Tuesday denied")."""
    reported = _REPORTED.search(low, max(0, start - 40), start)
    if reported is not None and _NO_STATEMENT_BEFORE.search(low, max(0, reported.start() - 20), reported.start() + 1):
        reported = None  # "ended a day of talks without a joint statement on Monday": no statement to date
    return bool(reported or _REPORTED_AFTER.match(low, start))


def _statement_day(ex: _Expressions, pub: date, sentence: str, night_at: int) -> date | None:
    """The earlier day a sentence's own statement is dated to ("..., the ministry said on Monday"), if it
    names one before the publication day; None otherwise. Only a statement in the same clause as the
    night counts: "overnight, days after Zelensky said on Monday that ..." is another statement's day."""
    low = lower(sentence)
    for qualifier, target, _word, start in ex.weekdays:
        if start in ex.allowed or qualifier.lower() in ("next", "until", "by", "from", "since", "this"):
            continue
        if not _said_on(low, start) or _CLAUSE_CUT.search(low, min(night_at, start), max(night_at, start)):
            continue
        delta = _days_back(pub, target, qualifier.lower())
        if 0 < delta <= 7:
            return pub - timedelta(days=delta)
    return None


# "On Friday and Saturday, delegations met in Abu Dhabi": two named days joined as one span are the span's
# start (talks that opened on Friday); the night of two days keeps its end ("the night of Friday to Saturday").
_SPAN_JOIN = re.compile(r"(?:(?:on|from|last|this|late|early)\s+)?[A-Za-z]+\s*(?:and|to|through|until|-|–)\s*",
                        re.IGNORECASE)
_NIGHT_BEFORE = re.compile(r"\bnight\b[^.;]{0,12}$", re.IGNORECASE)


def _span_starts(sentence: str, found: list[ResolvedDate]) -> list[ResolvedDate]:
    days = sorted((f for f in found if f.precision == "day" and f.basis != "explicit date"), key=lambda f: f.start)
    drop = {b.start for a, b in itertools.pairwise(days)
            if _SPAN_JOIN.fullmatch(sentence, a.start, b.start) and not _NIGHT_BEFORE.search(sentence, 0, a.start)}
    return [f for f in found if f.start not in drop] if drop else found


@lru_cache(maxsize=SENTENCE_CACHE_SIZE)
def _resolve(sentence: str, pub: date | None, res: Resources, forward: bool,
             near: int | None = None) -> ResolvedDate | None:
    """`resolve` for a publication day: only the day matters, so articles of one day share entries."""
    c = _compiled(res)
    ex = _scan(sentence, res)
    found: list[ResolvedDate] = []
    if ex.iso is not None:
        with contextlib.suppress(ValueError):  # "2025-02-30" is not a date
            found.append(ResolvedDate(date(*ex.iso[:3]), "day", "explicit date", ex.iso[3]))
    found.extend(d for d in (_explicit(day, month, year, shift, start, pub, forward, c.tolerance)
                             for day, month, year, shift, start in ex.explicit) if d is not None)
    if pub is not None:
        for qualifier_word, target, word, start in ex.weekdays:
            qualifier = qualifier_word.lower()
            if qualifier == "next week":
                value = _monday(pub) + timedelta(days=7 + target)
                found.append(ResolvedDate(value, "day", f"{word.capitalize()} of the week after publication", start))
                continue
            if forward or qualifier == "next":
                ahead = (target - pub.weekday()) % 7
                value = pub + timedelta(days=ahead if qualifier != "next" or ahead else 7)
                basis = f"next {word.capitalize()} after publication"
            else:
                delta = _days_back(pub, target, qualifier)
                value = pub - timedelta(days=delta)
                basis = f"{word.capitalize()} before publication" if delta else "weekday of publication"
            found.append(ResolvedDate(value, "day", basis, start))
        for kind, offset, basis, start in ex.relative:
            if forward and (offset < 0 or basis == _OVERNIGHT):
                continue  # "the overnight attack came days before talks are due": that night is not the talks' day
            said_on = _statement_day(ex, pub, sentence, start) if basis == _OVERNIGHT else None
            if said_on is not None:
                # "launched 40 drones overnight, the air force said on Monday" in Tuesday's paper: the night
                # before the statement, not before the publication.
                found.append(ResolvedDate(said_on, "day", basis.replace("publication", "the statement"), start))
                continue
            if kind == "day":
                value, precision = pub + timedelta(days=offset), "day"
            elif kind == "week":
                value, precision = _monday(pub) + timedelta(weeks=offset), "week"
            elif kind == "year":
                # "ten years ago today": the same calendar day (28 February for a 29th in a common year)
                try:
                    value = pub.replace(year=pub.year + offset)
                except ValueError:
                    value = pub.replace(year=pub.year + offset, day=28)
                precision = "day"
            elif kind == "weekend":
                # "over the weekend": the last Saturday and Sunday up to publication, as the week they close;
                # the coming one for a step still to come ("will meet in Istanbul this weekend")
                # (published on a Sunday, "this weekend" is today's; "last weekend" on a weekend, the one before)
                weekday = pub.weekday()
                if forward:
                    saturday = pub - timedelta(days=1) if weekday == 6 else pub + timedelta(days=(5 - weekday) % 7)
                else:
                    back = (weekday - 5) % 7 + (7 if offset < 0 and weekday >= 5 else 0)
                    saturday = pub - timedelta(days=back)
                value, precision = _monday(saturday), "week"
            else:
                value, precision = _shift_month(pub, offset), "month"
            found.append(ResolvedDate(value, precision, basis, start))
        for month, written_year, shift, month_start, start in ex.months:
            if any(f.start <= month_start <= f.start + 20 and f.precision == "day" for f in found):
                continue
            year = written_year or (pub.year + shift if shift is not None else _year_for(month, 1, pub, forward,
                                                                                         c.tolerance))
            found.append(ResolvedDate(date(year, month, 1), "month", "month named", start))
    for start in ex.day_after:
        # "the assault on June 1 ... delegates gathered the next day": the day after the date before it
        before = [f for f in found if f.precision == "day" and f.start < start]
        if before:
            last = max(before, key=lambda f: f.start)
            found.append(ResolvedDate(last.value + timedelta(days=1), "day", "explicit date", start))
    found = [f for f in found if f.start in ex.allowed]
    if not found:
        return None
    if len(found) > 1:
        found = _span_starts(sentence, found)
    # A named day or date beats "overnight"/"at dawn" (which only say the time of day), which beats
    # a week or a month.
    def rank(f: ResolvedDate) -> tuple[int, int]:
        if f.precision == "day":
            named = f.basis == "explicit date" or f.basis.split(" ")[0 if not f.basis.startswith("next ") else 1] \
                .lower() in c.weekdays or f.basis == "weekday of publication"
            # Between named days or dates, the one nearest the predicate; "one year ago today" and other
            # relative phrases keep their order.
            if not named:
                return (1, f.start)
            if near is None:
                return (0, f.start)
            # A date before the predicate across "after", "as", "when" ... belongs to another clause.
            other_clause = f.start < near and _CLAUSE_CUT.search(sentence, f.start, near) is not None
            return (0, abs(f.start - near) + (1000 if other_clause else 0))
        return (2 if f.precision == "week" else 3, f.start)

    return min(found, key=rank)
