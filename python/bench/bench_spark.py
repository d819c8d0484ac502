"""Benchmark (not a timed test): a Monte Carlo simulation on Spark in local
mode against the same simulation in one process.

    target/py-venv/bin/python python/bench/bench_spark.py                 # 1,000 participants × 10,000 trials
    target/py-venv/bin/python python/bench/bench_spark.py --participants 1000 --trials 2000 --partitions 1 2 7

The roster is the shipped simulation file's (plans/simulations/shipped-plans.toml)
with ``--participants`` participants, one in each of the seven roles by turn;
the seed is the same for every run, and each Spark report is asserted equal to
the one-process report before its time is printed. The one-process run is
``Simulation.run()`` (the library's, on all cores); each Spark run is
``incentive.spark.simulate`` on ``local[cores]``: a job whose partitions each
rebuild the simulation from its recipe, run a contiguous range of trials and
send back the exact partial sums, combined on the driver. The first Spark run
also starts the Python workers; it is reported apart ("cold").

Overhead per trial = (Spark time − one-process time) ÷ trials.

With ``--rows N``, it also pays N generated demand-generation rows (pipeline,
target and rating drawn from each row's number, a quarter of them with cents)
through ``incentive.spark.evaluate`` (``mapInArrow``) and through
``Plans.evaluate`` on the same rows as one Arrow table in this process, and
asserts the same sum of totals.
"""

from __future__ import annotations

import argparse
import os
import pathlib
import re
import statistics
import sys
import time
import warnings

warnings.filterwarnings("ignore", message="PySpark does not yet fully support pandas")

import incentive.spark as isp  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parents[2]
PLANS = ROOT / "plans"


def roster_simulation(participants: int, trials: int, seed: int) -> str:
    """The shipped simulation file with a roster of ``participants``."""
    text = (PLANS / "simulations" / "shipped-plans.toml").read_text()
    head, rest = text.split("[[participants]]", 1)
    body, tail = ("[[participants]]" + rest).split("[[draws]]", 1)
    blocks = [b.strip() for b in body.split("[[participants]]") if b.strip()]
    head = re.sub(r"(?m)^seed = .*$", f"seed = {seed}", head)
    head = re.sub(r"(?m)^trials = .*$", f"trials = {trials}", head)
    out = [head]
    for i in range(participants):
        block = re.sub(r'participant = "p\d+"', f'participant = "p{i:05d}"', blocks[i % 7])
        out.append("[[participants]]\n" + block + "\n\n")
    out.append("[[draws]]" + tail)
    return "".join(out)


