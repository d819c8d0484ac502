"""The Python package on the shipped plans and samples: exact amounts equal
to the Rust tests' worked examples (tests/examples.rs), the pandas and Arrow
routes, statements equal to the CLI's JSON, and the error cases."""

from __future__ import annotations

import json
import os
import pickle
import subprocess
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv
import pytest

import incentive

ROOT = Path(__file__).resolve().parents[2]
PLANS = ROOT / "plans"
SAMPLES = PLANS / "samples"


@pytest.fixture(scope="module")
def plans() -> incentive.Plans:
    return incentive.Plans.load(PLANS)


def worked_examples_df() -> pd.DataFrame:
    """Dana, Priya and Rita of tests/examples.rs, as Decimals, ints and strings."""
    return pd.DataFrame(
        {
            "participant": ["dana", "priya", "rita"],
            "plan": ["demand-generation", "product-manager", "demand-generation"],
            "period": ["2026-Q1", "2026-Q1", "2026-Q1"],
            "actual.pipeline": [Decimal("2300000"), Decimal("6600000"), 3300002],
            "target.pipeline": [2000000, Decimal("6000000"), "3000000"],
            "actual.booked": [None, Decimal("1800000"), None],
            "target.booked": [None, 2000000, None],
            "actual.opportunities": [None, 200, None],
            "actual.won": [None, 54, None],
            "target.close_rate": [None, Decimal("0.25"), None],
            "rating.campaign_effectiveness": [4, None, 3],
            "rating.field_readiness": [None, 4, None],
            "rating.market_perception": [None, 3, None],
        },
        # Object columns keep each value as given: pandas would make
        # [None, 2000000, None] a float64 column (NaN for None), refused.
        dtype=object,
    )


def strings_table(path: Path) -> pa.Table:
    """A CSV read by pyarrow with every column as strings (empty = null)."""
    with open(path, encoding="utf-8") as f:
        header = f.readline().strip().split(",")
    return pacsv.read_csv(
        path,
        convert_options=pacsv.ConvertOptions(
            column_types={c: pa.string() for c in header}, strings_can_be_null=True
        ),
    )


def totals_of(totals: pa.Table) -> dict:
    return {(r["participant"], r["plan"]): r["total"] for r in totals.to_pylist()}


def test_worked_examples_from_pandas_are_exact_decimals(plans):
    lines, totals = plans.evaluate(worked_examples_df())
    got = totals_of(totals)
    assert got[("dana", "demand-generation")] == Decimal("6437.50")
    assert str(got[("dana", "demand-generation")]) == "6437.50"
    assert str(got[("priya", "product-manager")]) == "6174.00"
    # Rita: exactly 4,500.005 on the pipeline line, half-even to 4,500.00.
    assert str(got[("rita", "demand-generation")]) == "5750.00"
    rita = {r["component"]: r["amount"] for r in lines.to_pylist() if r["participant"] == "rita"}
    assert rita == {"pipeline": Decimal("4500.00"), "campaign_effectiveness": Decimal("1250.00")}
    # Amounts are decimals in Arrow and in pandas, never floats.
    assert totals.schema.field("total").type == pa.decimal128(38, 2)
    assert lines.schema.field("amount").type == pa.decimal128(38, 2)
    df = totals.to_pandas()
    assert all(isinstance(v, Decimal) for v in df["total"])
    assert df.loc[df.participant == "dana", "total"].iloc[0] == Decimal("6437.50")


def test_schemas_are_the_documented_ones(plans):
    lines, totals = plans.evaluate(worked_examples_df())
    assert lines.schema == incentive.LINES_SCHEMA == plans.lines_schema
    assert totals.schema == incentive.TOTALS_SCHEMA == plans.totals_schema
    assert incentive.LINES_SCHEMA.names == ["participant", "plan", "period", "component", "amount"]
    assert incentive.TOTALS_SCHEMA.names == ["participant", "plan", "period", "total", "currency"]
    assert incentive.TOTALS_SCHEMA.field("period").nullable
    assert plans.scale == 2


