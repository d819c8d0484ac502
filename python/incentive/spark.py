"""Exact incentive compensation on Spark: statements and Monte Carlo trials.

``incentive.spark`` runs the engine of ``incentive`` (the Rust library, the
same calls the ``incentive`` command makes) inside Spark's Python workers,
through Arrow:

- :func:`evaluate` pays a Spark DataFrame of participants' inputs (the inputs
  CSV's columns) through ``mapInArrow``, giving a DataFrame of statement
  lines and one of totals, every amount a ``DecimalType(38, scale)``, never
  a float.
- :func:`evaluate_credited` pays participants whose metrics and commission
  lines are credited from a DataFrame of transaction lines, as ``incentive
  run PLANS INPUTS --transactions FILE.csv`` does.
- :func:`simulate` runs a seeded Monte Carlo simulation whose trials are
  split into contiguous ranges across partitions, and gives the report
  ``Simulation.run()`` gives, equal in every field, whatever the number of
  partitions.

How the plans reach the executors: the driver reads the plan files' texts
(``Plans.texts()``), the texts travel in the task's closure, and each Python
worker rebuilds the plans from them (``Plans.from_texts``) once, keyed by a
digest of the texts, and reuses them for every later partition. No file
system is shared between driver and executors.

``python/docs/spark.md`` explains the design, why the results are identical
and how to size partitions.
"""

from __future__ import annotations

import hashlib
import os
import sys
from typing import Any, Dict, Iterator, List, Mapping, Optional, Sequence, Tuple, Union

import pyarrow as pa

import incentive

__all__ = [
    "evaluate",
    "evaluate_tagged",
    "split_tagged",
    "evaluate_credited",
    "credit_groups",
    "SimulationRecipe",
    "simulate",
    "trial_ranges",
    "local_session",
    "spark_schema",
    "KIND",
    "GROUP",
]

PathLike = Union[str, "os.PathLike[str]"]

# ---------------------------------------------------------------------------
# Plans on the executors
# ---------------------------------------------------------------------------

#: Plans rebuilt in this Python process, by the digest of their texts. A
#: Spark Python worker is reused for many tasks (``spark.python.worker.reuse``
#: is on by default), so the plans are parsed once per worker, not once per
#: partition. Holds at most :data:`_CACHE_SIZE` plan sets.
_PLANS_CACHE: Dict[str, Any] = {}
_CACHE_SIZE = 8


def _digest(texts: Mapping[str, str]) -> str:
    """A digest naming a set of plan texts (file names and contents)."""
    h = hashlib.sha256()
    for name in sorted(texts):
        for part in (name, texts[name]):
            data = part.encode("utf-8")
            h.update(len(data).to_bytes(8, "little"))
            h.update(data)
    return h.hexdigest()


def _plans_from(texts: Mapping[str, str], digest: str) -> Any:
    """The plans built from ``texts``, rebuilt at most once per process."""
    plans = _PLANS_CACHE.get(digest)
    if plans is None:
        plans = incentive.Plans.from_texts(dict(texts))
        if len(_PLANS_CACHE) >= _CACHE_SIZE:
            _PLANS_CACHE.pop(next(iter(_PLANS_CACHE)))
        _PLANS_CACHE[digest] = plans
    return plans


def _plans_of(plans: Union[PathLike, Any]) -> Any:
    """An ``incentive.Plans`` from a plan folder or file path, or as given."""
    if isinstance(plans, (str, os.PathLike)):
        return incentive.Plans.load(os.fspath(plans))
    if not isinstance(plans, incentive.Plans):
        raise TypeError(
            f"cannot use {type(plans).__name__} as plans; give a plan folder or file path, "
            "or an incentive.Plans"
        )
    return plans


class _Shipped:
    """What a task needs to rebuild the plans on an executor: their texts.

    Pickled into the task's closure (a few kilobytes of TOML); the digest
    keys the per-worker cache.
    """

    __slots__ = ("texts", "digest")

    def __init__(self, plans: Any) -> None:
        texts = plans.texts()
        if not texts:
            raise incentive.IncentiveError(
                "the plans have no texts to ship to the executors; load them with "
                "`incentive.Plans.load(folder)` or `incentive.Plans.from_texts(texts)`",
                field="plans",
            )
        self.texts = dict(texts)
        self.digest = _digest(self.texts)

    def plans(self) -> Any:
        """The plans, rebuilt once in this process."""
        return _plans_from(self.texts, self.digest)

    def __getstate__(self) -> Tuple[Dict[str, str], str]:
        return (self.texts, self.digest)

    def __setstate__(self, state: Tuple[Dict[str, str], str]) -> None:
        self.texts, self.digest = state


