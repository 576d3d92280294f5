"""Measure ``derive check`` on real derivations kept OUTSIDE this repository.

Run: ``python bench/measure_real.py FOLDER [--expected FILE] [--json OUT]``

FOLDER holds one document per file and an expectations file (default FOLDER/expected.json)
written by hand audit, of the form::

    {"doc.md": [{"line": 12, "relation": "=", "expect": "correct"}, ...], ...}

with one entry per relation symbol of the document's math, in reading order, and ``expect``
one of ``correct``, ``wrong``, ``needs-condition`` (true only when the targets sum to 1),
``definition``, ``not-a-step`` (a condition, an assumption, a shape) or ``ambiguous``.

Each expected entry is matched to what the report says at its line (the same line first, then
the next, then the previous): a step (kind step/definition, with its verdict), or a definition
or an item the report lists as skipped on purpose.  Where a line holds as many report items as
relations, they are paired in the order they stand on the line (a step where its right side
follows its left, a skipped item where its text ends; not when an item's text is a snippet of
the formula without its relation).  Figures, per document and in total:

- steps: expected correct + wrong + needs-condition entries;
- read: of those, matched to a step that is not ``unreadable``;
- ok: correct steps judged ``ok``, or ``needs-condition`` saying the document states the
  condition (an audit that counts a step correct because the document assumes one-hot targets
  and the report that says "true given Σt = 1, which the document states" agree);
  caught: wrong steps judged ``wrong``;
- needs: needs-condition steps judged ``needs-condition``;
- false alarms: ``wrong`` or ``needs-condition`` on a correct step, ``wrong`` on a
  needs-condition step, either on a definition or on something that is not a step;
- false ok: ``ok`` on a wrong or needs-condition step;
- unreadable: expected steps reported unreadable or skipped;
- missing: entries with nothing in the report at their line -- the completeness invariant
  (every relation symbol appears in the report) holds on a document when missing is 0.

This file contains no one's text; the documents and the audit stay outside the repository.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # this checkout's derive

from derive.check import NoMath, check_document  # noqa: E402

STEP_KINDS = ("correct", "wrong", "needs-condition", "ambiguous")
FIELDS = ("steps", "read", "correct", "ok", "wrong", "caught", "needs", "needs_ok",
          "false_alarm", "false_ok", "unreadable", "missing", "extra")


def _pools(report) -> tuple[dict[int, list], dict[int, list]]:
    """Report items by line: steps (with verdicts) and the rest (definitions, skipped)."""
    steps: dict[int, list] = defaultdict(list)
    other: dict[int, list] = defaultdict(list)
    for s in report.steps:
        (other if s.kind == "math" and s.verdict != "unreadable" else steps)[s.line].append(s)
    for d in report.definitions:
        if d.role != "generic":
            other[d.line].append(d)
    for k in getattr(report, "skipped", ()):
        other[k.line].append(k)
    return steps, other


def _in_place(line: str, found: list) -> list | None:
    """The report's items of one line in the order they stand in it (a step where its right
    side follows its left, a skipped item where its text ends), or None if one is not found."""
    placed = []
    for item in found:
        if hasattr(item, "rhs"):
            at = line.find(item.lhs)
            at = line.find(item.rhs, at + len(item.lhs)) if at >= 0 else -1
        elif not re.search(r"=|\\ne|\\le|\\ge|<|>|\\to|\\rightarrow|≠", item.text):
            return None  # a snippet of the formula (a relation inside it): its place unknown
        else:  # a skipped item's relation stands inside its text: place it at the end
            at = line.find(item.text)
            at = at + len(item.text) if at >= 0 else -1
        if at < 0:
            return None
        placed.append((at, len(placed), item))
    return [item for _, _, item in sorted(placed)]


def _take(pool: dict[int, list], line: int):
    for ln in (line, line + 1, line - 1):
        if pool.get(ln):
            return pool[ln].pop(0)
    return None


def measure(folder: Path, expected: dict) -> tuple[dict[str, dict], list[str]]:
    """Figures per document (see the module docstring) and the problems seen."""
    out: dict[str, dict] = {}
    notes: list[str] = []
    for name, entries in sorted(expected.items()):
        text = (folder / name).read_text(encoding="utf-8")
        c = dict.fromkeys(FIELDS, 0)
        t0 = time.perf_counter()
        try:
            report = check_document(text, name)
        except NoMath:
            report = None
        c["seconds"] = round(time.perf_counter() - t0, 3)
        steps, other = _pools(report) if report is not None else ({}, {})
        # each entry is matched in three passes: steps to steps, the rest to definitions and
        # skipped items, then whatever is left to whatever is left at its line
        items: list = [None] * len(entries)
        by_line: dict[int, list[int]] = defaultdict(list)
        for n, e in enumerate(entries):
            by_line[e["line"]].append(n)
        lines = text.splitlines()
        for line, ns in by_line.items():  # as many steps as relations: pair them in order
            if len(steps.get(line, ())) == len(ns) and not other.get(line):
                for n in ns:
                    items[n] = steps[line].pop(0)
            elif len(ns) > 1 and 0 < line <= len(lines):
                # as many items (steps, skipped) as relations: pair them by where they stand
                ordered = _in_place(lines[line - 1], steps.get(line, []) + other.get(line, []))
                if ordered is not None and len(ordered) == len(ns):
                    for n, item in zip(ns, ordered, strict=True):
                        items[n] = item
                    steps[line], other[line] = [], []
        for pass_no in range(3):
            for n, e in enumerate(entries):
                if items[n] is not None:
                    continue
                is_step = e["expect"] in STEP_KINDS
                if pass_no == 0 and is_step:
                    items[n] = _take(steps, e["line"])
                elif pass_no == 1 and not is_step:
                    items[n] = _take(other, e["line"])
                elif pass_no == 2:
                    items[n] = _take(other if is_step else steps, e["line"])
        for e, item in zip(entries, items, strict=True):
            kind = e["expect"]
            verdict = getattr(item, "verdict", None) if item is not None else None
            if item is None:
                c["missing"] += 1
                notes.append(f"{name}:{e['line']}: {kind} {e['relation']!r} not in the report")
            if kind in ("correct", "wrong", "needs-condition"):
                c["steps"] += 1
                if verdict is not None and verdict != "unreadable":
                    c["read"] += 1
                elif item is not None:
                    c["unreadable"] += 1
            stated = verdict == "needs-condition" and getattr(item, "condition_stated", False)
            if kind == "correct":
                c["correct"] += 1
                c["ok"] += verdict == "ok" or stated
                c["false_alarm"] += verdict == "wrong" or (verdict == "needs-condition"
                                                           and not stated)
            elif kind == "wrong":
                c["wrong"] += 1
                c["caught"] += verdict == "wrong"
                c["false_ok"] += verdict == "ok"
            elif kind == "needs-condition":
                c["needs"] += 1
                c["needs_ok"] += verdict == "needs-condition"
                c["false_ok"] += verdict == "ok"
                c["false_alarm"] += verdict == "wrong"
            elif kind in ("definition", "not-a-step"):
                c["false_alarm"] += verdict in ("wrong", "needs-condition")
            if (verdict in ("wrong", "needs-condition") and kind in ("correct", "definition",
                                                                    "not-a-step")
                    and not (stated and kind == "correct")
                    or verdict == "wrong" and kind == "needs-condition"):
                notes.append(f"{name}:{e['line']}: false alarm ({verdict}) on {kind}")
            if verdict == "ok" and kind in ("wrong", "needs-condition"):
                notes.append(f"{name}:{e['line']}: false ok on {kind}")
        c["extra"] = sum(len(v) for v in steps.values())
        out[name] = c
    return out, notes


def _pct(a: int, b: int) -> str:
    return f"{100 * a / b:5.1f}%" if b else "   - "


def render(figures: dict[str, dict]) -> str:
    """A table: one row per document and the totals."""
    head = (f"{'document':34} {'steps':>5} {'read':>5} {'ok/corr':>9} {'caught/wr':>9} "
            f"{'need/n':>7} {'F-alarm':>7} {'F-ok':>5} {'unread':>6} {'miss':>5} {'s':>6}")
    rows = [head]
    tot = dict.fromkeys(FIELDS, 0)
    tot["seconds"] = 0.0
    for name, c in figures.items():
        for k in tot:
            tot[k] += c[k]
        rows.append(_row(name, c))
    rows.append(_row("TOTAL", tot))
    complete = sum(1 for c in figures.values() if c["missing"] == 0)
    rows.append(f"correct steps ok: {_pct(tot['ok'], tot['correct'])}; errors caught: "
                f"{tot['caught']}/{tot['wrong']}; needs-condition: {tot['needs_ok']}/"
                f"{tot['needs']}; false alarms: {tot['false_alarm']}; false ok: "
                f"{tot['false_ok']}; completeness invariant on {complete}/{len(figures)} documents")
    return "\n".join(rows)


def _row(name: str, c: dict) -> str:
    return (f"{name[:34]:34} {c['steps']:5} {c['read']:5} {c['ok']:4}/{c['correct']:<4} "
            f"{c['caught']:4}/{c['wrong']:<4} {c['needs_ok']:3}/{c['needs']:<3} "
            f"{c['false_alarm']:7} {c['false_ok']:5} {c['unreadable']:6} {c['missing']:5} "
            f"{c['seconds']:6.2f}")


def main(argv: list[str] | None = None) -> int:
    """Command line entry point; prints the table (and the notes with --notes)."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("folder", type=Path)
    ap.add_argument("--expected", type=Path, default=None)
    ap.add_argument("--json", type=Path, default=None, help="also write the figures as JSON")
    ap.add_argument("--notes", action="store_true", help="list every false alarm / miss")
    args = ap.parse_args(argv)
    exp_path = args.expected or args.folder / "expected.json"
    expected = json.loads(exp_path.read_text(encoding="utf-8"))
    figures, notes = measure(args.folder, expected)
    print(render(figures))
    if args.notes:
        print("\n".join(notes))
    if args.json:
        args.json.write_text(json.dumps(figures, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