def test_samples_match_the_worked_examples_by_every_route(plans):
    expect = {
        ("alex", "account-executive-marginal"): Decimal("58000.00"),
        ("alex", "account-executive-retroactive"): Decimal("78000.00"),
        ("casey", "customer-marketing"): Decimal("5190.47"),
        ("chen", "channel-marketing"): Decimal("4050.00"),
        ("dana", "demand-generation"): Decimal("6437.50"),
        ("jordan", "account-executive-marginal"): Decimal("40000.00"),
        ("jordan", "account-executive-retroactive"): Decimal("60000.00"),
        ("priya", "product-manager"): Decimal("6174.00"),
        ("rita", "demand-generation"): Decimal("5750.00"),
        ("sam", "sales-enablement"): Decimal("3650.00"),
    }
    csv_path = SAMPLES / "participants.csv"
    table = strings_table(csv_path)
    by_arrow = plans.evaluate(table)
    by_pandas = plans.evaluate(table.to_pandas())
    by_path = plans.evaluate(csv_path)
    by_toml = plans.evaluate(SAMPLES / "participants.toml")
    for lines, totals in (by_arrow, by_pandas, by_path, by_toml):
        assert totals_of(totals) == expect
    # The routes agree on every line, byte for byte.
    assert by_arrow[0].equals(by_pandas[0]) and by_arrow[1].equals(by_pandas[1])
    assert by_arrow[0].equals(by_path[0]) and by_arrow[1].equals(by_path[1])
    # Lines add up to totals.
    for t in by_arrow[1].to_pylist():
        rows = [r["amount"] for r in by_arrow[0].to_pylist() if (r["participant"], r["plan"]) == (t["participant"], t["plan"])]
        assert sum(rows, Decimal(0)) == t["total"]


def test_arrow_decimal_int_and_string_columns_agree(plans):
    base = {
        "participant": ["dana"],
        "plan": ["demand-generation"],
        "period": ["2026-Q1"],
    }
    as_decimal = pa.table(
        {
            **base,
            "actual.pipeline": pa.array([Decimal("2300000.00")], pa.decimal128(12, 2)),
            "target.pipeline": pa.array([2000000], pa.int64()),
            "rating.campaign_effectiveness": pa.array([4], pa.int8()),
        }
    )
    as_text = pa.table(
        {**base, "actual.pipeline": ["2300000"], "target.pipeline": ["2000000"], "rating.campaign_effectiveness": ["4"]}
    )
    as_large = as_text.cast(pa.schema([pa.field(n, pa.large_string()) for n in as_text.column_names]))
    results = [plans.evaluate(t)[1] for t in (as_decimal, as_text, as_large)]
    assert all(r.equals(results[0]) for r in results)
    assert results[0].column("total").to_pylist() == [Decimal("6437.50")]


def test_evaluate_batch_gives_record_batches_of_the_schemas(plans):
    batch = strings_table(SAMPLES / "participants.csv").to_batches()[0]
    lb, tb = plans.evaluate_batch(batch)
    assert isinstance(lb, pa.RecordBatch) and isinstance(tb, pa.RecordBatch)
    assert lb.schema == plans.lines_schema and tb.schema == plans.totals_schema
    assert tb.num_rows == 10
    l2, t2 = plans.evaluate(pa.Table.from_batches([batch]))
    assert pa.Table.from_batches([tb]).equals(t2)


def test_texts_round_trip_and_pickle(plans):
    texts = plans.texts()
    assert len(texts) == 9 and all(k.endswith(".toml") for k in texts)
    again = incentive.Plans.from_texts(texts)
    assert again.ids() == plans.ids()
    df = worked_examples_df()
    assert again.evaluate(df)[1].equals(plans.evaluate(df)[1])
    unpickled = pickle.loads(pickle.dumps(plans))
    assert unpickled.evaluate(df)[1].equals(plans.evaluate(df)[1])


