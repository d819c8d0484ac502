"""Quickstart, notebook style: run it from the repository's root after
``python/build.sh``::

    target/py-venv/bin/python python/examples/quickstart.py

Each ``# %%`` cell runs on its own in a notebook (Jupyter, VS Code).
"""

# %% Load the shipped plans: the folder the CLI reads with `incentive run plans …`.
from decimal import Decimal
from pathlib import Path

import pandas as pd

import incentive

root = Path(__file__).resolve().parents[2]
plans = incentive.Plans.load(root / "plans")
print(plans)

# %% A DataFrame whose columns are the inputs CSV's. Decimals, ints and
# strings are read exactly; `dtype=object` keeps pandas from turning a column
# with a missing value into floats (a float column is refused).
df = pd.DataFrame(
    {
        "participant": ["dana", "rita"],
        "plan": ["demand-generation", "demand-generation"],
        "period": ["2026-Q1", "2026-Q1"],
        "actual.pipeline": [Decimal("2300000"), Decimal("3300002")],
        "target.pipeline": [2000000, 3000000],
        "rating.campaign_effectiveness": [4, 3],
    },
    dtype=object,
)
lines, totals = plans.evaluate(df)
print(totals.to_pandas())
assert totals.to_pandas().set_index("participant")["total"].to_dict() == {
    "dana": Decimal("6437.50"),
    "rita": Decimal("5750.00"),  # exactly 4,500.005 + 1,250, half-even per line
}

# %% The lines: one row per line and adjustment paid; they add up to the totals.
print(lines.to_pandas())

# %% A float column is refused, saying how to pass it exactly...
floats = df.assign(**{"actual.pipeline": [2300000.0, 3300002.0]})
try:
    plans.evaluate(floats)
except incentive.InvalidInputError as e:
    print("refused:", e.field, "-", e.detail[:80], "…")

# ...unless you ask for each float's shortest round-trip text by name.
print(plans.evaluate(floats, floats="shortest")[1].to_pandas())

# %% Errors name what is wrong: the participant, the plan, the field, the row.
bad = df.assign(plan=["demand-generation", "no-such-plan"])
try:
    plans.evaluate(bad)
except incentive.UnknownPlanError as e:
    print(type(e).__name__, e.participant, e.field, "row", e.row, ":", e.detail)

# %% Full statements: dicts equal to `incentive run --json`, amounts as exact text.
dana = plans.statements(df)[0]
print(dana["participant"], dana["total"], [(l["component"], l["amount"]) for l in dana["lines"]])

# %% What-if and goal seek, as `incentive what-if` and `incentive seek`.
for row in plans.what_if(df, "dana", "attainment:pipeline", "0.5", "1.5", "0.25"):
    print(row["value"], row["total"])
print(plans.seek(df, "dana", "pipeline", Decimal("7000"))["text"])

# %% A Monte Carlo plan-cost simulation, as `incentive simulate`.
sim = incentive.Simulation.from_file(root / "plans/simulations/shipped-plans.toml", plans).with_trials(1000).with_seed(42)
report = sim.run()
print({k: report[k] for k in ("trials", "seed")}, "keys:", sorted(report))

# %% The same report from parts run anywhere (other processes, Spark executors).
parts = [sim.run_trials(0, 400), sim.run_trials(400, 1000)]
assert sim.combine(parts) == report
print("combined parts equal the single run")