# ---------------------------------------------------------------------------
# Schemas
# ---------------------------------------------------------------------------


def spark_schema(schema: pa.Schema) -> Any:
    """The Spark ``StructType`` of an Arrow schema.

    Arrow ``decimal128(p, s)`` becomes ``DecimalType(p, s)`` and strings
    ``StringType``, so amounts stay exact decimals on the Spark side
    (``Row.amount`` is a ``decimal.Decimal``). Every field is nullable, as
    ``mapInArrow``'s output is.
    """
    from pyspark.sql.pandas.types import from_arrow_type
    from pyspark.sql.types import StructField, StructType

    return StructType([StructField(f.name, from_arrow_type(f.type), True) for f in schema])


#: The tag column of :func:`evaluate_tagged`'s output: ``"line"`` or ``"total"``.
KIND = "kind"


def _tagged_schema(plans: Any) -> pa.Schema:
    """The tagged union of a statement line and a total, as one Arrow schema.

    ``kind``, then the lines' fields in order, then the totals' fields the
    lines do not have. The fields both have (participant, plan, period)
    have the same type in both.
    """
    lines: pa.Schema = plans.lines_schema
    totals: pa.Schema = plans.totals_schema
    fields = [pa.field(KIND, pa.string())]
    for f in lines:
        fields.append(pa.field(f.name, f.type))
    for f in totals:
        i = lines.get_field_index(f.name)
        if i < 0:
            fields.append(pa.field(f.name, f.type))
        elif lines.field(i).type != f.type:
            raise TypeError(
                f"field `{f.name}` is {lines.field(i).type} in the lines schema but {f.type} "
                "in the totals schema; the tagged union needs one type"
            )
    return pa.schema(fields)


def _tag(data: Union[pa.RecordBatch, pa.Table], kind: str, schema: pa.Schema) -> pa.RecordBatch:
    """Lines or totals as one batch of the tagged union ``schema``."""
    if isinstance(data, pa.Table):
        data = data.combine_chunks()
        arrays = [c.chunk(0) if c.num_chunks else pa.array([], type=c.type) for c in data.columns]
        data = pa.RecordBatch.from_arrays(arrays, schema=data.schema)
    n = data.num_rows
    columns = []
    for f in schema:
        if f.name == KIND:
            columns.append(pa.array([kind] * n, type=pa.string()))
            continue
        i = data.schema.get_field_index(f.name)
        if i < 0:
            columns.append(pa.nulls(n, type=f.type))
        else:
            columns.append(data.column(i))
    return pa.RecordBatch.from_arrays(columns, schema=schema)


def _plain_names(df: Any) -> Tuple[Any, List[str]]:
    """``df`` with its columns renamed ``_c0``, ``_c1``, …, and the names.

    Spark's Arrow UDFs resolve each input column by its name, and a name
    with a dot (``actual.pipeline``) resolves as a struct field; the
    functions rename the Arrow batches back to the original names.
    """
    names = list(df.columns)
    return df.toDF(*[f"_c{i}" for i in range(len(names))]), names


def _renamed(batch: Any, names: List[str]) -> Any:
    """An Arrow batch or table with its columns named ``names``."""
    return batch.rename_columns(names)


def _where() -> str:
    """This task's partition, for the origin errors name."""
    try:
        from pyspark import TaskContext

        ctx = TaskContext.get()
        if ctx is not None:
            return f"partition {ctx.partitionId()}"
    except ImportError:  # pragma: no cover - only inside Spark
        pass
    return "a partition"


# ---------------------------------------------------------------------------
# Evaluate participants' inputs
# ---------------------------------------------------------------------------


def _check_unique_inputs(df: Any) -> None:
    """Refuses a participant with two rows for one plan and period.

    The engine refuses that within one batch (as ``incentive run`` does in
    one file); rows in different batches or partitions are checked here,
    with one aggregation over the whole DataFrame.
    """
    from pyspark.sql import functions as F

    keys = [c for c in ("participant", "plan", "period") if c in df.columns]
    if len(keys) < 2:
        return  # the engine names the missing column
    twice = (
        df.groupBy(*[_col(k) for k in keys])
        .count()
        .where(F.col("count") > 1)
        .orderBy(*[_col(k) for k in keys])
        .limit(1)
        .collect()
    )
    if twice:
        r = twice[0]
        who, plan = r["participant"], r["plan"]
        period = r["period"] if "period" in keys else None
        when = f"period `{period}`" if period is not None else "no period"
        detail = (
            f"participant `{who}` has {r['count']} rows for plan `{plan}` and {when}; "
            "give each participant one row per plan and period"
        )
        raise incentive.DuplicateError(
            f"invalid input: participant `{who}`, plan `{plan}`, field `participant`: {detail}",
            kind="duplicate",
            participant=who,
            plan=plan,
            field="participant",
            detail=detail,
        )


