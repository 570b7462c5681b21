#!/usr/bin/env python3
"""Check this pack's SQL content with Python's sqlite3, until `backroad course test` exists.

- every kind = "sql" exercise: the solution and each proof.pass give the solution's result,
  each proof.fail does not (query, write and plan modes as docs/exercise-format.md says);
- every quiz: proof answers are choices, [quiz.why] keys are choices;
- every ```sql block in a lesson runs on its lesson's dataset without error.
Run from the pack root: python3 datasets/gen/verify.py
"""
import re
import sqlite3
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
_base = {}


def fresh(name):
    if name not in _base:
        db = sqlite3.connect(":memory:")
        db.executescript((ROOT / "datasets" / f"{name}.sql").read_text())
        _base[name] = db
    copy = sqlite3.connect(":memory:", isolation_level=None)
    _base[name].backup(copy)
    copy.execute("PRAGMA foreign_keys = ON")  # as the dataset scripts ask
    return copy


def rows(db, sql):
    cur = db.execute(sql)
    return len(cur.description or []), cur.fetchall()


def same(a, b, ordered):
    if a[0] != b[0]:
        return False
    if ordered:
        return a[1] == b[1]
    key = lambda r: tuple((type(v).__name__, v) if v is not None else ("", "") for v in r)
    return sorted(a[1], key=key) == sorted(b[1], key=key)


def plan_uses_index(db, query, table):
    detail = [r[3] for r in db.execute("EXPLAIN QUERY PLAN " + query)]
    searched = any(re.match(rf"SEARCH {table}\b.*USING (COVERING )?INDEX", d) for d in detail)
    scanned = any(re.match(rf"SCAN {table}\b", d) for d in detail)
    return searched and not scanned, detail


def outcome(ex, answer):
    s = ex["sql"]
    mode = s.get("mode", "query")
    if mode == "query":
        db = fresh(s["dataset"])
        return same(rows(db, answer), rows(db, s["solution"]), s.get("ordered", False))
    if mode == "write":
        mine, ref = fresh(s["dataset"]), fresh(s["dataset"])
        mine.executescript(answer)
        ref.executescript(s["solution"])
        return same(rows(mine, s["verify"]), rows(ref, s["verify"]), s.get("ordered", False))
    if mode == "plan":
        db, untouched = fresh(s["dataset"]), fresh(s["dataset"])
        db.executescript(answer)
        ok, _ = plan_uses_index(db, s["query"], s["table"])
        return ok and same(rows(db, s["query"]), rows(untouched, s["query"]), False)
    raise ValueError(mode)


def main():
    bad = 0
    counts = {}
    for path in sorted(ROOT.glob("exercises/*/*.toml")):
        ex = tomllib.loads(path.read_text())
        kind = ex.get("kind")
        if kind == "sql":
            mode = ex["sql"].get("mode", "query")
            counts[f"sql/{mode}"] = counts.get(f"sql/{mode}", 0) + 1
            proof = ex.get("proof", {})
            for q in [ex["sql"]["solution"]] + proof.get("pass", []):
                try:
                    ok = outcome(ex, q)
                except Exception as e:  # noqa: BLE001
                    ok = f"error: {e}"
                if ok is not True:
                    bad += 1
                    print(f"FAIL {path.name}: pass proof does not pass ({ok}): {q[:80]}")
            for q in proof.get("fail", []):
                try:
                    ok = outcome(ex, q)
                except Exception as e:  # noqa: BLE001
                    ok = False
                    print(f"note {path.name}: fail proof errors ({e})")
                if ok:
                    bad += 1
                    print(f"FAIL {path.name}: fail proof passes: {q[:80]}")
            if not proof.get("pass") and not proof.get("fail"):
                bad += 1
                print(f"FAIL {path.name}: no proof")
        elif kind == "quiz":
            counts["quiz"] = counts.get("quiz", 0) + 1
            quiz = ex["quiz"]
            choices = quiz.get("choices", [])
            answers = quiz.get("answers", [quiz.get("answer")])
            for k in quiz.get("why", {}):
                if k not in choices:
                    bad += 1
                    print(f"FAIL {path.name}: why key not a choice: {k}")
            for c in choices:
                if c not in answers and c not in quiz.get("why", {}) and path.parent.name in ("05-databases", "07-database-apps"):
                    print(f"note {path.name}: no why for wrong choice {c!r}")
            for a in ex.get("proof", {}).get("pass", []):
                if a not in answers:
                    bad += 1
                    print(f"FAIL {path.name}: pass proof not an answer: {a}")
            for a in ex.get("proof", {}).get("fail", []):
                if a in answers or (choices and a not in choices):
                    bad += 1
                    print(f"FAIL {path.name}: fail proof wrong: {a}")
        else:
            counts[kind] = counts.get(kind, 0) + 1
    blocks = 0
    for path in sorted(ROOT.glob("content/*/*.md")):
        text = path.read_text()
        m = re.search(r'^dataset\s*=\s*"(\w+)"', text, re.M)
        for fence, body in re.findall(r"^```sql([^\n]*)\n(.*?)^```", text, re.M | re.S):
            name = fence.strip() or (m.group(1) if m else None)
            if not name:
                bad += 1
                print(f"FAIL {path}: sql block without a dataset")
                continue
            blocks += 1
            refused = "-- refused" in body  # a block that shows an error on purpose
            try:
                db = fresh(name)
                db.executescript(body) if body.count(";") > 1 else rows(db, body)
                if refused:
                    bad += 1
                    print(f"FAIL {path.name}: sql block should be refused but ran: {body[:60]!r}")
            except Exception as e:  # noqa: BLE001
                if not refused:
                    bad += 1
                    print(f"FAIL {path.name}: sql block errors ({e}): {body[:60]!r}")
    print(f"exercises: {counts}; lesson sql blocks run: {blocks}; problems: {bad}")
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
