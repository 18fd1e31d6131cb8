"""The coach's report of a measured posting mix: text for the terminal, JSON for tools.

Excerpts of posts appear here only (never in a plan or a site), so the coach can check the
counting; direct messages are a count, never shown.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from ..engine.measure import Measurement, Tally
from ..model.export import STRUCTURES, ExportRead
from ..model.profile import MIX_KINDS, PLATFORM_LABELS

KIND_WORDS = {
    "quotes": "quotes",
    "reshares": "reshares",
    "promotional": "sales posts",
    "conversation": "questions",
    "replies": "replies",
    "original": "own posts",
}
STRUCTURE_WORDS = {
    "original": "original",
    "reply_to_others": "replies to others",
    "self_reply": "self-replies (threads)",
    "reshare": "reshares",
    "quote": "quote posts",
    "direct_excluded": "direct messages (excluded)",
}


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _tally_lines(name: str, counted: Tally, per_week: float) -> list[str]:
    lines = [f"{name}: {_plural(counted.posts, 'post')}, {per_week:.1f} a week"]
    percent = counted.percent() or dict.fromkeys(MIX_KINDS, 0.0)
    for kind in MIX_KINDS:
        n = counted.kinds[kind]
        lines.append(f"  {kind:<13} {n:>6}  {percent[kind]:>4.0f}%   {KIND_WORDS[kind]}")
    structure = ", ".join(
        f"{STRUCTURE_WORDS[s]} {counted.structure[s]}" for s in STRUCTURES if s != "direct_excluded"
    )
    lines.append(f"  structure: {structure}")
    lines.append(f"  direct messages excluded: {counted.structure['direct_excluded']}")
    return lines


def report_text(reads: Sequence[ExportRead], found: Measurement) -> str:
    """The measured mix per platform and overall, posts a week, structure counts, and a
    few dated excerpts per kind."""
    out = [f"Measured from {_plural(len(reads), 'export')}:"]
    for read in reads:
        account = f", account {read.account}" if read.account else ""
        held = _plural(len(read.posts), "post")
        out.append(f"  {read.source}: {read.format_label}{account}, {held} read")
    out += [f"Period: {found.period.describe()}", ""]
    for measured in found.platforms:
        label = PLATFORM_LABELS[measured.platform]
        out += _tally_lines(label, measured.tally, found.per_week(measured.tally))
        days = [p.posted.date() for r in reads if r.platform == measured.platform for p in r.posts]
        if not measured.tally.posts:
            held = f": the export's run from {min(days)} to {max(days)}" if days else ""
            out.append(f"  no posts in the period{held}")
        out.append("")
    if len(found.platforms) > 1:
        out += _tally_lines("Overall", found.overall, found.per_week(found.overall))
        out.append("")
    out.append("Excerpts to check the counting (the latest of each kind):")
    for kind in MIX_KINDS:
        excerpts = found.excerpts[kind]
        if not excerpts:
            continue
        out.append(f"  {kind}:")
        for excerpt in excerpts:
            where = PLATFORM_LABELS[excerpt.platform]
            out.append(f"    {excerpt.posted.isoformat()} {where}: {excerpt.text}")
    return "\n".join(out) + "\n"


def _tally_data(counted: Tally, found: Measurement) -> dict[str, object]:
    percent = counted.percent()
    return {
        "posts": counted.posts,
        "posts_per_week": round(found.per_week(counted), 2),
        "structure": dict(counted.structure),
        "kinds": dict(counted.kinds),
        "percent": {k: round(v, 1) for k, v in percent.items()} if percent else None,
    }


def report_json(reads: Sequence[ExportRead], found: Measurement) -> str:
    """The same as data: period, sources, structure and kinds per platform and month,
    overall, and the excerpts."""
    period = found.period
    data = {
        "period": {
            "since": period.since.isoformat(),
            "until": period.until.isoformat(),
            "days": period.days,
            "default": period.default,
            "whole_months": list(period.whole_months()),
        },
        "sources": [
            {
                "source": r.source,
                "format": r.format,
                "platform": r.platform,
                "account": r.account,
                "posts_read": len(r.posts),
            }
            for r in reads
        ],
        "platforms": {
            m.platform: {
                **_tally_data(m.tally, found),
                "months": {
                    month: {"structure": dict(t.structure), "kinds": dict(t.kinds)}
                    for month, t in m.months.items()
                },
            }
            for m in found.platforms
        },
        "overall": _tally_data(found.overall, found),
        "excerpts": {
            kind: [
                {"platform": e.platform, "date": e.posted.isoformat(), "text": e.text}
                for e in excerpts
            ]
            for kind, excerpts in found.excerpts.items()
        },
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