def cli(*args: str) -> str:
    """The CLI's output: $INCENTIVE_CLI, or `cargo run --release -p incentive-cli`."""
    exe = os.environ.get("INCENTIVE_CLI")
    cmd = [exe, *args] if exe else ["cargo", "run", "--release", "-q", "-p", "incentive-cli", "--", *args]
    return subprocess.run(cmd, cwd=ROOT, check=True, capture_output=True, text=True).stdout


def test_statements_equal_the_cli_json(plans):
    want = json.loads(cli("run", "plans", "plans/samples/participants.csv", "--json"))
    got = plans.statements(strings_table(SAMPLES / "participants.csv"))
    assert got == want
    # The file itself, read as the CLI reads it.
    assert plans.statements(SAMPLES / "participants.csv") == want
    dana = next(s for s in got if s["participant"] == "dana")
    assert dana["total"] == "6437.50"


def test_crediting_equals_the_cli(plans):
    want = json.loads(
        cli(
            "run",
            "plans",
            "plans/samples/q2-participants.toml",
            "--transactions",
            "plans/samples/q2-transactions.csv",
            "--json",
        )
    )
    got = plans.statements(SAMPLES / "q2-participants.toml", transactions=SAMPLES / "q2-transactions.csv")
    assert got == want
    # The transactions as a table credit the same.
    tx = strings_table(SAMPLES / "q2-transactions.csv")
    assert plans.statements(SAMPLES / "q2-participants.toml", transactions=tx) == want
    lines, totals = plans.evaluate(SAMPLES / "q2-participants.toml", transactions=tx)
    assert [str(t) for t in totals.column("total").to_pylist()] == [s["total"] for s in want]


def test_float_column_is_refused_saying_how(plans):
    df = worked_examples_df()
    df["target.close_rate"] = [None, 0.25, None]  # pandas makes this float64
    with pytest.raises(incentive.InvalidInputError) as e:
        plans.evaluate(df)
    err = e.value
    assert err.kind == "invalid input"
    assert err.field == "target.close_rate"
    assert err.file == "<table>"
    assert "binary float" in str(err) and 'floats="shortest"' in str(err) and "Decimal" in str(err)
    # Asked for by name: each float through its shortest round-trip text.
    _, totals = plans.evaluate(df, floats="shortest")
    assert totals_of(totals)[("priya", "product-manager")] == Decimal("6174.00")
    # A float in an object column, and a float Arrow column, too.
    obj = worked_examples_df()
    obj["actual.pipeline"] = [2300000.0, Decimal("6600000"), 3300002]
    with pytest.raises(incentive.InvalidInputError) as e:
        plans.evaluate(obj)
    assert e.value.field == "actual.pipeline"
    assert totals_of(plans.evaluate(obj, floats="shortest")[1])[("dana", "demand-generation")] == Decimal("6437.50")
    t = pa.table({"participant": ["dana"], "plan": ["demand-generation"], "actual.pipeline": pa.array([0.1], pa.float32())})
    with pytest.raises(incentive.InvalidInputError, match="float"):
        plans.evaluate(t)
    with pytest.raises(incentive.InvalidInputError, match="not an option"):
        plans.evaluate(df, floats="round")


def test_shortest_reads_the_repr_not_the_binary_value(plans):
    # 0.1 + 0.2 is 0.30000000000000004 in binary: read as that text, exactly.
    t = pa.table(
        {
            "participant": ["x"],
            "plan": ["demand-generation"],
            "actual.pipeline": pa.array([2300000.1], pa.float64()),
            "target.pipeline": ["2000000"],
            "rating.campaign_effectiveness": ["4"],
        }
    )
    s = plans.statements(t, floats="shortest")[0]
    assert s["lines"][0]["measure"]["actual"] == "2300000.1"


def test_unknown_plan_names_participant_and_field(plans):
    df = worked_examples_df()
    df.loc[1, "plan"] = "no-such-plan"
    with pytest.raises(incentive.UnknownPlanError) as e:
        plans.evaluate(df)
    err = e.value
    assert isinstance(err, incentive.IncentiveError)
    assert (err.kind, err.participant, err.field) == ("unknown plan", "priya", "plan")
    assert (err.file, err.line, err.row) == ("<table>", 3, 1)
    assert "no plan has id `no-such-plan`" in str(err)


