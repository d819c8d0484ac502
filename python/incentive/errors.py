"""The exceptions of ``incentive``: one class per kind of problem.

Every error the library reports is an :class:`IncentiveError` (a subclass
of :class:`ValueError`) whose class says what kind of problem it is, as the Rust library's
``ErrorKind`` does, and whose attributes say where it is:

``kind``
    the kind's name, as the Rust ``ErrorKind`` prints it (``"unknown plan"``,
    ``"missing input"``, ``"invalid input"``, …)
``file``, ``line``, ``column``
    the file (or the table's origin, ``"<table>"`` unless you name it) and
    the 1-based line and column. A table is read as the text of the CSV
    file of the same columns, so line 1 is its header and row ``i``
    (0-based) is line ``i + 2``
``row``
    for an error in a table, the 0-based row, else ``None``
``participant``, ``plan``, ``component``, ``transaction``, ``field``
    what is at fault, where known
``detail``
    the message alone; ``str(error)`` is the whole message with the place,
    exactly as the CLI prints it
"""

from __future__ import annotations

from typing import Optional

__all__ = [
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


class IncentiveError(ValueError):
    """An error of the ``incentive`` library: what is wrong, where, and what
    would be valid."""

    kind: str = "invalid input"

    def __init__(
        self,
        message: str,
        *,
        kind: Optional[str] = None,
        file: Optional[str] = None,
        line: Optional[int] = None,
        column: Optional[int] = None,
        row: Optional[int] = None,
        plan: Optional[str] = None,
        participant: Optional[str] = None,
        component: Optional[str] = None,
        transaction: Optional[str] = None,
        field: Optional[str] = None,
        detail: Optional[str] = None,
    ) -> None:
        """An error with ``message`` (the whole text) and where it is."""
        super().__init__(message)
        if kind is not None:
            self.kind = kind
        self.message = message
        self.file = file
        self.line = line
        self.column = column
        self.row = row
        self.plan = plan
        self.participant = participant
        self.component = component
        self.transaction = transaction
        self.field = field
        self.detail = detail if detail is not None else message

    def __reduce__(self):  # picklable, for Spark executors
        """Pickles with every attribute, for Spark executors."""
        return (
            _rebuild,
            (
                type(self).__name__,
                self.message,
                {
                    "kind": self.kind,
                    "file": self.file,
                    "line": self.line,
                    "column": self.column,
                    "row": self.row,
                    "plan": self.plan,
                    "participant": self.participant,
                    "component": self.component,
                    "transaction": self.transaction,
                    "field": self.field,
                    "detail": self.detail,
                },
            ),
        )


class InvalidPlanError(IncentiveError):
    """A plan breaks a rule of the plan format (kind ``invalid plan``)."""

    kind = "invalid plan"


class UnknownFieldError(IncentiveError):
    """A key the format does not have, often a misspelling (kind ``unknown field``)."""

    kind = "unknown field"


class UnknownPlanError(IncentiveError):
    """Inputs name a plan the set does not hold (kind ``unknown plan``)."""

    kind = "unknown plan"


class MissingInputError(IncentiveError):
    """A value the computation needs is not given (kind ``missing input``)."""

    kind = "missing input"


class OffScaleError(IncentiveError):
    """A rating, score or label outside its scale (kind ``off scale``)."""

    kind = "off scale"


class ZeroTargetError(IncentiveError):
    """A target at or below zero where attainment divides by it (kind ``zero target``)."""

    kind = "zero target"


class NegativeAmountError(IncentiveError):
    """A negative amount a rule cannot pay (kind ``negative amount``)."""

    kind = "negative amount"


class DuplicateError(IncentiveError):
    """One participant, id or period given twice (kind ``duplicate``)."""

    kind = "duplicate"


class InvalidInputError(IncentiveError):
    """Any other invalid input, a float column refused included (kind ``invalid input``)."""

    kind = "invalid input"


class ArithmeticOverflowError(IncentiveError, ArithmeticError):
    """A value too large for exact arithmetic, or for the Arrow output (kind ``overflow``)."""

    kind = "overflow"


class IncentiveIOError(IncentiveError):
    """A file that could not be read (kind ``i/o``)."""

    kind = "i/o"


_BY_KIND = {
    c.kind: c
    for c in (
        InvalidPlanError,
        UnknownFieldError,
        UnknownPlanError,
        MissingInputError,
        OffScaleError,
        ZeroTargetError,
        NegativeAmountError,
        DuplicateError,
        InvalidInputError,
        ArithmeticOverflowError,
        IncentiveIOError,
    )
}


def _make(kind: str, message: str, **details) -> IncentiveError:
    """The exception for a library error of ``kind`` (called by the native module)."""
    cls = _BY_KIND.get(kind, IncentiveError)
    return cls(message, kind=kind, **details)


def _rebuild(name: str, message: str, details: dict) -> IncentiveError:
    """The exception ``__reduce__`` pickled, of the same class."""
    cls = globals().get(name, IncentiveError)
    return cls(message, **details)
