"""Benchmark (not a test): N participant rows through the Arrow route,
against the Rust library on the same rows and a pure-Python evaluation.

    python/build.sh
    target/py-venv/bin/python python/bench/bench_arrow.py            # 1,000,000 rows
    target/py-venv/bin/python python/bench/bench_arrow.py --rows 100000 --python-rows 20000

What is compared, on the same rows (demand-generation inputs generated as
``examples/gen_participants.rs`` generates them, xorshift64 seed 7, written
to a CSV file):

* **Arrow route**: the CSV read by pyarrow with every column as strings
  (not timed), then ``plans.evaluate(table)``: the table's cells written as
  the inputs CSV's text, parsed and checked by ``csv::read_inputs_for``,
  every statement evaluated (``PlanSet::evaluate_each``), the lines
  (``payroll_rows``) and totals built as Arrow ``decimal128`` tables and
  handed to pyarrow.
* **Rust batch**: ``python/bench/rust_batch.rs`` on the same CSV text, in
  memory (not timed): ``csv::read_inputs_for``, ``evaluate_each`` and
  ``payroll_rows``, no Arrow and no Python; once with every statement held
  at once (as ``incentive run`` holds them: ``rust_batch_s``) and once
  chunked as the extension evaluates (inputs sorted, 16,384 statements at
  a time: ``rust_chunked_s``). The overhead ratio is against the chunked
  run, the same work without Arrow and Python.
* **pure Python**: the demand-generation plan written out in this script
  with ``fractions.Fraction`` and ``decimal`` (exact, half-even per line),
  on the first ``--python-rows`` rows, its totals checked equal to the
  Arrow route's.

Each timing is the best of ``--repeat`` runs (3). The ratio Arrow/Rust is
the binding's overhead.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from decimal import ROUND_HALF_EVEN, Decimal
from fractions import Fraction
from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pacsv

import incentive

ROOT = Path(__file__).resolve().parents[2]
MASK = (1 << 64) - 1
HEADER = "participant,plan,period,actual.pipeline,target.pipeline,rating.campaign_effectiveness"


def generate(n: int, path: Path) -> None:
    """The rows of examples/gen_participants.rs for ``n``, byte for byte."""
    x = 7

    def nxt() -> int:
        """The next draw of xorshift64."""
        nonlocal x
        x ^= (x << 13) & MASK
        x ^= x >> 7
        x ^= (x << 17) & MASK
        return x

    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(HEADER + "\n")
        out = []
        for i in range(n):
            pipeline = 1_000_000 + nxt() % 2_500_000
            cents = nxt() % 100
            target = 2_000_000 + 500_000 * (nxt() % 3)
            rating = 1 + nxt() % 5
            quarter = 1 + i % 2
            if i % 4 == 3:
                out.append(f"p{i:07},demand-generation,2026-Q{quarter},{pipeline}.{cents:02},{target},{rating}\n")
            else:
                out.append(f"p{i:07},demand-generation,2026-Q{quarter},{pipeline},{target},{rating}\n")
            if len(out) >= 100_000:
                f.writelines(out)
                out.clear()
        f.writelines(out)


# The demand-generation plan (plans/demand-generation.toml), by hand.
TI = Fraction(5000)
CURVE = [(Fraction(1, 2), Fraction(1, 4)), (Fraction(1), Fraction(1)), (Fraction(3, 2), Fraction(2))]
SCALE = {1: Fraction(0), 2: Fraction(1, 2), 3: Fraction(1), 4: Fraction(5, 4), 5: Fraction(3, 2)}
CENT = Decimal("0.01")


def curve(a: Fraction) -> Fraction:
    """The standard curve at attainment ``a``: 0 below 50%, linear between points, capped at 150%."""
    (x0, y0) = CURVE[0]
    if a < x0:
        return Fraction(0)
    for (xa, ya), (xb, yb) in zip(CURVE, CURVE[1:]):
        if a <= xb:
            return ya + (yb - ya) * (a - xa) / (xb - xa)
    return CURVE[-1][1]


def cents(f: Fraction) -> Decimal:
    """``f`` rounded half-even to cents, exactly (from its fraction)."""
    q, r = divmod(f.numerator * 100, f.denominator)
    twice = 2 * r
    if twice > f.denominator or (twice == f.denominator and q % 2 == 1):
        q += 1
    return (Decimal(q) * CENT).quantize(CENT, rounding=ROUND_HALF_EVEN)


def pure_python_total(actual: str, target: str, rating: str) -> Decimal:
    """One row's total, exactly: pipeline (75%) on the curve, campaign (25%) on the rating scale."""
    a = Fraction(Decimal(actual)) / Fraction(Decimal(target))
    pipeline = cents(TI * Fraction(3, 4) * curve(a))
    campaign = cents(TI * Fraction(1, 4) * SCALE[int(rating)])
    return pipeline + campaign


