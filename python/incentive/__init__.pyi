"""Type stubs of ``incentive``: exact incentive compensation on pandas and Arrow."""

import os
from decimal import Decimal
from typing import Any, Dict, List, Mapping, Optional, Sequence, Tuple, Union

import pyarrow as pa

from .errors import (
    ArithmeticOverflowError as ArithmeticOverflowError,
    DuplicateError as DuplicateError,
    IncentiveError as IncentiveError,
    IncentiveIOError as IncentiveIOError,
    InvalidInputError as InvalidInputError,
    InvalidPlanError as InvalidPlanError,
    MissingInputError as MissingInputError,
    NegativeAmountError as NegativeAmountError,
    OffScaleError as OffScaleError,
    UnknownFieldError as UnknownFieldError,
    UnknownPlanError as UnknownPlanError,
    ZeroTargetError as ZeroTargetError,
)

__version__: str

PathLike = Union[str, os.PathLike[str]]
#: A ``pandas.DataFrame``, ``pyarrow.Table``, ``pyarrow.RecordBatch``, a list
#: of record batches, any object with ``__arrow_c_stream__``, or the path of
#: an inputs (or transactions) file.
Data = Any
Number = Union[str, int, Decimal]

DEFAULT_SCALE: int
LINES_SCHEMA: pa.Schema
TOTALS_SCHEMA: pa.Schema

def lines_schema(scale: int = 2) -> pa.Schema:
    """The lines table's schema at ``scale``: participant, plan, period (nullable), component, amount (decimal128(38, scale))."""

def totals_schema(scale: int = 2) -> pa.Schema:
    """The totals table's schema at ``scale``: participant, plan, period (nullable), total (decimal128(38, scale)), currency."""

class Plans:
    """A set of plans, loaded as the ``incentive`` CLI loads a plan folder."""

    @classmethod
    def load(cls, path: PathLike) -> Plans:
        """Load a plan file, or every ``*.toml`` directly inside a folder."""
    @classmethod
    def from_texts(cls, texts: Mapping[str, str]) -> Plans:
        """Plans from ``{file name: TOML text}``; the names are the files errors name."""
    def texts(self) -> Dict[str, str]:
        """``{file name: TOML text}`` of the plans, for :meth:`from_texts` elsewhere."""
    def ids(self) -> List[str]:
        """The plans' ids, sorted."""
    @property
    def scale(self) -> int:
        """The output amounts' scale: the most places any plan rounds to."""
    @property
    def lines_schema(self) -> pa.Schema:
        """The lines table's schema for these plans."""
    @property
    def totals_schema(self) -> pa.Schema:
        """The totals table's schema for these plans."""
    def evaluate(
        self,
        data: Data,
        *,
        transactions: Optional[Data] = None,
        floats: Optional[str] = None,
        origin: Optional[str] = None,
        threads: int = 1,
    ) -> Tuple[pa.Table, pa.Table]:
        """``(lines, totals)`` of the statements for ``data`` (the inputs CSV's columns); floats refused unless ``floats="shortest"``; ``threads`` chunks at once."""
    def evaluate_batch(
        self,
        batch: pa.RecordBatch,
        *,
        floats: Optional[str] = None,
        origin: Optional[str] = None,
    ) -> Tuple[pa.RecordBatch, pa.RecordBatch]:
        """:meth:`evaluate` for one record batch, giving record batches (for ``mapInArrow``)."""
    def statements(
        self,
        data: Data,
        *,
        transactions: Optional[Data] = None,
        floats: Optional[str] = None,
        origin: Optional[str] = None,
    ) -> List[Dict[str, Any]]:
        """The full statements, each equal to ``incentive run --json``'s (amounts as exact decimal strings)."""
    def what_if(
        self,
        data: Data,
        participant: str,
        vary: str,
        start: Number,
        stop: Number,
        step: Number,
        *,
        period: Optional[str] = None,
        floats: Optional[str] = None,
    ) -> List[Dict[str, Any]]:
        """``incentive what-if``: rows ``{"value", "amounts", "total"}`` of Decimals."""
    def seek(
        self,
        data: Data,
        participant: str,
        metric: str,
        amount: Number,
        *,
        resolution: Number = "0.01",
        period: Optional[str] = None,
        floats: Optional[str] = None,
    ) -> Dict[str, Any]:
        """``incentive seek``: the actual that pays ``amount``, with ``"text"`` as the CLI prints it."""

class Simulation:
    """A Monte Carlo plan-cost simulation, as ``incentive simulate`` runs it."""

    @classmethod
    def from_file(cls, path: PathLike, plans: Plans) -> Simulation:
        """A simulation file (TOML, or JSON ending in ``.json``)."""
    @classmethod
    def from_text(cls, text: str, origin: str, plans: Plans) -> Simulation:
        """A simulation file's text; ``origin`` names it (``.json`` for JSON)."""
    def with_trials(self, n: int) -> Simulation:
        """The same simulation with ``n`` trials."""
    def with_seed(self, seed: int) -> Simulation:
        """The same simulation with seed ``seed``."""
    @property
    def trials(self) -> int:
        """The number of trials."""
    @property
    def seed(self) -> int:
        """The seed."""
    def run(self) -> Dict[str, Any]:
        """The report, as the dict of ``incentive simulate --json``."""
    def run_trials(self, start: int, stop: int) -> bytes:
        """Trials ``[start, stop)``: a serialized part for :meth:`combine`."""
    def combine(self, parts: Sequence[bytes]) -> Dict[str, Any]:
        """The report of parts covering ``0..trials``: equal to :meth:`run`."""

def year(
    file: PathLike,
    plans: Union[PathLike, Sequence[PathLike]],
    *,
    through: Optional[str] = None,
    participant: Optional[str] = None,
    state: Optional[Mapping[str, Any]] = None,
) -> List[Dict[str, Any]]:
    """``incentive year --json``: each participant's ``{"participant", "statements", "state"}``."""
