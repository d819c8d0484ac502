"""Type stubs of the native module ``incentive._incentive`` (use ``incentive``'s wrappers)."""

from typing import List, Optional, Tuple

import pyarrow as pa

__version__: str

def lines_schema(scale: int) -> pa.Schema:
    """The lines schema at ``scale``."""

def totals_schema(scale: int) -> pa.Schema:
    """The totals schema at ``scale``."""

def year_json(
    file: str,
    plans: List[str],
    through: Optional[str] = None,
    participant: Optional[str] = None,
    state: Optional[str] = None,
) -> str:
    """``incentive year --json``'s runs, as compact JSON."""

class NativePlans:
    """A plan set."""

    @staticmethod
    def load(path: str) -> NativePlans:
        """A plan file or folder."""
    @staticmethod
    def from_texts(texts: List[Tuple[str, str]]) -> NativePlans:
        """Plans from ``(name, text)`` pairs, in order."""
    def texts(self) -> List[Tuple[str, str]]:
        """The ``(name, text)`` pairs."""
    def ids(self) -> List[str]:
        """The plans' ids."""
    @property
    def scale(self) -> int:
        """The output scale."""
    def evaluate(
        self,
        batches: Optional[List[pa.RecordBatch]] = None,
        path: Optional[str] = None,
        origin: Optional[str] = None,
        floats: Optional[str] = None,
        tx_batches: Optional[List[pa.RecordBatch]] = None,
        tx_path: Optional[str] = None,
        tx_origin: Optional[str] = None,
        threads: int = 1,
    ) -> Tuple[pa.RecordBatch, pa.RecordBatch]:
        """Lines and totals."""
    def statements_json(
        self,
        batches: Optional[List[pa.RecordBatch]] = None,
        path: Optional[str] = None,
        origin: Optional[str] = None,
        floats: Optional[str] = None,
        tx_batches: Optional[List[pa.RecordBatch]] = None,
        tx_path: Optional[str] = None,
        tx_origin: Optional[str] = None,
    ) -> str:
        """The statements as JSON."""
    def what_if(
        self,
        participant: str,
        vary: str,
        start: str,
        stop: str,
        step: str,
        period: Optional[str] = None,
        batches: Optional[List[pa.RecordBatch]] = None,
        path: Optional[str] = None,
        origin: Optional[str] = None,
        floats: Optional[str] = None,
    ) -> Tuple[str, List[str]]:
        """What-if rows as JSON, and the component ids."""
    def seek(
        self,
        participant: str,
        metric: str,
        amount: str,
        resolution: str,
        period: Optional[str] = None,
        batches: Optional[List[pa.RecordBatch]] = None,
        path: Optional[str] = None,
        origin: Optional[str] = None,
        floats: Optional[str] = None,
    ) -> Tuple[str, str]:
        """Goal seek as JSON and as text."""

class NativeSimulation:
    """A simulation file on a plan set."""

    @staticmethod
    def from_file(path: str, plans: NativePlans) -> NativeSimulation:
        """A simulation file."""
    @staticmethod
    def from_text(text: str, origin: str, plans: NativePlans) -> NativeSimulation:
        """A simulation file's text."""
    def with_trials(self, trials: int) -> NativeSimulation:
        """With ``trials`` trials."""
    def with_seed(self, seed: int) -> NativeSimulation:
        """With seed ``seed``."""
    @property
    def trials(self) -> int:
        """The number of trials."""
    @property
    def seed(self) -> int:
        """The seed."""
    def run_json(self) -> str:
        """The report as JSON."""
    def run_trials(self, start: int, stop: int) -> bytes:
        """Trials ``[start, stop)`` as a serialized part."""
    def combine_json(self, parts: List[bytes]) -> str:
        """The report of the parts, as JSON."""