def evaluate_tagged(df: Any, plans: Union[PathLike, Any], *, check_unique: bool = True) -> Any:
    """Statement lines and totals of a DataFrame of inputs, in one DataFrame.

    One ``mapInArrow`` pass: each Arrow batch of input rows is evaluated once
    (``Plans.evaluate_batch``) and gives rows tagged ``kind = "line"`` (the
    fields of ``plans.lines_schema``) and ``kind = "total"`` (the fields of
    ``plans.totals_schema``), the other kind's own fields null.
    :func:`split_tagged` splits it. Spark runs the pass again for every
    action on a DataFrame derived from it: persist this one when both
    halves are computed from a large input.

    ``df`` has the inputs CSV's columns (``participant``, ``plan``,
    ``period``, ``actual.X``, ``target.X``, ``rating.X``, ``label.X``, …) as
    strings, integers or decimals; null is a value not given (Spark's CSV
    reader reads an empty cell as null). A float column is refused by the
    engine with an error saying how to pass it exactly. ``plans`` is a plan
    folder or file, or an ``incentive.Plans``.

    Errors (raised when an action runs the pass) are the engine's, naming
    the participant, plan, component and field, carried inside Spark's own
    exception (``pyspark.errors.PythonException``); the file they name is
    ``<inputs DataFrame, partition P, batch B>`` and the line counts the
    rows of that Arrow batch (line 2 is its first row). Nothing is paid if
    one row cannot be.

    With ``check_unique`` (the default), a participant with two rows for one
    plan and period anywhere in ``df`` is refused at once, before the pass,
    with a ``DuplicateError``: that costs one aggregation job over ``df``
    (pass ``False`` when the rows are known to be unique).
    """
    plans = _plans_of(plans)
    if check_unique:
        _check_unique_inputs(df)
    shipped = _Shipped(plans)
    schema = _tagged_schema(plans)

    plain, names = _plain_names(df)

    def run(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        built = shipped.plans()
        where = _where()
        for b, batch in enumerate(batches):
            if batch.num_rows == 0:
                continue
            lines, totals = built.evaluate_batch(
                _renamed(batch, names), origin=f"<inputs DataFrame, {where}, batch {b}>"
            )
            yield _tag(lines, "line", schema)
            yield _tag(totals, "total", schema)

    return plain.mapInArrow(run, spark_schema(schema))


def split_tagged(tagged: Any, plans: Union[PathLike, Any, None] = None) -> Tuple[Any, Any]:
    """The lines and the totals of a tagged DataFrame.

    ``tagged`` is :func:`evaluate_tagged`'s (or :func:`evaluate_credited`'s
    ``tagged=True``) output. Each half has exactly the columns of the lines
    or totals schema, in order: the lines' ``participant, plan, period,
    component, amount`` and the totals' ``participant, plan, period, total,
    currency`` (the names are taken from ``plans`` when given, else from
    the default schemas, whose names are the same at every scale).
    """
    from pyspark.sql import functions as F

    if plans is None:
        lines_schema, totals_schema = incentive.LINES_SCHEMA, incentive.TOTALS_SCHEMA
    else:
        p = _plans_of(plans)
        lines_schema, totals_schema = p.lines_schema, p.totals_schema
    lines = tagged.where(F.col(KIND) == "line").select(*[F.col(f"`{f.name}`") for f in lines_schema])
    totals = tagged.where(F.col(KIND) == "total").select(
        *[F.col(f"`{f.name}`") for f in totals_schema]
    )
    return lines, totals


def evaluate(
    df: Any, plans: Union[PathLike, Any], *, check_unique: bool = True
) -> Tuple[Any, Any]:
    """Statement lines and totals of a Spark DataFrame of participants' inputs.

    Returns ``(lines, totals)``: ``lines`` has the columns of
    ``plans.lines_schema`` (participant, plan, period, component, amount: one
    row per line and adjustment paid, the payroll rows), ``totals`` those of
    ``plans.totals_schema`` (participant, plan, period, total, currency: one
    row per statement); amounts are ``DecimalType(38, plans.scale)``.

    Both halves come from one ``mapInArrow`` pass (:func:`evaluate_tagged`),
    which Spark runs once for each action: cache
    ``evaluate_tagged(df, plans)`` and split it with :func:`split_tagged`
    when both halves of a large input are used. Rows come in the input's
    partition order, not sorted; sort by participant, plan and period to
    compare with ``incentive run``. Each input row is paid on its own, so
    the result does not depend on how ``df`` is partitioned; a participant
    with two rows for one plan and period is refused (``check_unique``, see
    :func:`evaluate_tagged`).

    Example::

        df = spark.read.csv("plans/samples/participants.csv", header=True)
        lines, totals = incentive.spark.evaluate(df, "plans")
        totals.where("participant = 'dana'").first().total  # Decimal('6437.50')
    """
    plans = _plans_of(plans)
    return split_tagged(evaluate_tagged(df, plans, check_unique=check_unique), plans)


# ---------------------------------------------------------------------------
# Credited from transaction lines
# ---------------------------------------------------------------------------

#: The column :func:`credit_groups` adds: the group a participant's inputs
#: and the transaction lines credited to them are evaluated in.
GROUP = "_incentive_group"

_RECEIVERS = "_incentive_receivers"


def _col(name: str) -> Any:
    """A Spark column by its name, dots and all (``split.alex``)."""
    from pyspark.sql import functions as F

    return F.col("`" + name.replace("`", "``") + "`")


def _as_text(df: Any) -> Any:
    """``df`` with every column as exact text (decimals, integers, dates).

    Spark writes a decimal as its exact digits (``10000.00``), an integer
    as its digits and a date as ``YYYY-MM-DD``, which is what the engine's
    CSV readers read; a float or double column is left as it is, so the
    engine refuses it with an error saying how to pass it exactly.
    """
    from pyspark.sql import types as T

    cols = []
    for f in df.schema.fields:
        c = _col(f.name)
        if isinstance(f.dataType, (T.FloatType, T.DoubleType, T.StringType)):
            cols.append(c)
        else:
            cols.append(c.cast("string").alias(f.name))
    return df.select(*cols)


def _receivers(tx: Any) -> Any:
    """The transactions with a column of the participants each is credited
    to by its own cells: its ``split.P`` cells that are not empty and its
    ``overlays`` (separated by ``;``)."""
    from pyspark.sql import functions as F

    names = tx.columns
    split_cols = [c for c in names if c.startswith("split.")]
    parts = []
    if split_cols:
        parts.append(
            F.array(
                *[
                    F.when(
                        _col(c).isNotNull() & (F.trim(_col(c)) != ""),
                        F.lit(c[len("split.") :]),
                    )
                    for c in split_cols
                ]
            )
        )
    if "overlays" in names:
        parts.append(
            F.coalesce(
                F.transform(F.split(_col("overlays"), ";"), lambda x: F.trim(x)),
                F.array().cast("array<string>"),
            )
        )
    if not parts:
        whom = F.array().cast("array<string>")
    elif len(parts) == 1:
        whom = parts[0]
    else:
        whom = F.concat(*parts)
    whom = F.array_distinct(F.filter(whom, lambda x: x.isNotNull() & (x != "")))
    return tx.withColumn(_RECEIVERS, whom)


class _UnionFind:
    """Groups of participants linked by the transactions they share."""

    def __init__(self) -> None:
        self.parent: Dict[str, str] = {}

    def find(self, x: str) -> str:
        parent = self.parent
        parent.setdefault(x, x)
        root = x
        while parent[root] != root:
            root = parent[root]
        while parent[x] != root:
            parent[x], x = root, parent[x]
        return root

    def union(self, items: Sequence[str]) -> None:
        it = iter(items)
        first = next(it, None)
        if first is None:
            return
        a = self.find(first)
        for y in it:
            b = self.find(y)
            if a != b:
                # The smaller id names the group, so groups are the same
                # whatever order the links come in.
                if b < a:
                    a, b = b, a
                self.parent[b] = a


#: The group key of transaction lines credited to nobody (no split cells,
#: and no original to take them from). Never a participant id: ids are
#: never empty.
_NOBODY = ""


def credit_groups(participants: Any, transactions: Any) -> Tuple[Any, Any, Dict[str, Any]]:
    """The participants' inputs and the transaction lines, each row keyed by
    the group it is evaluated in (column :data:`GROUP`).

    A group holds participants linked by the lines they share, so that every
    participant a line is credited to is in the line's group: the groups are
    the connected components of the graph whose nodes are participants and
    whose edges are

    - a line's splits and overlays (a credit note without splits takes its
      original's, and is in its original's group);
    - a participant whose ``source.METRIC`` is ``team:ID`` and ``ID``.

    A participant credited nothing is a group of their own. When any input
    reads a metric from ``company`` (every line of the period), there is a
    single group. Returns ``(participants, transactions, info)`` where
    ``info`` says how many groups and links were found.

    The links are computed on the driver from the *distinct* sets of
    receivers (not from every line), so the driver holds one entry per
    distinct receiver set and one per participant credited anything.
    """
    from pyspark.sql import functions as F

    tx = _receivers(_as_text(transactions))
    # A credit note with no split cells is credited as its original is.
    if "refers_to" in tx.columns:
        orig = tx.select(
            _col("id").alias("_incentive_orig_id"),
            _col(_RECEIVERS).alias("_incentive_orig_receivers"),
        )
        tx = tx.join(
            orig, F.col("refers_to") == F.col("_incentive_orig_id"), "left"
        ).withColumn(
            _RECEIVERS,
            F.array_distinct(
                F.concat(
                    _col(_RECEIVERS),
                    F.coalesce(
                        F.col("_incentive_orig_receivers"), F.array().cast("array<string>")
                    ),
                )
            ),
        ).drop("_incentive_orig_id", "_incentive_orig_receivers")

    uf = _UnionFind()
    sets = tx.select(F.array_sort(_col(_RECEIVERS)).alias("r")).distinct().collect()
    for row in sets:
        uf.union(list(row["r"]))
    source_cols = [c for c in participants.columns if c.startswith("source.")]
    company = False
    team_links = 0
    if source_cols:
        reads = (
            participants.select(
                _col("participant").alias("p"),
                F.explode(F.array(*[_col(c).cast("string") for c in source_cols])).alias("s"),
            )
            .where(F.col("s").isNotNull())
            .select("p", F.trim(F.col("s")).alias("s"))
            .where((F.col("s") == "company") | F.col("s").startswith("team:"))
            .distinct()
            .collect()
        )
        for r in reads:
            if r["s"] == "company":
                company = True
            else:
                other = r["s"][len("team:") :].strip()
                if other:
                    # An empty `team:` is the engine's error to report.
                    uf.union([r["p"], other])
                    team_links += 1

    spark = participants.sparkSession
    if company:
        # Every line reaches a company source: one group.
        p_keyed = participants.withColumn(GROUP, F.lit("*"))
        t_keyed = tx.withColumn(
            GROUP,
            F.when(F.size(_col(_RECEIVERS)) > 0, F.lit("*")).otherwise(F.lit(_NOBODY)),
        )
        groups = 1
    else:
        pairs = sorted((x, uf.find(x)) for x in uf.parent)
        groups_of = {k for _, k in pairs}
        groups = len(groups_of)
        if pairs:
            keys = spark.createDataFrame(pairs, "_incentive_node string, _incentive_key string")
        else:
            keys = spark.createDataFrame([], "_incentive_node string, _incentive_key string")
        keys = F.broadcast(keys)
        p_keyed = (
            participants.join(keys, _col("participant") == F.col("_incentive_node"), "left")
            .withColumn(GROUP, F.coalesce(F.col("_incentive_key"), _col("participant")))
            .drop("_incentive_node", "_incentive_key")
        )
        t_keyed = (
            tx.join(
                keys,
                F.try_element_at(F.array_sort(_col(_RECEIVERS)), F.lit(1))
                == F.col("_incentive_node"),
                "left",
            )
            .withColumn(GROUP, F.coalesce(F.col("_incentive_key"), F.lit(_NOBODY)))
            .drop("_incentive_node", "_incentive_key")
        )
    info = {
        "receiver_sets": len(sets),
        "linked_participants": len(uf.parent),
        "team_links": team_links,
        "company": company,
        "groups_with_links": groups,
    }
    return p_keyed, t_keyed, info


def _require(df: Any, what: str, columns: Sequence[str]) -> None:
    """Refuses a DataFrame that lacks one of ``columns``."""
    missing = [c for c in columns if c not in df.columns]
    if missing:
        m = missing[0]
        detail = (
            f"the {what} DataFrame has no column `{m}`; it needs "
            + ", ".join(f"`{c}`" for c in columns)
            + (" (a period on every row, to credit over)" if m == "period" else "")
        )
        raise incentive.MissingInputError(
            f"missing input: field `{m}`: {detail}", kind="missing input", field=m, detail=detail
        )


def _check_unique_ids(tx: Any) -> None:
    """Refuses a transaction id that appears twice, as the engine does."""
    from pyspark.sql import functions as F

    twice = tx.groupBy(_col("id")).count().where(F.col("count") > 1).orderBy(_col("id")).limit(1).collect()
    if twice:
        tid = twice[0]["id"]
        raise incentive.DuplicateError(
            f"invalid input: file `<transactions>`, transaction `{tid}`, field `id`: transaction "
            f"`{tid}` appears twice; transaction ids must be unique",
            kind="duplicate",
            file="<transactions>",
            transaction=tid,
            field="id",
            detail=f"transaction `{tid}` appears twice; transaction ids must be unique",
        )


def evaluate_credited(
    participants: Any,
    transactions: Any,
    plans: Union[PathLike, Any],
    *,
    tagged: bool = False,
) -> Any:
    """Statements credited from a DataFrame of transaction lines, as
    ``incentive run PLANS INPUTS --transactions FILE.csv`` makes them.

    ``participants`` has the inputs CSV's columns, with a ``period`` on
    every row and ``source.METRIC`` saying where a metric comes from
    (``credited``, ``team``, ``team:ID``, ``company``);
    ``transactions`` has the transactions CSV's columns (``id``,
    ``metric``, ``date``, ``amount``, and optionally ``quantity``,
    ``cost``, ``refers_to``, ``attr.NAME``, ``split.PARTICIPANT``,
    ``overlays``), as strings, integers, decimals or dates.

    Design: :func:`credit_groups` keys every input row and every line by the
    group of participants it is evaluated in (participants linked by the
    lines they share), the two DataFrames are co-grouped by that key
    (``groupBy(...).cogroup(...).applyInArrow``), and each group is paid on
    one executor with ``Plans.evaluate(inputs, transactions=lines)``: the
    same call, and so the same crediting (every period's window, the credit
    trail, commission months settled in order through one ledger per
    participant), that the CLI makes on the whole file. A group holds every
    line credited to any of its participants and every participant those
    lines are credited to, so each statement sees exactly the lines the CLI
    gives it.

    Limits, stated plainly: a group is paid on one executor, so the work
    spreads only as far as the participants split into unlinked groups (a
    ``company`` source, or an overlay on every deal, makes one group); the
    lines a CSV carries have no hierarchy, cancellations or collections (as
    with ``--transactions FILE.csv``), so ``team`` is a participant's own
    split credit; an error names ``<table>``/``<transactions>`` and a line
    counted within its group's rows (sorted by participant, plan and period,
    and by date and id), not the DataFrame's; a transaction id repeated
    anywhere is refused before anything is paid, and a line credited to no
    participant makes the job fail naming it, as the CLI refuses it.

    Returns ``(lines, totals)`` as :func:`evaluate` does, or the tagged
    DataFrame with ``tagged=True``. Raises ``MissingInputError`` at once when
    a required column is missing, and ``DuplicateError`` for a repeated
    transaction id.
    """
    plans = _plans_of(plans)
    shipped = _Shipped(plans)
    schema = _tagged_schema(plans)
    _require(participants, "participants", ("participant", "plan", "period"))
    _require(transactions, "transactions", ("id", "metric", "date", "amount"))
    _check_unique_ids(transactions)
    p_keyed, t_keyed, _ = credit_groups(participants, transactions)
    p_cols = [c for c in participants.columns]
    t_cols = [c for c in transactions.columns]
    p_side, p_names = _plain_names(
        _as_text(p_keyed.select(*[_col(c) for c in p_cols + [GROUP]]))
    )
    t_side, t_names = _plain_names(t_keyed.select(*[_col(c) for c in t_cols + [_RECEIVERS, GROUP]]))
    p_group = f"_c{len(p_names) - 1}"
    t_group = f"_c{len(t_names) - 1}"

    def run(key: Tuple[Any, ...], inputs: pa.Table, lines: pa.Table) -> pa.Table:
        inputs = _renamed(inputs, p_names)
        lines = _renamed(lines, t_names)
        group = key[0].as_py() if key else None
        if inputs.num_rows == 0:
            _refuse_uncredited(group, lines)
            return pa.Table.from_batches([], schema=schema)
        order = [(c, "ascending") for c in ("participant", "plan", "period") if c in p_cols]
        inputs = inputs.sort_by(order).select(p_cols)
        lines = lines.sort_by([("date", "ascending"), ("id", "ascending")]).select(t_cols)
        built = shipped.plans()
        try:
            lt, tt = built.evaluate(inputs, transactions=lines)
        except incentive.IncentiveError as e:
            raise _in_group(e, group) from None
        return pa.Table.from_batches([_tag(lt, "line", schema), _tag(tt, "total", schema)], schema=schema)

    out = (
        p_side.groupBy(p_group)
        .cogroup(t_side.groupBy(t_group))
        .applyInArrow(run, spark_schema(schema))
    )
    if tagged:
        return out
    return split_tagged(out, plans)


_ERROR_FIELDS = (
    "kind",
    "file",
    "line",
    "column",
    "row",
    "plan",
    "participant",
    "component",
    "transaction",
    "field",
    "detail",
)


def _in_group(e: Any, group: Optional[str]) -> Any:
    """The engine's error ``e``, of the same class and with the same place,
    its message saying which group's rows its line and row count."""
    where = (
        f" (in Spark group `{group}`: the line and row count the rows of that group as "
        "the engine received them, inputs sorted by participant, plan and period and "
        "transaction lines by date and id, not the lines of the DataFrame's source)"
    )
    attrs = {k: getattr(e, k, None) for k in _ERROR_FIELDS}
    return type(e)(str(e) + where, **attrs)


def _refuse_uncredited(group: Optional[str], lines: pa.Table) -> None:
    """Raises the error for lines whose group has no participant's inputs."""
    if lines.num_rows == 0:
        return
    lines = lines.sort_by([("id", "ascending")])
    tid = lines.column("id")[0].as_py()
    receivers = lines.column(_RECEIVERS)[0].as_py() or []
    if not receivers:
        raise incentive.InvalidInputError(
            f"invalid input: transaction `{tid}`, field `splits`: transaction `{tid}`: has no "
            "splits; credit it to at least one participant with `split.PARTICIPANT` (or, for a "
            "credit note, `refers_to` a known line)",
            transaction=tid,
            field="splits",
        )
    who = sorted(receivers)[0]
    # The engine's own words for a line credited to someone unknown.
    raise incentive.InvalidInputError(
        f"invalid input: participant `{who}`, transaction `{tid}`, field `splits`: transaction "
        f"`{tid}`: is credited to `{who}`, who is neither a participant nor in the hierarchy",
        transaction=tid,
        participant=who,
        field="splits",
        detail=f"transaction `{tid}`: is credited to `{who}`, who is neither a participant nor "
        "in the hierarchy",
    )


# ---------------------------------------------------------------------------
# Monte Carlo simulation
# ---------------------------------------------------------------------------


def trial_ranges(trials: int, partitions: int) -> List[Tuple[int, int]]:
    """``trials`` split into ``partitions`` contiguous ranges ``[start, stop)``.

    The first ``trials % partitions`` ranges hold one trial more than the
    others; the ranges are in order and cover ``0..trials`` exactly once.
    With more partitions than trials, there is one range of one trial per
    trial (a range is never empty).

    >>> trial_ranges(10, 3)
    [(0, 4), (4, 7), (7, 10)]
    """
    if isinstance(trials, bool) or not isinstance(trials, int) or trials < 1:
        raise ValueError(f"trials is {trials!r}; a simulation runs at least 1 trial")
    if isinstance(partitions, bool) or not isinstance(partitions, int) or partitions < 1:
        raise ValueError(f"partitions is {partitions!r}; give at least 1 partition")
    n = min(partitions, trials)
    size, extra = divmod(trials, n)
    out = []
    start = 0
    for k in range(n):
        stop = start + size + (1 if k < extra else 0)
        out.append((start, stop))
        start = stop
    return out


#: Simulations built in this Python process, by their recipe's digest.
_SIMULATIONS: Dict[str, Any] = {}


class SimulationRecipe:
    """What rebuilds a simulation on an executor: the simulation file's text,
    the plan texts, the trials and the seed.

    ``incentive.Simulation`` holds compiled plans and a parsed file, which
    do not travel; the recipe does (a few kilobytes), and :meth:`build`
    makes the same simulation anywhere, from text only.
    """

    __slots__ = ("text", "origin", "plans", "trials", "seed", "_digest")

    def __init__(
        self,
        text: str,
        plans: Union[PathLike, Any],
        *,
        origin: str = "<simulation>",
        trials: Optional[int] = None,
        seed: Optional[int] = None,
    ) -> None:
        """A recipe from a simulation file's text (TOML, or JSON when
        ``origin`` ends in ``.json``) and the plans it runs on; ``trials``
        and ``seed`` override the file's, as ``--trials`` and ``--seed`` do.
        The text is parsed once here, so a bad file fails on the driver."""
        p = _plans_of(plans)
        self.text = text
        self.origin = origin
        self.plans = dict(p.texts())
        self._digest = _digest(self.plans)
        sim = incentive.Simulation.from_text(text, origin, p)
        self.trials = int(trials if trials is not None else sim.trials)
        self.seed = int(seed if seed is not None else sim.seed)

    @classmethod
    def from_file(
        cls,
        path: PathLike,
        plans: Union[PathLike, Any],
        *,
        trials: Optional[int] = None,
        seed: Optional[int] = None,
    ) -> "SimulationRecipe":
        """A recipe from a simulation file (read on the driver)."""
        with open(os.fspath(path), encoding="utf-8") as f:
            text = f.read()
        return cls(text, plans, origin=os.fspath(path), trials=trials, seed=seed)

    def build(self) -> Any:
        """The ``incentive.Simulation`` of this recipe, built once per process
        (a reused Spark worker runs its later partitions on the same one)."""
        key = self.key()
        sim = _SIMULATIONS.get(key)
        if sim is None:
            plans = _plans_from(self.plans, self._digest)
            sim = incentive.Simulation.from_text(self.text, self.origin, plans)
            sim = sim.with_trials(self.trials).with_seed(self.seed)
            if len(_SIMULATIONS) >= _CACHE_SIZE:
                _SIMULATIONS.pop(next(iter(_SIMULATIONS)))
            _SIMULATIONS[key] = sim
        return sim

    def key(self) -> str:
        """A digest of everything the recipe holds."""
        h = hashlib.sha256()
        for part in (self.text, self.origin, self._digest, str(self.trials), str(self.seed)):
            data = part.encode("utf-8")
            h.update(len(data).to_bytes(8, "little"))
            h.update(data)
        return h.hexdigest()

    def __getstate__(self) -> Tuple[Any, ...]:
        return (self.text, self.origin, self.plans, self.trials, self.seed, self._digest)

    def __setstate__(self, state: Tuple[Any, ...]) -> None:
        (self.text, self.origin, self.plans, self.trials, self.seed, self._digest) = state

    def __repr__(self) -> str:
        return f"SimulationRecipe({self.origin!r}, trials={self.trials}, seed={self.seed})"


def simulate(spark: Any, sim: SimulationRecipe, partitions: int) -> Dict[str, Any]:
    """A Monte Carlo simulation run on Spark: the report ``sim.build().run()``
    gives, equal in every field.

    The trials ``0..sim.trials`` are split into ``partitions`` contiguous
    ranges (:func:`trial_ranges`), one Spark partition each (a DataFrame of
    range numbers, ``spark.range(n, numPartitions=n)``, through
    ``mapInArrow``). Each partition rebuilds the simulation from the recipe
    (no file is read on an executor), runs its range with
    ``run_trials(start, stop)`` and returns the exact partial sums as bytes.
    The driver collects the parts, puts them in range order and combines
    them (``combine``). Each trial's random stream is seeded by the seed
    and the trial's index alone, and the partial sums are exact, so the
    report is the same for 1, 2 or 700 partitions as in one process.

    Raises ``ValueError`` for fewer than 1 partition; an engine error in a
    partition (a draw too large, say) fails the Spark job with the
    engine's message.
    """
    if not isinstance(sim, SimulationRecipe):
        raise TypeError(
            f"cannot ship {type(sim).__name__} to the executors; give an "
            "incentive.spark.SimulationRecipe (SimulationRecipe.from_file(path, plans))"
        )
    ranges = trial_ranges(sim.trials, partitions)

    def run(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        rebuilt = None
        for batch in batches:
            ks = batch.column(0).to_pylist()
            if not ks:
                continue
            if rebuilt is None:
                rebuilt = sim.build()
            parts = [rebuilt.run_trials(*ranges[k]) for k in ks]
            yield pa.RecordBatch.from_arrays(
                [pa.array(ks, type=pa.int64()), pa.array(parts, type=pa.binary())],
                names=["range", "part"],
            )

    df = spark.range(0, len(ranges), 1, numPartitions=len(ranges))
    rows = df.mapInArrow(run, "range long, part binary").collect()
    got = sorted(int(r["range"]) for r in rows)
    if got != list(range(len(ranges))):
        raise RuntimeError(
            f"the Spark job returned parts for ranges {got}, not for each of the "
            f"{len(ranges)} ranges once"
        )
    parts = [bytes(r["part"]) for r in sorted(rows, key=lambda r: int(r["range"]))]
    return sim.build().combine(parts)


# ---------------------------------------------------------------------------
# A local session for notebooks, tests and benchmarks
# ---------------------------------------------------------------------------


def local_session(
    cores: int = 2, app: str = "incentive", conf: Optional[Mapping[str, str]] = None
) -> Any:
    """A local-mode ``SparkSession`` (``local[cores]``) that starts fast and
    quietly.

    The UI and the console progress bar are off, shuffles use ``cores``
    partitions, Arrow is on, the session time zone is UTC, and the Python
    workers run this interpreter (``PYSPARK_PYTHON``), so they import the
    same ``incentive``. ``conf`` items override these
    (``{"spark.driver.memory": "2g"}``). Java 17 or later must be on the
    ``PATH`` or at ``JAVA_HOME``.
    """
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    from pyspark.sql import SparkSession

    settings = {
        "spark.ui.enabled": "false",
        "spark.ui.showConsoleProgress": "false",
        "spark.sql.shuffle.partitions": str(cores),
        "spark.default.parallelism": str(cores),
        "spark.sql.execution.arrow.pyspark.enabled": "true",
        "spark.driver.memory": "1g",
        "spark.sql.session.timeZone": "UTC",
    }
    settings.update(dict(conf or {}))
    builder = SparkSession.builder.master(f"local[{cores}]").appName(app)
    for k, v in settings.items():
        builder = builder.config(k, v)
    spark = builder.getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    return spark
