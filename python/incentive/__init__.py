"""Exact incentive compensation on pandas and Arrow.

``incentive`` computes bonus and commission plans (TOML files) exactly,
with the Rust library ``incentive`` doing every computation: this package
only moves data between Python (pandas, pyarrow, ``decimal.Decimal``) and
the library, through the calls the ``incentive`` CLI makes, and never
through a binary float.

>>> import incentive
>>> plans = incentive.Plans.load("plans")
>>> lines, totals = plans.evaluate(df)          # pandas.DataFrame or pyarrow.Table

Amounts come back as Arrow ``decimal128(38, scale)`` columns, ``scale``
being the most decimal places any loaded plan rounds to
(:attr:`Plans.scale`; 2 for every shipped plan), so every amount is held
exactly; ``totals.to_pandas()`` gives ``decimal.Decimal`` values.
"""

from __future__ import annotations

import json
import os
from decimal import Decimal
from typing import Any, Dict, Iterable, List, Mapping, Optional, Sequence, Tuple, Union

import pyarrow as pa

from . import _incentive
from .errors import (
    ArithmeticOverflowError,
    DuplicateError,
    IncentiveError,
    IncentiveIOError,
    InvalidInputError,
    InvalidPlanError,
    MissingInputError,
    NegativeAmountError,
    OffScaleError,
    UnknownFieldError,
    UnknownPlanError,
    ZeroTargetError,
)

__version__ = _incentive.__version__

__all__ = [
    "Plans",
    "Simulation",
    "year",
    "LINES_SCHEMA",
    "TOTALS_SCHEMA",
    "DEFAULT_SCALE",
    "lines_schema",
    "totals_schema",
    "IncentiveError",
    "InvalidPlanError",
    "UnknownFieldError",
    "UnknownPlanError",
    "MissingInputError",
    "OffScaleError",
    "ZeroTargetError",
    "NegativeAmountError",
    "DuplicateError",
    "InvalidInputError",
    "ArithmeticOverflowError",
    "IncentiveIOError",
]

#: The scale of :data:`LINES_SCHEMA` and :data:`TOTALS_SCHEMA`: 2 places,
#: what every shipped plan (and every plan paid in a currency with cents)
#: rounds to.
DEFAULT_SCALE = 2


def lines_schema(scale: int = DEFAULT_SCALE) -> pa.Schema:
    """The schema of the lines table at ``scale``: ``participant`` (utf8),
    ``plan`` (utf8), ``period`` (utf8, nullable), ``component`` (utf8),
    ``amount`` (``decimal128(38, scale)``)."""
    return _incentive.lines_schema(scale)


def totals_schema(scale: int = DEFAULT_SCALE) -> pa.Schema:
    """The schema of the totals table at ``scale``: ``participant`` (utf8),
    ``plan`` (utf8), ``period`` (utf8, nullable), ``total``
    (``decimal128(38, scale)``), ``currency`` (utf8)."""
    return _incentive.totals_schema(scale)


#: The lines table's schema for plans that round to 2 places (all shipped
#: plans); :attr:`Plans.lines_schema` is the one for any loaded plans.
LINES_SCHEMA: pa.Schema = lines_schema(DEFAULT_SCALE)
#: The totals table's schema for plans that round to 2 places (all shipped
#: plans); :attr:`Plans.totals_schema` is the one for any loaded plans.
TOTALS_SCHEMA: pa.Schema = totals_schema(DEFAULT_SCALE)

PathLike = Union[str, "os.PathLike[str]"]


def _float_refusal(column: str, origin: str) -> InvalidInputError:
    """The error for Python floats in an object column, as the native module words a float column's."""
    return InvalidInputError(
        f"invalid input: file `{origin}`, field `{column}`: column `{column}` holds Python floats: "
        "a binary float cannot hold most decimals exactly (0.1 is 0.1000000000000000055511151231257827…), "
        "so it is refused rather than rounded; pass decimal.Decimal values, strings or integers, "
        'or call with floats="shortest" to read each float through its shortest round-trip text (Python repr)',
        file=origin,
        field=column,
        detail=f"column `{column}` holds Python floats",
    )