def bench_rows(spark, rows: int, repeat: int, cores: int) -> None:
    """``--rows``: N rows through Spark's evaluate and through Plans.evaluate."""
    from pyspark.sql import functions as F

    import incentive

    plans = incentive.Plans.load(PLANS)
    i = F.col("id")
    pipeline = (F.lit(1_000_000) + (i * 7919 + 13) % 2_500_000).cast("string")
    cents = F.lpad(((i * 31) % 100).cast("string"), 2, "0")
    df = spark.range(0, rows, 1, numPartitions=cores).select(
        F.format_string("p%07d", i).alias("participant"),
        F.lit("demand-generation").alias("plan"),
        F.when(i % 2 == 0, "2026-Q1").otherwise("2026-Q2").alias("period"),
        F.when(i % 4 == 3, F.concat(pipeline, F.lit("."), cents)).otherwise(pipeline).alias("actual.pipeline"),
        (F.lit(2_000_000) + (i % 3) * 500_000).cast("string").alias("target.pipeline"),
        (F.lit(1) + (i * 7) % 5).cast("string").alias("rating.campaign_effectiveness"),
    ).cache()
    df.count()
    table = df.toArrow()

    def timed(f):
        start = time.perf_counter()
        out = f()
        return time.perf_counter() - start, out

    local, spark_t, check = [], [], []
    for _ in range(repeat):
        t, (_, totals) = timed(lambda: plans.evaluate(table))
        local.append(t)
        expected = sum(totals.column("total").to_pylist())
        t, got = timed(
            lambda: isp.evaluate(df, plans, check_unique=False)[1].agg(F.sum("total")).first()[0]
        )
        assert got == expected, f"Spark's sum {got} is not the one-process sum {expected}"
        spark_t.append(t)
        t, _ = timed(lambda: isp._check_unique_inputs(df))
        check.append(t)
    lt, st, ct = (statistics.median(x) for x in (local, spark_t, check))
    print(
        f"{rows:,} rows, sum of totals {expected} USD in both:\n"
        f"  one process, Plans.evaluate(table): {lt:.2f} s ({rows / lt:,.0f} rows/s)\n"
        f"  Spark local[{cores}], evaluate(df) + sum: {st:.2f} s ({rows / st:,.0f} rows/s, {st / lt:.2f}×)\n"
        f"  Spark's check that no participant has two rows for a plan and period: {ct:.2f} s"
    )
    df.unpersist()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--participants", type=int, default=1000)
    ap.add_argument("--trials", type=int, default=10000)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--cores", type=int, default=2, help="local[CORES]")
    ap.add_argument("--partitions", type=int, nargs="+", default=[1, 2, 4, 8])
    ap.add_argument("--repeat", type=int, default=3, help="runs of each; the median is reported")
    ap.add_argument("--rows", type=int, default=0, help="also pay N generated rows through evaluate")
    ap.add_argument("--no-simulation", action="store_true", help="only the --rows measurement")
    args = ap.parse_args()

    recipe = isp.SimulationRecipe(
        roster_simulation(args.participants, args.trials, args.seed),
        str(PLANS),
        origin=f"roster-{args.participants}.toml",
    )
    sim = recipe.build()
    evaluations = args.trials * args.participants
    print(
        f"{args.trials} trials × {args.participants} participants = {evaluations:,} evaluations, "
        f"seed {args.seed}; {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}"
    )

    def timed(f):
        start = time.perf_counter()
        out = f()
        return time.perf_counter() - start, out

    # The one-process and Spark runs alternate, so that a change in the
    # machine's load (it is shared) falls on both alike; medians reported.
    start = time.perf_counter()
    spark = isp.local_session(cores=args.cores, app="incentive-bench")
    print(f"Spark session local[{args.cores}] started in {time.perf_counter() - start:.1f} s")
    try:
        if args.rows:
            bench_rows(spark, args.rows, args.repeat, args.cores)
        if args.no_simulation:
            return 0
        single = sim.run()
        t, report = timed(lambda: isp.simulate(spark, recipe, args.partitions[0]))
        assert report == single, "the Spark report differs from the one-process report"
        print(f"Spark, {args.partitions[0]} partitions, cold (Python workers starting): {t:.3f} s")

        # The fixed cost of a Spark job: the shipped 7-participant file, 10 trials.
        tiny = isp.SimulationRecipe.from_file(
            PLANS / "simulations" / "shipped-plans.toml", str(PLANS), trials=10, seed=args.seed
        )
        tiny_single = tiny.build().run()
        fixed = []
        for _ in range(args.repeat):
            t, r = timed(lambda: isp.simulate(spark, tiny, 2))
            assert r == tiny_single
            fixed.append(t)
        print(
            f"fixed cost of a job (7 participants × 10 trials, 2 partitions): "
            f"{statistics.median(fixed):.3f} s"
        )

        singles: list = []
        sparks: dict = {n: [] for n in args.partitions}
        for _ in range(args.repeat):
            t, report = timed(sim.run)
            assert report == single
            singles.append(t)
            for n in args.partitions:
                t, report = timed(lambda: isp.simulate(spark, recipe, n))
                assert report == single, f"the Spark report with {n} partitions differs"
                sparks[n].append(t)
        single_t = statistics.median(singles)
        print(
            f"one process (Simulation.run): {single_t:.3f} s, "
            f"{single_t / args.trials * 1e6:.1f} µs a trial, {evaluations / single_t:,.0f} evaluations/s"
        )
        print("partitions | Spark (median) | overhead | overhead per trial | same report")
        for n in args.partitions:
            m = statistics.median(sparks[n])
            over = m - single_t
            print(
                f"{n:>10} | {m:>12.3f} s | {over:>+6.3f} s | {over / args.trials * 1e6:>+14.1f} µs | yes"
            )
        print(f"load average at the end {os.getloadavg()[0]:.1f}")
    finally:
        spark.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