def test_missing_input_and_off_scale_are_typed(plans):
    df = worked_examples_df()
    df.loc[0, "rating.campaign_effectiveness"] = None
    with pytest.raises(incentive.MissingInputError) as e:
        plans.evaluate(df)
    assert (e.value.participant, e.value.plan) == ("dana", "demand-generation")
    df = worked_examples_df()
    df.loc[2, "rating.campaign_effectiveness"] = 9
    with pytest.raises(incentive.OffScaleError) as e:
        plans.evaluate(df)
    assert (e.value.participant, e.value.component) == ("rita", "campaign_effectiveness")


def test_bad_cell_names_row_column_and_value(plans):
    df = worked_examples_df()
    df["actual.pipeline"] = ["2300000", "2.300.000", "3300002"]
    with pytest.raises(incentive.InvalidInputError) as e:
        plans.evaluate(df, origin="crm")
    err = e.value
    assert (err.file, err.line, err.row, err.participant, err.field) == ("crm", 3, 1, "priya", "actual.pipeline")
    assert "`2.300.000` is not a decimal number" in str(err)


def test_bad_plan_text_names_file_and_line(plans):
    texts = plans.texts()
    name = next(k for k in texts if k.endswith("demand-generation.toml"))
    texts[name] = texts[name].replace('currency = "USD"', 'currency = "USD"\nwieght = 1', 1)
    with pytest.raises(incentive.IncentiveError) as e:
        incentive.Plans.from_texts(texts)
    err = e.value
    assert err.file == name
    assert err.line == texts[name].splitlines().index("wieght = 1") + 1
    assert "unknown field `wieght`" in str(err)
    with pytest.raises(incentive.IncentiveIOError) as e:
        incentive.Plans.load(PLANS / "no-such-plan.toml")
    assert e.value.kind == "i/o"


def test_errors_pickle_with_their_details(plans):
    df = worked_examples_df()
    df.loc[1, "plan"] = "no-such-plan"
    with pytest.raises(incentive.UnknownPlanError) as e:
        plans.evaluate(df)
    again = pickle.loads(pickle.dumps(e.value))
    assert type(again) is incentive.UnknownPlanError
    assert (again.participant, again.field, str(again)) == ("priya", "plan", str(e.value))


def test_what_if_and_seek_as_the_cli(plans):
    rows = plans.what_if(SAMPLES / "participants.csv", "dana", "attainment:pipeline", "0.5", "1.5", "0.5")
    assert [r["value"] for r in rows] == [Decimal("0.5"), Decimal("1.0"), Decimal("1.5")]
    assert rows[1]["amounts"] == {"pipeline": Decimal("3750.00"), "campaign_effectiveness": Decimal("1562.50")}
    assert rows[1]["total"] == Decimal("5312.50")
    want = cli(
        "seek", "plans", "plans/samples/participants.csv", "--participant", "dana", "--metric", "pipeline", "--amount", "6437.50"
    ).strip()
    got = plans.seek(SAMPLES / "participants.csv", "dana", "pipeline", Decimal("6437.50"))
    assert got["text"] == want
    assert got["kind"] == "reached" and Decimal(got["actual"]) == Decimal("2300000")


def test_year_equals_the_cli():
    want = json.loads(cli("year", "plans/samples/year-examples.toml", "--plans", "plans", "--plans", "plans/years", "--json"))
    got = incentive.year(SAMPLES / "year-examples.toml", [PLANS, PLANS / "years"])
    # File names in the statements are the paths as given; compare the rest.
    assert json.dumps(got, sort_keys=True) == json.dumps(want, sort_keys=True)