def best(f, repeat: int):
    """The least seconds of ``repeat`` calls of ``f``, and its last result."""
    times, out = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = f()
        times.append(time.perf_counter() - t0)
    return min(times), out


def main() -> int:
    """Runs the benchmark and prints its report as JSON."""
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--python-rows", type=int, default=100_000, help="rows for the pure-Python evaluator")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--csv", type=Path, help="reuse (or write) the generated CSV here")
    args = ap.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="incentive-bench-"))
    path = args.csv or tmp / f"participants-{args.rows}.csv"
    if not path.exists():
        t0 = time.perf_counter()
        generate(args.rows, path)
        print(f"generated {args.rows} rows in {time.perf_counter() - t0:.1f} s: {path}", file=sys.stderr)

    plans = incentive.Plans.load(ROOT / "plans")
    names = HEADER.split(",")
    table = pacsv.read_csv(path, convert_options=pacsv.ConvertOptions(column_types={c: pa.string() for c in names}))
    assert table.num_rows == args.rows, (table.num_rows, args.rows)

    arrow_s, (lines, totals) = best(lambda: plans.evaluate(table), args.repeat)

    exe = [
        "cargo",
        "run",
        "--release",
        "-q",
        "--manifest-path",
        str(ROOT / "python" / "Cargo.toml"),
        "--example",
        "rust_batch",
        "--",
        str(ROOT / "plans"),
        str(path),
    ]
    rust = json.loads(subprocess.run(exe, check=True, capture_output=True, text=True, cwd=ROOT).stdout)

    arrow_sum = sum(totals.column("total").to_pylist(), Decimal(0))
    assert totals.num_rows == rust["statements"] and lines.num_rows == rust["lines"]
    assert str(arrow_sum) == rust["sum_of_totals"], (arrow_sum, rust["sum_of_totals"])

    # Pure Python on the first rows, checked against the Arrow route's totals
    # (both sorted by participant: the ids are p0000000, p0000001, …).
    n_py = min(args.python_rows, args.rows)
    head = table.slice(0, n_py).to_pylist()
    t0 = time.perf_counter()
    py_totals = [
        pure_python_total(r["actual.pipeline"], r["target.pipeline"], r["rating.campaign_effectiveness"]) for r in head
    ]
    py_s = time.perf_counter() - t0
    arrow_head = totals.slice(0, n_py).column("total").to_pylist()
    assert py_totals == arrow_head, "the pure-Python evaluator disagrees with the library"

    per_row = lambda s, n: s / n * 1e9  # noqa: E731 - nanoseconds per row
    report = {
        "rows": args.rows,
        "arrow_route_s": round(arrow_s, 4),
        "rust_batch_s": rust["total_s"],
        "rust_read_s": rust["read_s"],
        "rust_evaluate_s": rust["evaluate_s"],
        "rust_lines_s": rust["lines_s"],
        "rust_chunked_s": rust["chunked_s"],
        "overhead_ratio_arrow_over_rust_chunked": round(arrow_s / rust["chunked_s"], 3),
        "ratio_arrow_over_rust_all_at_once": round(arrow_s / rust["total_s"], 3),
        "arrow_ns_per_row": round(per_row(arrow_s, args.rows)),
        "rust_chunked_ns_per_row": round(per_row(rust["chunked_s"], args.rows)),
        "pure_python_rows": n_py,
        "pure_python_s": round(py_s, 4),
        "pure_python_ns_per_row": round(per_row(py_s, n_py)),
        "speedup_arrow_over_pure_python": round(per_row(py_s, n_py) / per_row(arrow_s, args.rows), 1),
        "pure_python_totals_agree": True,
        "sum_of_totals": rust["sum_of_totals"],
        "cpu_count": os.cpu_count(),
    }
    print(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