def _object_column(values: Iterable[Any], column: str, floats: Optional[str], origin: str) -> pa.Array:
    """An object (mixed) pandas column as exact text: Decimal, int and str
    as their text, None/NA/NaN as null, floats refused unless asked."""
    out: List[Optional[str]] = []
    for v in values:
        if v is None:
            out.append(None)
        elif isinstance(v, str):
            out.append(v)
        elif isinstance(v, bool):
            raise InvalidInputError(
                f"invalid input: file `{origin}`, field `{column}`: column `{column}` holds a boolean ({v}), "
                "which is not an input; give a number, a string, or None for a value not given",
                file=origin,
                field=column,
            )
        elif isinstance(v, int):
            out.append(str(v))
        elif isinstance(v, Decimal):
            if not v.is_finite():
                raise InvalidInputError(
                    f"invalid input: file `{origin}`, field `{column}`: column `{column}` holds Decimal('{v}'), "
                    "which is not an amount; give a finite number, or None for a value not given",
                    file=origin,
                    field=column,
                )
            out.append(str(v))
        elif isinstance(v, float):
            if v != v:  # NaN: pandas' missing value
                out.append(None)
            elif floats == "shortest":
                out.append(repr(v))
            else:
                raise _float_refusal(column, origin)
        elif _is_na(v):
            out.append(None)
        else:
            raise InvalidInputError(
                f"invalid input: file `{origin}`, field `{column}`: column `{column}` holds a {type(v).__name__} "
                f"({v!r}), which is not read as an input; give decimal.Decimal values, integers or strings",
                file=origin,
                field=column,
            )
    return pa.array(out, type=pa.string())


def _is_na(v: Any) -> bool:
    """Whether ``v`` is pandas' missing value (``pd.NA`` or ``pd.NaT``)."""
    try:
        import pandas as pd

        return v is pd.NA or v is pd.NaT
    except ImportError:  # pragma: no cover - pandas is optional
        return False


def _from_pandas(df: Any, floats: Optional[str], origin: str) -> pa.Table:
    """A DataFrame as a pyarrow table: object and categorical columns as
    exact text (:func:`_object_column`), other dtypes through pyarrow (a
    float dtype stays float, for the native module to refuse or read)."""
    import pandas as pd

    arrays = []
    names = []
    for name in df.columns:
        s = df[name]
        if isinstance(s.dtype, pd.CategoricalDtype):
            s = s.astype(object)
        if s.dtype == object:
            arrays.append(_object_column(s.tolist(), str(name), floats, origin))
        else:
            arrays.append(pa.array(s, from_pandas=True))
        names.append(str(name))
    return pa.table(arrays, names=names)


def _empty_batch(schema: pa.Schema) -> pa.RecordBatch:
    """A batch of no rows with ``schema``, for a table of no rows (its header still read)."""
    return pa.record_batch([pa.array([], type=f.type) for f in schema], schema=schema)


def _source(data: Any, floats: Optional[str], origin: Optional[str]) -> Dict[str, Any]:
    """The native call's keyword arguments for ``data``."""
    if isinstance(data, (str, os.PathLike)):
        return {"path": os.fspath(data), "origin": origin, "floats": floats}
    name = origin or "<table>"
    if isinstance(data, pa.RecordBatch):
        batches = [data]
    elif isinstance(data, pa.Table):
        batches = data.to_batches() or [_empty_batch(data.schema)]
    elif isinstance(data, (list, tuple)) and all(isinstance(b, pa.RecordBatch) for b in data):
        batches = list(data)
    elif type(data).__module__.startswith("pandas") and hasattr(data, "columns"):
        t = _from_pandas(data, floats, name)
        batches = t.to_batches() or [_empty_batch(t.schema)]
    elif hasattr(data, "__arrow_c_stream__"):
        t = pa.table(data)
        batches = t.to_batches() or [_empty_batch(t.schema)]
    else:
        raise TypeError(
            f"cannot read {type(data).__name__} as inputs; give a pandas.DataFrame, a pyarrow.Table or "
            "RecordBatch (or a list of them), or the path of an inputs file (CSV or TOML)"
        )
    return {"batches": batches, "origin": name, "floats": floats}