def test_simulation_run_equals_the_cli(plans):
    sim = incentive.Simulation.from_file(PLANS / "simulations" / "shipped-plans.toml", plans).with_trials(200).with_seed(7)
    assert (sim.trials, sim.seed) == (200, 7)
    want = json.loads(
        cli("simulate", "plans", "plans/simulations/shipped-plans.toml", "--trials", "200", "--seed", "7", "--json")
    )
    assert sim.run() == want
    text = (PLANS / "simulations" / "shipped-plans.toml").read_text()
    again = incentive.Simulation.from_text(text, "shipped-plans.toml", plans).with_trials(200).with_seed(7)
    assert again.run() == want


def test_simulation_parts_combine_to_the_run(plans):
    sim = incentive.Simulation.from_file(PLANS / "simulations" / "shipped-plans.toml", plans).with_trials(300).with_seed(11)
    whole = sim.run()
    for cuts in ([0, 300], [0, 100, 300], [0, 1, 2, 150, 299, 300]):
        parts = [sim.run_trials(a, b) for a, b in zip(cuts, cuts[1:])]
        assert all(isinstance(p, bytes) for p in parts)
        # In any order.
        assert sim.combine(list(reversed(parts))) == whole
    with pytest.raises(incentive.IncentiveError, match="0..300"):
        sim.run_trials(250, 301)
    # Parts missing a range are refused, never a partial report.
    with pytest.raises(incentive.IncentiveError):
        sim.combine([sim.run_trials(0, 100)])
    # A part of another seed is refused.
    with pytest.raises(incentive.IncentiveError):
        sim.combine([sim.with_seed(12).run_trials(0, 300)])


def test_pandas_dtypes_read_exactly(plans):
    df = pd.DataFrame(
        {
            "participant": pd.Series(["dana", "rita"], dtype="string"),
            "plan": pd.Series(["demand-generation", "demand-generation"], dtype="category"),
            "period": ["2026-Q1", None],
            "actual.pipeline": pd.Series([2300000, 3300002], dtype="Int64"),
            "target.pipeline": pd.Series([2000000, 3000000], dtype="int32"),
            "rating.campaign_effectiveness": pd.Series([4, 3], dtype="uint8"),
        }
    )
    _, totals = plans.evaluate(df)
    assert totals.column("total").to_pylist() == [Decimal("6437.50"), Decimal("5750.00")]
    assert totals.column("period").to_pylist() == ["2026-Q1", None]
    # A nullable Int64 with a missing value stays an integer column: the value is not given.
    df["actual.pipeline"] = pd.Series([2300000, None], dtype="Int64")
    with pytest.raises(incentive.MissingInputError) as e:
        plans.evaluate(df)
    assert e.value.participant == "rita"


def test_values_that_are_not_numbers_are_refused(plans):
    for bad, match in ((True, "boolean"), (Decimal("NaN"), "not an amount"), (object(), "not read")):
        df = worked_examples_df()
        df.loc[0, "actual.pipeline"] = bad
        with pytest.raises(incentive.InvalidInputError, match=match) as e:
            plans.evaluate(df)
        assert e.value.field == "actual.pipeline"
    t = pa.table({"participant": ["dana"], "plan": ["demand-generation"], "actual.pipeline": [True]})
    with pytest.raises(incentive.InvalidInputError, match="Boolean, which is not read") as e:
        plans.evaluate(t)
    assert e.value.field == "actual.pipeline"
    with pytest.raises(TypeError, match="cannot read dict"):
        plans.evaluate({"participant": ["dana"]})


def test_duplicates_and_empty_tables(plans):
    df = pd.concat([worked_examples_df(), worked_examples_df().iloc[[0]]], ignore_index=True)
    with pytest.raises(incentive.IncentiveError, match="already has a row for plan `demand-generation`") as e:
        plans.evaluate(df)
    assert (e.value.participant, e.value.file, e.value.line, e.value.row) == ("dana", "<table>", 5, 3)
    # The library's CSV reader gives a repeated row the kind `invalid input`
    # (its evaluate_each gives `duplicate`): pinned as it is.
    assert e.value.kind == "invalid input"
    lines, totals = plans.evaluate(worked_examples_df().iloc[0:0])
    assert (lines.num_rows, totals.num_rows) == (0, 0)
    assert totals.schema == plans.totals_schema


