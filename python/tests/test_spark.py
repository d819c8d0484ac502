"""``incentive.spark`` in local mode (``local[2]``): the same statements as
the ``incentive`` command, exact decimals, and a distributed Monte Carlo
simulation equal to the single-process one across 1, 2 and 7 partitions.

The command's output is the reference: each test runs the release build of
``incentive`` (``target/release/incentive``, built with ``cargo build
--release -p incentive-cli`` when missing, or the binary ``INCENTIVE_CLI``
names) on the same files Spark reads.
"""

from __future__ import annotations

import csv
import datetime
import decimal
import io
import os
import pathlib
import random
import re
import subprocess
from decimal import Decimal

import pytest

import incentive
import incentive.spark as isp

ROOT = pathlib.Path(__file__).resolve().parents[2]
PLANS = ROOT / "plans"
SAMPLES = PLANS / "samples"


# ---------------------------------------------------------------------------
# The command, as the reference
# ---------------------------------------------------------------------------


def _cli_binary() -> str:
    given = os.environ.get("INCENTIVE_CLI")
    if given:
        return given
    binary = ROOT / "target" / "release" / "incentive"
    if not binary.exists():
        subprocess.run(
            ["cargo", "build", "--quiet", "--release", "-p", "incentive-cli"],
            cwd=ROOT,
            check=True,
        )
    return str(binary)