def _tx(transactions: Any, floats: Optional[str]) -> Dict[str, Any]:
    """The native call's ``tx_*`` keyword arguments for ``transactions``."""
    if transactions is None:
        return {}
    s = _source(transactions, floats, "<transactions>" if not isinstance(transactions, (str, os.PathLike)) else None)
    return {"tx_" + k: v for k, v in s.items() if k != "floats"}


def _loads(text: str) -> Any:
    """JSON from the native module, any number read as a ``Decimal``."""
    return json.loads(text, parse_float=Decimal)


class Plans:
    """A set of plans, loaded as the ``incentive`` CLI loads a plan folder.

    Build one with :meth:`load` or :meth:`from_texts`; it is immutable and
    can be shared across threads (evaluation releases the GIL).
    """

    __slots__ = ("_native",)

    def __init__(self, native: "_incentive.NativePlans") -> None:
        """Wraps a native plan set (use :meth:`load` or :meth:`from_texts`)."""
        self._native = native

    @classmethod
    def load(cls, path: PathLike) -> "Plans":
        """Load a plan file, or every ``*.toml`` file directly inside a
        folder in file-name order, as ``incentive run PLANS`` does. Raises
        :class:`IncentiveError` naming the file and line of an invalid
        plan."""
        return cls(_incentive.NativePlans.load(os.fspath(path)))

    @classmethod
    def from_texts(cls, texts: Mapping[str, str]) -> "Plans":
        """Plans from ``{file name: TOML text}`` (as :meth:`texts` gives),
        parsed in name order; the names are the files errors name."""
        pairs = sorted((str(k), str(v)) for k, v in texts.items())
        return cls(_incentive.NativePlans.from_texts(pairs))

    def texts(self) -> Dict[str, str]:
        """``{file name: TOML text}`` of the plans, to rebuild the same set
        elsewhere (a Spark executor) with :meth:`from_texts`."""
        return dict(self._native.texts())

    def ids(self) -> List[str]:
        """The plans' ids, sorted."""
        return list(self._native.ids())

    @property
    def scale(self) -> int:
        """The scale of the amounts in the output tables: the most decimal
        places any of these plans rounds to."""
        return int(self._native.scale)

    @property
    def lines_schema(self) -> pa.Schema:
        """The schema of :meth:`evaluate`'s lines table for these plans."""
        return lines_schema(self.scale)

    @property
    def totals_schema(self) -> pa.Schema:
        """The schema of :meth:`evaluate`'s totals table for these plans."""
        return totals_schema(self.scale)

    def __reduce__(self):
        """Pickles as the plans' texts (for Spark executors)."""
        return (Plans.from_texts, (self.texts(),))

    def __repr__(self) -> str:
        """``Plans(id, id, …)``."""
        return f"Plans({', '.join(self.ids())})"

    def evaluate(
        self,
        data: Any,
        *,
        transactions: Any = None,
        floats: Optional[str] = None,
        origin: Optional[str] = None,
        threads: int = 1,
    ) -> Tuple[pa.Table, pa.Table]:
        """Statements for ``data``, as ``(lines, totals)`` pyarrow tables.

        ``data`` is a ``pandas.DataFrame``, a ``pyarrow.Table`` or
        ``RecordBatch`` (or a list of batches) whose columns are those of
        the inputs CSV (``participant``, ``plan``, ``period``,
        ``actual.METRIC``, ``target.COMPONENT``, ``rating.COMPONENT``, …),
        or the path of an inputs file (CSV or TOML). Values are read
        exactly from ``Decimal``, ints, strings and Arrow decimal, integer
        and string columns; null is a value not given. A float column is
        refused unless ``floats="shortest"`` (each float read as its
        shortest round-trip text, Python's ``repr``).

        ``transactions`` (a table or DataFrame with the transactions CSV's
        columns, or a CSV or TOML credit-data file) credits the inputs'
        metrics over each input's period, as ``incentive run
        --transactions``.

        The lines table has one row per line and adjustment paid (the
        payroll rows: ``adjustment:plan-cap`` and the like are rows of
        their own, so each statement's rows add up to its total); the
        totals table one row per statement. Both are sorted by
        participant, plan and period, as the CLI sorts statements; amounts
        are ``decimal128(38, self.scale)``.

        ``threads`` evaluates that many chunks of 16,384 statements at once
        (with no transactions); the tables are the same for any number.

        Raises an :class:`IncentiveError` subclass naming the file (or
        ``origin``, ``"<table>"`` by default), line and row, participant,
        component and field; nothing is paid when any row cannot be.
        """
        lb, tb = self._native.evaluate(
            **_source(data, floats, origin), **_tx(transactions, floats), threads=int(threads)
        )
        return pa.Table.from_batches([lb]), pa.Table.from_batches([tb])

    def evaluate_batch(
        self,
        batch: pa.RecordBatch,
        *,
        floats: Optional[str] = None,
        origin: Optional[str] = None,
    ) -> Tuple[pa.RecordBatch, pa.RecordBatch]:
        """:meth:`evaluate` for one ``pyarrow.RecordBatch``, giving the
        lines and totals as record batches of :attr:`lines_schema` and
        :attr:`totals_schema` (for Spark's ``mapInArrow``)."""
        return self._native.evaluate(batches=[batch], origin=origin, floats=floats)

    def statements(
        self,
        data: Any,
        *,
        transactions: Any = None,
        floats: Optional[str] = None,
        origin: Optional[str] = None,
    ) -> List[Dict[str, Any]]:
        """The full statements for ``data`` (as :meth:`evaluate` reads it),
        each a dict equal to ``json.loads`` of ``incentive run --json``'s
        output: amounts are strings of their exact decimal text
        (``"6437.50"``), as the library's JSON writes them; sorted by
        participant, plan and period."""
        return _loads(self._native.statements_json(**_source(data, floats, origin), **_tx(transactions, floats)))

    def what_if(
        self,
        data: Any,
        participant: str,
        vary: str,
        start: Union[str, int, Decimal],
        stop: Union[str, int, Decimal],
        step: Union[str, int, Decimal],
        *,
        period: Optional[str] = None,
        floats: Optional[str] = None,
    ) -> List[Dict[str, Any]]:
        """``incentive what-if``: one participant's payout over a grid.

        ``vary`` is ``"attainment:COMPONENT"``, ``"actual:METRIC"`` or
        ``"rating:COMPONENT"``; the grid runs from ``start`` to ``stop``
        (included when on a step) by ``step`` (Decimals, ints or strings
        such as ``"50%"``). Each row is ``{"value": Decimal, "amounts":
        {component: Decimal}, "total": Decimal}``."""
        rows, header = self._native.what_if(
            participant,
            vary,
            _num(start),
            _num(stop),
            _num(step),
            period=period,
            **_source(data, floats, None),
        )
        out = []
        for r in _loads(rows):
            out.append(
                {
                    "value": Decimal(r["value"]),
                    "amounts": {c: Decimal(a) for c, a in zip(header, r["amounts"])},
                    "total": Decimal(r["total"]),
                }
            )
        return out

    def seek(
        self,
        data: Any,
        participant: str,
        metric: str,
        amount: Union[str, int, Decimal],
        *,
        resolution: Union[str, int, Decimal] = "0.01",
        period: Optional[str] = None,
        floats: Optional[str] = None,
    ) -> Dict[str, Any]:
        """``incentive seek``: the smallest actual of ``metric`` (at
        ``resolution``) that pays ``amount`` to ``participant``. Gives the
        library's answer as a dict (``{"kind": "reached", "actual": …,
        "payout": …}`` or ``{"kind": "unreachable", …}``) with ``"text"``,
        the line the CLI prints."""
        answer, text = self._native.seek(
            participant,
            metric,
            _num(amount),
            _num(resolution),
            period=period,
            **_source(data, floats, None),
        )
        out = _loads(answer)
        out["text"] = text
        return out