def test_many_rows_in_chunks_equal_the_cli_totals(plans, tmp_path):
    # More rows than one chunk (16,384), in reverse order: the output is
    # sorted as the CLI sorts, whatever the input order.
    n = 40_000
    rows = [
        f"p{i:06},demand-generation,2026-Q{1 + i % 2},{1_000_000 + (i * 7919) % 2_500_000}.{i % 100:02},{2_000_000 + 500_000 * (i % 3)},{1 + i % 5}"
        for i in reversed(range(n))
    ]
    path = tmp_path / "many.csv"
    path.write_text("participant,plan,period,actual.pipeline,target.pipeline,rating.campaign_effectiveness\n" + "\n".join(rows) + "\n")
    want = cli("run", "plans", str(path), "--csv").splitlines()
    assert want[0] == "participant,name,period,plan,total,currency"
    table = strings_table(path)
    lines, totals = plans.evaluate(table)
    # On several threads, the same tables.
    l3, t3 = plans.evaluate(table, threads=3)
    assert l3.equals(lines) and t3.equals(totals)
    with pytest.raises(incentive.InvalidInputError, match="at least 1"):
        plans.evaluate(table, threads=0)
    got = [
        f"{r['participant']},,{r['period']},{r['plan']},{r['total']},{r['currency']}" for r in totals.to_pylist()
    ]
    assert got == want[1:]
    assert lines.num_rows == 2 * n


def test_year_through_and_state_carry_on_as_one_run():
    files = [PLANS, PLANS / "years"]
    year_file = SAMPLES / "year-examples.toml"
    full = incentive.year(year_file, files, participant="dana")
    assert [s["period"]["label"] for s in full[0]["statements"]] == ["2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"]
    assert full[0]["statements"][0]["total"] == "3875.00"
    half = incentive.year(year_file, files, participant="dana", through="2026-Q2")
    assert [s["period"]["label"] for s in half[0]["statements"]] == ["2026-Q1", "2026-Q2"]
    rest = incentive.year(year_file, files, participant="dana", state={"dana": half[0]["state"]})
    assert [s["period"]["label"] for s in rest[0]["statements"]] == ["2026-Q3", "2026-Q4"]
    assert rest[0]["statements"] == full[0]["statements"][2:]
    assert rest[0]["state"] == full[0]["state"]
    with pytest.raises(incentive.InvalidInputError) as e:
        incentive.year(year_file, files, participant="dana", through="2026-Q9")
    assert (e.value.participant, e.value.field) == ("dana", "through")


def test_wide_decimal_columns_are_read_by_value(plans):
    # Spark's default decimal(38, 18): 12 integer digits and 18 zeros are 30
    # digits, more than a decimal holds; the value itself is what is read.
    t = pa.table(
        {
            "participant": ["dana"],
            "plan": ["demand-generation"],
            "actual.pipeline": pa.array([Decimal("230000000000.5")], pa.decimal128(38, 18)),
            "target.pipeline": pa.array([Decimal("200000000000")], pa.decimal128(38, 18)),
            "rating.campaign_effectiveness": pa.array([Decimal("4")], pa.decimal128(38, 18)),
        }
    )
    s = plans.statements(t)[0]
    assert s["lines"][0]["measure"]["actual"] == "230000000000.5"
    assert s["lines"][0]["measure"]["target"] == "200000000000"
    assert s["total"] == "6437.50"


def test_crediting_error_names_the_transaction_and_its_row(plans):
    tx = strings_table(SAMPLES / "q2-transactions.csv").to_pandas()
    tx.loc[1, "split.blake"] = "40%"  # D2's splits now sum to 90%
    with pytest.raises(incentive.IncentiveError) as e:
        plans.evaluate(SAMPLES / "q2-participants.toml", transactions=tx)
    err = e.value
    assert (err.transaction, err.file, err.line, err.row) == ("D2", "<transactions>", 3, 1)
    assert "100%" in str(err)