def cli(*args: str) -> str:
    """The standard output of ``incentive ARGS`` (run from the repository root)."""
    done = subprocess.run(
        [_cli_binary(), *args], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def cli_totals(*args: str) -> list:
    """``incentive run ARGS --csv`` as sorted (participant, plan, period, total, currency)."""
    rows = csv.DictReader(io.StringIO(cli("run", *args, "--csv")))
    return sorted(
        (r["participant"], r["plan"], r["period"], Decimal(r["total"]), r["currency"]) for r in rows
    )


def cli_lines(*args: str) -> list:
    """``incentive run ARGS --payroll`` as sorted (participant, plan, period, component, amount)."""
    rows = csv.DictReader(io.StringIO(cli("run", *args, "--payroll")))
    return sorted(
        (r["participant"], r["plan"], r["period"], r["component"], Decimal(r["amount"]))
        for r in rows
    )


def spark_totals(df) -> list:
    return sorted(
        (r.participant, r.plan, r.period, r.total, r.currency) for r in df.collect()
    )


def spark_lines(df) -> list:
    return sorted((r.participant, r.plan, r.period, r.component, r.amount) for r in df.collect())


# ---------------------------------------------------------------------------
# TOML samples as the CSV files Spark reads (the command reads the same)
# ---------------------------------------------------------------------------


def _text(v) -> str:
    if isinstance(v, bool):
        raise TypeError(f"a boolean {v} has no CSV text here")
    if isinstance(v, (int, Decimal, str)):
        return str(v)
    if isinstance(v, datetime.date):
        return v.isoformat()
    raise TypeError(f"{type(v).__name__} {v!r} has no CSV text here")


def _toml(path: pathlib.Path) -> dict:
    import tomllib  # Python 3.11 or later

    # Floats read as Decimal: `amount = 10000.00` stays exactly 10000.00.
    return tomllib.loads(path.read_text(), parse_float=decimal.Decimal)


_PREFIX = {
    "actuals": "actual.",
    "targets": "target.",
    "ratings": "rating.",
    "labels": "label.",
    "sources": "source.",
}


def inputs_rows(path: pathlib.Path) -> list:
    rows = []
    for p in _toml(path)["participants"]:
        r = {}
        for k, v in p.items():
            if k in _PREFIX:
                r.update({_PREFIX[k] + m: _text(x) for m, x in v.items()})
            else:
                r[k] = _text(v)
        rows.append(r)
    return rows


def transaction_rows(path: pathlib.Path) -> list:
    rows = []
    for t in _toml(path)["transactions"]:
        r = {}
        for k, v in t.items():
            if k == "attributes":
                r.update({"attr." + a: _text(x) for a, x in v.items()})
            elif k == "splits":
                r.update({"split." + a: _text(x) for a, x in v.items()})
            elif k == "overlays":
                r["overlays"] = ";".join(v)
            else:
                r[k] = _text(v)
        rows.append(r)
    return rows


def write_csv(path: pathlib.Path, rows: list) -> pathlib.Path:
    cols: list = []
    for r in rows:
        cols.extend(k for k in r if k not in cols)
    with open(path, "w", newline="") as f:
        w = csv.DictWriter(f, cols, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    return path


def read_csv(spark, path: pathlib.Path):
    """A CSV file as Spark reads it: every column a string, an empty cell null."""
    return spark.read.csv(str(path), header=True, inferSchema=False)


# ---------------------------------------------------------------------------
# Participants' inputs through mapInArrow
# ---------------------------------------------------------------------------


def test_totals_and_lines_are_the_commands(spark):
    """The shipped sample quarter: every total and every payroll line."""
    df = read_csv(spark, SAMPLES / "participants.csv")
    lines, totals = isp.evaluate(df, str(PLANS))
    args = (str(PLANS), str(SAMPLES / "participants.csv"))
    assert spark_totals(totals) == cli_totals(*args)
    assert spark_lines(lines) == cli_lines(*args)
    assert len(spark_totals(totals)) == 10


def test_worked_examples_are_exact_decimals(spark):
    """Dana's 6,437.50, Priya's 6,174.00 and Rita's half-even 5,750.00."""
    df = read_csv(spark, SAMPLES / "participants.csv").repartition(3)
    _, totals = isp.evaluate(df, incentive.Plans.load(PLANS))
    got = {r.participant: r.total for r in totals.where("plan in ('demand-generation', 'product-manager')").collect()}
    assert got == {"dana": Decimal("6437.50"), "priya": Decimal("6174.00"), "rita": Decimal("5750.00")}
    for v in got.values():
        assert type(v) is Decimal
    assert str(got["rita"]) == "5750.00"
    # The Spark column is an exact decimal, never a double.
    assert totals.schema["total"].dataType.simpleString() == "decimal(38,2)"


def test_partitioning_does_not_change_a_cent(spark):
    df = read_csv(spark, SAMPLES / "participants.csv")
    one = spark_totals(isp.evaluate(df.coalesce(1), str(PLANS))[1])
    seven = spark_totals(isp.evaluate(df.repartition(7), str(PLANS))[1])
    assert one == seven
    assert sum(t[3] for t in one) == Decimal("267251.97")


def test_tagged_pass_holds_both_halves(spark):
    df = read_csv(spark, SAMPLES / "participants.csv")
    tagged = isp.evaluate_tagged(df, str(PLANS)).cache()
    kinds = {r.kind: r["count"] for r in tagged.groupBy("kind").count().collect()}
    assert kinds == {"line": len(cli_lines(str(PLANS), str(SAMPLES / "participants.csv"))), "total": 10}
    lines, totals = isp.split_tagged(tagged)
    assert lines.columns == ["participant", "plan", "period", "component", "amount"]
    assert totals.columns == ["participant", "plan", "period", "total", "currency"]
    tagged.unpersist()


def test_decimal_and_integer_columns_are_read_exactly(spark):
    from pyspark.sql.types import DecimalType, LongType, StringType, StructField, StructType

    schema = StructType(
        [
            StructField("participant", StringType()),
            StructField("plan", StringType()),
            StructField("period", StringType()),
            StructField("actual.pipeline", DecimalType(20, 2)),
            StructField("target.pipeline", LongType()),
            StructField("rating.campaign_effectiveness", LongType()),
        ]
    )
    rows = [
        ("dana", "demand-generation", "2026-Q1", Decimal("2300000.00"), 2000000, 4),
        ("rita", "demand-generation", "2026-Q1", Decimal("3300002.00"), 3000000, 3),
    ]
    expected = [
        ("dana", "demand-generation", "2026-Q1", Decimal("6437.50"), "USD"),
        ("rita", "demand-generation", "2026-Q1", Decimal("5750.00"), "USD"),
    ]
    _, totals = isp.evaluate(spark.createDataFrame(rows, schema), str(PLANS))
    assert spark_totals(totals) == expected
    # Spark's widest decimal, as a cast or a sum gives: decimal(38, 18).
    wide = spark.createDataFrame(rows, schema).withColumn(
        "actual.pipeline", isp._col("actual.pipeline").cast("decimal(38,18)")
    )
    assert wide.schema["actual.pipeline"].dataType.simpleString() == "decimal(38,18)"
    assert spark_totals(isp.evaluate(wide, str(PLANS))[1]) == expected


def _failure(action) -> str:
    """The text of the exception a Spark action raises."""
    with pytest.raises(Exception) as info:
        action()
    return str(info.value)


def test_a_float_column_is_refused_saying_how_to_pass_it(spark):
    rows = [("dana", "demand-generation", "2026-Q1", 2300000.0, "2000000", "4")]
    df = spark.createDataFrame(
        rows,
        "participant string, plan string, period string, `actual.pipeline` double, "
        "`target.pipeline` string, `rating.campaign_effectiveness` string",
    )
    text = _failure(lambda: isp.evaluate(df, str(PLANS))[1].collect())
    assert "actual.pipeline" in text
    assert "float" in text


def test_an_error_names_participant_and_field(spark):
    rows = [
        ("dana", "demand-generation", "2026-Q1", "2300000", "2000000", "4"),
        ("zed", "demand-generation", "2026-Q1", "2,300,000", "2000000", "4"),
    ]
    df = spark.createDataFrame(
        rows,
        "participant string, plan string, period string, `actual.pipeline` string, "
        "`target.pipeline` string, `rating.campaign_effectiveness` string",
    )
    text = _failure(lambda: isp.evaluate(df, str(PLANS))[1].collect())
    assert "participant `zed`" in text
    assert "field `actual.pipeline`" in text
    assert "`2,300,000` is not a decimal number" in text


def test_an_unknown_plan_is_refused(spark):
    df = spark.createDataFrame(
        [("ana", "no-such-plan", "2026-Q1")], "participant string, plan string, period string"
    )
    text = _failure(lambda: isp.evaluate(df, str(PLANS))[1].collect())
    assert "no-such-plan" in text


def test_a_participant_twice_in_other_partitions_is_refused(spark, tmp_path):
    header = "participant,plan,period,actual.pipeline,target.pipeline,rating.campaign_effectiveness"
    row = ("dana", "demand-generation", "2026-Q1", "2300000", "2000000", "4")
    other = ("rita", "demand-generation", "2026-Q1", "3300002", "3000000", "3")
    df = spark.createDataFrame(
        [row, other, row],
        "participant string, plan string, period string, `actual.pipeline` string, "
        "`target.pipeline` string, `rating.campaign_effectiveness` string",
    ).repartition(3)
    with pytest.raises(
        incentive.DuplicateError,
        match="participant `dana` has 2 rows for plan `demand-generation` and period `2026-Q1`",
    ):
        isp.evaluate(df, str(PLANS))
    # The command refuses the same rows in one file.
    path = tmp_path / "twice.csv"
    path.write_text(header + "\n" + "\n".join(",".join(r) for r in (row, other, row)) + "\n")
    done = subprocess.run(
        [_cli_binary(), "run", str(PLANS), str(path)], cwd=ROOT, capture_output=True, text=True
    )
    assert done.returncode == 1
    assert "participant `dana` already has a row for plan `demand-generation`" in done.stderr


# ---------------------------------------------------------------------------
# Credited from transaction lines
# ---------------------------------------------------------------------------


def test_q2_bookings_credited_from_transactions_are_the_commands(spark, tmp_path):
    """Splits, an overlay specialist, a manager's team and `team:morgan`."""
    inputs = write_csv(tmp_path / "q2-inputs.csv", inputs_rows(SAMPLES / "q2-participants.toml"))
    tx = SAMPLES / "q2-transactions.csv"
    lines, totals = isp.evaluate_credited(read_csv(spark, inputs), read_csv(spark, tx), str(PLANS))
    args = (str(PLANS), str(inputs), "--transactions", str(tx))
    assert spark_totals(totals) == cli_totals(*args)
    assert spark_lines(lines) == cli_lines(*args)
    got = {t[0]: t[3] for t in spark_totals(totals)}
    assert got["alex"] == Decimal("46000.00")
    assert got["sol"] == Decimal("44000.00")


def test_commission_months_settle_in_order_as_the_command_does(spark, tmp_path):
    """Rita's March to May (a credit note at its original's rate, April's
    negative total carried and recovered in May) and Sam's meetings."""
    inputs = write_csv(tmp_path / "cm-inputs.csv", inputs_rows(SAMPLES / "commission-participants.toml"))
    tx = write_csv(tmp_path / "cm-tx.csv", transaction_rows(SAMPLES / "commission-transactions.toml"))
    lines, totals = isp.evaluate_credited(read_csv(spark, inputs), read_csv(spark, tx), str(PLANS))
    args = (str(PLANS), str(inputs), "--transactions", str(tx))
    assert spark_totals(totals) == cli_totals(*args)
    assert spark_lines(lines) == cli_lines(*args)
    # The same as the shipped TOML credit data gives the command.
    toml_args = (
        str(PLANS),
        str(SAMPLES / "commission-participants.toml"),
        "--transactions",
        str(SAMPLES / "commission-transactions.toml"),
    )
    assert spark_totals(totals) == cli_totals(*toml_args)
    assert [t[3] for t in spark_totals(totals)] == [
        Decimal("1522.00"),
        Decimal("0.00"),
        Decimal("130.00"),
        Decimal("437.50"),
    ]
    rita_april = [l for l in spark_lines(lines) if l[0] == "rita" and l[2] == "2026-M04"]
    assert rita_april == [
        ("rita", "reseller-commission", "2026-M04", "adjustment:negative-carried", Decimal("170.00")),
        ("rita", "reseller-commission", "2026-M04", "resale", Decimal("-170.00")),
    ]


def test_a_company_source_makes_one_group_and_the_commands_statements(spark, tmp_path):
    rows = inputs_rows(SAMPLES / "q2-participants.toml")
    for r in rows:
        if r["participant"] == "sam":
            r["source.sales_bookings"] = "company"
    inputs = write_csv(tmp_path / "q2-company.csv", rows)
    tx = SAMPLES / "q2-transactions.csv"
    p_df, t_df = read_csv(spark, inputs), read_csv(spark, tx)
    assert isp.credit_groups(p_df, t_df)[2]["company"] is True
    lines, totals = isp.evaluate_credited(p_df, t_df, str(PLANS))
    args = (str(PLANS), str(inputs), "--transactions", str(tx))
    assert spark_totals(totals) == cli_totals(*args)
    assert spark_lines(lines) == cli_lines(*args)
    # Sam is paid on all 950,000 of the quarter's bookings (95% of quota)
    # now, where Morgan's team (no hierarchy in a CSV) gave him 0 and 1,000.00.
    assert dict((t[0], t[3]) for t in spark_totals(totals))["sam"] == Decimal("3775.00")


def test_empty_inputs_pay_nothing(spark):
    df = spark.createDataFrame([], "participant string, plan string, period string")
    lines, totals = isp.evaluate(df, str(PLANS))
    assert (lines.count(), totals.count()) == (0, 0)
    t_df = spark.createDataFrame([], "id string, metric string, date string, amount string")
    assert isp.evaluate_credited(df, t_df, str(PLANS))[1].count() == 0


def _book(seed: int, tmp_path: pathlib.Path):
    """A generated book: 60 account executives in teams, each deal split
    between one or two of a team and sometimes an overlay, a few
    enablement managers paid on a team's number (`team:ID`), and resellers
    with monthly invoice lines and credit notes. Written as CSV files."""
    rng = random.Random(seed)
    aes = [f"ae{i:03d}" for i in range(60)]
    overlays = [f"ov{i}" for i in range(4)]
    resellers = [f"rs{i:02d}" for i in range(12)]
    inputs = []
    for p in aes:
        inputs.append(
            {"participant": p, "plan": "account-executive-marginal", "period": "2026-Q2",
             "source.bookings": "credited", "target.commission": str(rng.choice([300000, 400000, 500000]))}
        )
    for p in overlays:
        inputs.append(
            {"participant": p, "plan": "account-executive-marginal", "period": "2026-Q2",
             "source.bookings": "credited", "target.commission": "900000"}
        )
    for i in range(3):
        inputs.append(
            {"participant": f"en{i}", "plan": "sales-enablement", "period": "2026-Q2",
             "source.sales_bookings": f"team:{aes[i * 10]}", "target.sales_quota": "800000",
             "rating.sales_satisfaction": "4"}
        )
    for p in resellers:
        for m in ("03", "04", "05"):
            inputs.append({"participant": p, "plan": "reseller-commission", "period": f"2026-M{m}"})
    rng.shuffle(inputs)
    tx = []
    n = 0
    for t in range(400):
        team = rng.randrange(10)
        members = aes[team * 6 : team * 6 + 6]
        who = rng.sample(members, rng.choice([1, 1, 2]))
        row = {"id": f"D{n:05d}", "metric": "bookings",
               "date": f"2026-{rng.choice(['04', '05', '06'])}-{rng.randint(1, 28):02d}",
               "amount": f"{rng.randint(1000, 90000)}.{rng.randint(0, 99):02d}"}
        n += 1
        if len(who) == 1:
            row[f"split.{who[0]}"] = "100%"
        else:
            share = rng.choice(["50%", "30%", "70%"])
            rest = {"50%": "50%", "30%": "70%", "70%": "30%"}[share]
            row[f"split.{who[0]}"] = share
            row[f"split.{who[1]}"] = rest
        if team < 4 and rng.random() < 0.3:
            row["overlays"] = overlays[team]
        tx.append(row)
    cats = [("SRV-X1", "hardware/servers"), ("SRV-Y", "hardware/servers"), ("NET-1", "hardware/network"), ("SVC", "services")]
    invoices = []
    for t in range(300):
        p = rng.choice(resellers)
        prod, cat = rng.choice(cats)
        iid = f"INV-{n:05d}"
        n += 1
        amount = Decimal(rng.randint(100, 20000))
        row = {"id": iid, "metric": "sales", "date": f"2026-{rng.choice(['03', '04', '05'])}-{rng.randint(1, 28):02d}",
               "amount": f"{amount}.00", "attr.product": prod, "attr.category": cat, f"split.{p}": "100%"}
        tx.append(row)
        invoices.append((iid, amount, row["date"]))
    for iid, amount, date in rng.sample(invoices, 40):
        back = (amount * Decimal(rng.choice([25, 50, 100])) / 100).quantize(Decimal("0.01"))
        later = min(datetime.date.fromisoformat(date) + datetime.timedelta(days=rng.randint(0, 40)), datetime.date(2026, 5, 31))
        tx.append({"id": f"CN-{n:05d}", "metric": "sales", "date": later.isoformat(), "amount": f"-{back}", "refers_to": iid})
        n += 1
    rng.shuffle(tx)
    return write_csv(tmp_path / "book-inputs.csv", inputs), write_csv(tmp_path / "book-tx.csv", tx)


def test_a_generated_book_in_many_groups_is_the_commands(spark, tmp_path):
    inputs, tx = _book(7, tmp_path)
    p_df = read_csv(spark, inputs).repartition(5)
    t_df = read_csv(spark, tx).repartition(5)
    _, _, info = isp.credit_groups(p_df, t_df)
    # Ten teams (overlays and enablement managers join theirs) and twelve
    # resellers: the work really is split.
    assert info["groups_with_links"] >= 15
    lines, totals = isp.evaluate_credited(p_df, t_df, str(PLANS))
    args = (str(PLANS), str(inputs), "--transactions", str(tx))
    expected = cli_totals(*args)
    assert len(expected) == 60 + 4 + 3 + 36
    assert spark_totals(totals) == expected
    assert spark_lines(lines) == cli_lines(*args)


def test_a_line_credited_to_no_participant_is_refused(spark):
    p_df = spark.createDataFrame(
        [("alex", "account-executive-marginal", "2026-Q2", "credited", "500000")],
        "participant string, plan string, period string, `source.bookings` string, `target.commission` string",
    )
    t_df = spark.createDataFrame(
        [("D1", "bookings", "2026-04-10", "400000", "100%", None),
         ("D2", "bookings", "2026-04-11", "1000", None, "100%")],
        "id string, metric string, date string, amount string, `split.alex` string, `split.zoe` string",
    )
    text = _failure(lambda: isp.evaluate_credited(p_df, t_df, str(PLANS))[1].collect())
    assert "transaction `D2`" in text
    assert "credited to `zoe`, who is neither a participant nor in the hierarchy" in text


def test_a_crediting_error_names_the_transaction_and_its_group(spark):
    p_df = spark.createDataFrame(
        [("alex", "account-executive-marginal", "2026-Q2", "credited", "500000"),
         ("blake", "account-executive-marginal", "2026-Q2", "credited", "500000")],
        "participant string, plan string, period string, `source.bookings` string, `target.commission` string",
    )
    t_df = spark.createDataFrame(
        [("D1", "bookings", "2026-04-10", "400000", "100%", None),
         ("D2", "bookings", "2026-04-11", "1000", "50%", "40%")],
        "id string, metric string, date string, amount string, `split.alex` string, `split.blake` string",
    )
    text = _failure(lambda: isp.evaluate_credited(p_df, t_df, str(PLANS))[1].collect())
    assert "transaction `D2`" in text
    assert "splits sum to 90%; they must sum to exactly 100%" in text
    assert "in Spark group `alex`" in text


def test_a_repeated_transaction_id_is_refused(spark):
    p_df = spark.createDataFrame(
        [("alex", "account-executive-marginal", "2026-Q2", "credited", "500000"),
         ("blake", "account-executive-marginal", "2026-Q2", "credited", "500000")],
        "participant string, plan string, period string, `source.bookings` string, `target.commission` string",
    )
    t_df = spark.createDataFrame(
        [("D1", "bookings", "2026-04-10", "400000", "100%", None),
         ("D1", "bookings", "2026-04-11", "1000", None, "100%")],
        "id string, metric string, date string, amount string, `split.alex` string, `split.blake` string",
    )
    with pytest.raises(incentive.DuplicateError, match="transaction `D1` appears twice"):
        isp.evaluate_credited(p_df, t_df, str(PLANS))


def test_a_missing_transactions_column_is_named(spark):
    p_df = spark.createDataFrame(
        [("alex", "account-executive-marginal", "2026-Q2")], "participant string, plan string, period string"
    )
    t_df = spark.createDataFrame(
        [("D1", "bookings", "400000", "100%")], "id string, metric string, amount string, `split.alex` string"
    )
    with pytest.raises(incentive.MissingInputError, match="the transactions DataFrame has no column `date`"):
        isp.evaluate_credited(p_df, t_df, str(PLANS))


# ---------------------------------------------------------------------------
# Monte Carlo: trial ranges across partitions
# ---------------------------------------------------------------------------


def roster_simulation(participants: int, trials: int, seed: int) -> str:
    """The shipped simulation file with a roster of ``participants``, one in
    each of the seven roles by turn (as ``examples/simulate.rs`` builds it):
    the draws and correlations are the shipped file's own."""
    text = (PLANS / "simulations" / "shipped-plans.toml").read_text()
    head, rest = text.split("[[participants]]", 1)
    body, tail = ("[[participants]]" + rest).split("[[draws]]", 1)
    blocks = [b.strip() for b in body.split("[[participants]]") if b.strip()]
    assert len(blocks) == 7
    head = re.sub(r"(?m)^seed = .*$", f"seed = {seed}", head)
    head = re.sub(r"(?m)^trials = .*$", f"trials = {trials}", head)
    out = [head]
    for i in range(participants):
        block = re.sub(r'participant = "p\d+"', f'participant = "p{i:05d}"', blocks[i % 7])
        out.append("[[participants]]\n" + block + "\n\n")
    out.append("[[draws]]" + tail)
    return "".join(out)


def test_trial_ranges_cover_every_trial_once():
    assert isp.trial_ranges(10, 3) == [(0, 4), (4, 7), (7, 10)]
    assert isp.trial_ranges(2000, 7)[-1] == (1715, 2000)
    assert isp.trial_ranges(3, 7) == [(0, 1), (1, 2), (2, 3)]
    for trials, parts in [(1, 1), (2000, 1), (2000, 2), (2000, 7), (1001, 13)]:
        r = isp.trial_ranges(trials, parts)
        assert [a for a, _ in r[1:]] == [b for _, b in r[:-1]]
        assert r[0][0] == 0 and r[-1][1] == trials
        assert max(b - a for a, b in r) - min(b - a for a, b in r) <= 1
    with pytest.raises(ValueError, match="at least 1 partition"):
        isp.trial_ranges(10, 0)


@pytest.fixture(scope="module")
def big_simulation():
    """1,000 participants × 2,000 trials, seed 2026, and its one-process report."""
    recipe = isp.SimulationRecipe(
        roster_simulation(1000, 2000, 2026), str(PLANS), origin="roster-1000.toml"
    )
    return recipe, recipe.build().run()


@pytest.mark.parametrize("partitions", [1, 2, 7])
def test_distributed_simulation_is_the_single_process_one(spark, big_simulation, partitions):
    recipe, single = big_simulation
    assert single["trials"] == 2000 and single["participants"] == 1000
    report = isp.simulate(spark, recipe, partitions)
    assert report == single
    for key in ("min", "p5", "p50", "p95", "max", "mean_cost"):
        assert report[key] == single[key]
    assert report["cap_hits"] == single["cap_hits"]
    assert any(c["hits"] > 0 for c in report["cap_hits"])


def test_simulation_on_spark_with_other_trials_and_seed(spark):
    recipe = isp.SimulationRecipe.from_file(
        PLANS / "simulations" / "shipped-plans.toml", str(PLANS), trials=500, seed=7
    )
    local = incentive.Simulation.from_file(
        PLANS / "simulations" / "shipped-plans.toml", incentive.Plans.load(PLANS)
    ).with_trials(500).with_seed(7)
    report = isp.simulate(spark, recipe, 3)
    assert report == local.run()
    assert (report["trials"], report["seed"]) == (500, 7)