def _num(v: Union[str, int, Decimal]) -> str:
    """A number argument as its exact text; a float is refused."""
    if isinstance(v, float):
        raise InvalidInputError(
            f"invalid input: {v!r} is a float; give a Decimal, an int or a string such as \"0.5\" or \"50%\"",
            detail="a float is not read as a number",
        )
    return str(v)


class Simulation:
    """A plan-cost Monte Carlo simulation: a simulation file run against
    plans, as ``incentive simulate`` runs it. Immutable: :meth:`with_trials`
    and :meth:`with_seed` give new simulations."""

    __slots__ = ("_native",)

    def __init__(self, native: "_incentive.NativeSimulation") -> None:
        """Wraps a native simulation (use :meth:`from_file` or :meth:`from_text`)."""
        self._native = native

    @classmethod
    def from_file(cls, path: PathLike, plans: Plans) -> "Simulation":
        """A simulation file (TOML, or JSON when it ends in ``.json``)."""
        return cls(_incentive.NativeSimulation.from_file(os.fspath(path), plans._native))

    @classmethod
    def from_text(cls, text: str, origin: str, plans: Plans) -> "Simulation":
        """A simulation file's text; ``origin`` names it in errors (JSON
        when it ends in ``.json``, TOML otherwise)."""
        return cls(_incentive.NativeSimulation.from_text(text, origin, plans._native))

    def with_trials(self, n: int) -> "Simulation":
        """The same simulation with ``n`` trials (``--trials``)."""
        return Simulation(self._native.with_trials(n))

    def with_seed(self, seed: int) -> "Simulation":
        """The same simulation with seed ``seed`` (``--seed``)."""
        return Simulation(self._native.with_seed(seed))

    @property
    def trials(self) -> int:
        """The number of trials."""
        return int(self._native.trials)

    @property
    def seed(self) -> int:
        """The seed."""
        return int(self._native.seed)

    def run(self) -> Dict[str, Any]:
        """Run every trial; the report as the dict of ``incentive simulate
        --json`` (amounts as strings of their exact decimal text)."""
        return _loads(self._native.run_json())

    def run_trials(self, start: int, stop: int) -> bytes:
        """Trials ``[start, stop)`` only, each seeded by its index: a
        serialized part for :meth:`combine`."""
        return bytes(self._native.run_trials(start, stop))

    def combine(self, parts: Sequence[bytes]) -> Dict[str, Any]:
        """The report of the parts made by :meth:`run_trials`, equal to
        :meth:`run` whenever they cover trials ``0..trials``."""
        return _loads(self._native.combine_json([bytes(p) for p in parts]))


def year(
    file: PathLike,
    plans: Union[PathLike, Sequence[PathLike]],
    *,
    through: Optional[str] = None,
    participant: Optional[str] = None,
    state: Optional[Mapping[str, Any]] = None,
) -> List[Dict[str, Any]]:
    """``incentive year --json``: participants' plan years from a plan-year
    file, period by period in calendar order, each period's state carried
    into the next.

    ``plans`` is a plan file or folder, or a list of them (several versions
    of a plan are kept by their effective dates); ``through`` stops after
    that period label; ``state`` is the year states so far (the ``state``
    of each run given back, by participant id), whose periods are not run
    again. Each run is ``{"participant", "statements", "state"}``.
    """
    if isinstance(plans, (str, os.PathLike)):
        plans = [plans]
    state_json = None if state is None else json.dumps(state, default=str)
    return _loads(
        _incentive.year_json(
            os.fspath(file),
            [os.fspath(p) for p in plans],
            through=through,
            participant=participant,
            state=state_json,
        )
    )
