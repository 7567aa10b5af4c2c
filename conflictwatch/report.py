"""Plain-text renderings of query results for the terminal (no extra dependency)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

TREND_SQL = """
WITH days AS (
    SELECT CAST(d AS DATE) AS day
    FROM range(CAST(? AS DATE) - INTERVAL 13 DAY, CAST(? AS DATE) + INTERVAL 1 DAY, INTERVAL 1 DAY) t(d)
)
SELECT days.day,
       coalesce(sum(c.events) FILTER (WHERE c.event_type = 'drone_strike'), 0) AS drone_strikes,
       coalesce(sum(c.articles) FILTER (WHERE c.event_type = 'drone_strike'), 0) AS drone_reports,
       coalesce(sum(c.events) FILTER (WHERE c.event_type = 'negotiation'), 0) AS negotiations,
       coalesce(sum(c.articles) FILTER (WHERE c.event_type = 'negotiation'), 0) AS negotiation_reports
FROM days LEFT JOIN daily_event_counts c ON c.day = days.day
GROUP BY days.day ORDER BY days.day
"""


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, float):
        return f"{value:.4g}"
    return str(value)


def table(columns: Sequence[str], rows: Sequence[Sequence[Any]], max_width: int = 60) -> str:
    # A cut cell says so: the table view is for reading; --format json or csv give every character
    # (evidence sentences are verbatim and often longer).
    raw = [[_cell(v).replace("\n", " ") for v in row] for row in rows]
    cut = any(len(c) > max_width for row in raw for c in row)
    cells = [[c if len(c) <= max_width else c[:max_width - 1] + "…" for c in row] for row in raw]
    widths = [max([len(c)] + [len(r[i]) for r in cells]) for i, c in enumerate(columns)]
    line = "-+-".join("-" * w for w in widths)
    out = [" | ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True)), line]
    out += [" | ".join(v.ljust(w) for v, w in zip(r, widths, strict=True)) for r in cells]
    note = f"; cells over {max_width} characters end in … (--format json or csv shows them whole)" if cut else ""
    out.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''}{note})")
    return "\n".join(out)


def render(columns: Sequence[str], rows: Sequence[Sequence[Any]], fmt: str) -> str:
    if fmt == "json":
        return "\n".join(json.dumps(dict(zip(columns, r, strict=True)), default=str, ensure_ascii=False)
                         for r in rows)
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows([[_cell(v) for v in r] for r in rows])
        return buf.getvalue().rstrip("\n")
    return table(columns, rows)
