# %% [markdown]
# # incentive on Spark: statements and a plan-cost simulation
#
# A notebook-style script (cells marked `# %%`, as Jupyter, VS Code and
# `jupytext` read them). From the repository root, after `bash python/ci.sh`
# (or `bash python/build.sh` and `target/py-venv/bin/pip install pyspark`):
#
#     target/py-venv/bin/python python/examples/spark_example.py
#
# Everything runs in Spark's local mode on two cores; on a cluster, build the
# session your usual way and pass it in: nothing below reads a file on an
# executor (the plans travel as text).

# %%
import pathlib
import warnings
from decimal import Decimal

warnings.filterwarnings("ignore", message="PySpark does not yet fully support pandas")

import incentive
import incentive.spark as isp

ROOT = pathlib.Path(__file__).resolve().parents[2]
PLANS = ROOT / "plans"
SAMPLES = PLANS / "samples"

spark = isp.local_session(cores=2, app="incentive-example")
plans = incentive.Plans.load(PLANS)
print(plans)

# %% [markdown]
# ## A quarter's bonuses from a DataFrame of inputs
#
# The inputs CSV's columns, read by Spark as strings (an empty cell is null,
# "not given"). `evaluate` runs the plans in `mapInArrow`; the amounts are
# `DecimalType(38, 2)`, and a collected amount is a `decimal.Decimal`.

# %%
inputs = spark.read.csv(str(SAMPLES / "participants.csv"), header=True)
lines, totals = isp.evaluate(inputs, plans)
totals.orderBy("participant", "plan").show(truncate=False)
dana = totals.where("participant = 'dana'").first()
assert dana.total == Decimal("6437.50")
print("Dana is paid", dana.total, dana.currency)

# %%
# The payroll rows: one per line and adjustment paid, adding up to each total.
lines.where("participant = 'dana'").show(truncate=False)

# Totals by plan, summed exactly by Spark's decimal arithmetic.
totals.groupBy("plan").sum("total").orderBy("plan").show(truncate=False)

# %% [markdown]
# ## Commission credited from transaction lines
#
# Bookings credited from deals split between account executives, with an
# overlay specialist: the same statements as
# `incentive run plans q2-inputs.csv --transactions plans/samples/q2-transactions.csv`.

# %%
q2 = spark.createDataFrame(
    [
        ("alex", "account-executive-marginal", "2026-Q2", "credited", "500000"),
        ("blake", "account-executive-marginal", "2026-Q2", "credited", "500000"),
        ("sol", "account-executive-marginal", "2026-Q2", "credited", "600000"),
    ],
    "participant string, plan string, period string, `source.bookings` string, `target.commission` string",
)
deals = spark.read.csv(str(SAMPLES / "q2-transactions.csv"), header=True)
groups = isp.credit_groups(q2, deals)[2]
print("groups of participants linked by shared deals:", groups["groups_with_links"])
q2_lines, q2_totals = isp.evaluate_credited(q2, deals, plans)
q2_totals.orderBy("participant").show(truncate=False)

# %% [markdown]
# ## A plan-cost simulation across partitions
#
# 2,000 trials of the shipped simulation file, split into 4 contiguous ranges,
# one per partition; every trial is seeded by its index, so the report is the
# one-process report, field for field.

# %%
recipe = isp.SimulationRecipe.from_file(
    PLANS / "simulations" / "shipped-plans.toml", plans, trials=2000, seed=42
)
on_spark = isp.simulate(spark, recipe, partitions=4)
one_process = recipe.build().run()
assert on_spark == one_process
print(
    f"{on_spark['trials']} trials: p5 {on_spark['p5']}, p50 {on_spark['p50']}, "
    f"p95 {on_spark['p95']} {on_spark['currency']}, the same in one process"
)
for c in on_spark["cap_hits"]:
    print(f"  {c['plan']} {c.get('component') or '(plan cap)'}: {c['hits']} of {c['evaluations']}")

# %%
spark.stop()
