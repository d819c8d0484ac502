"""Shared pytest fixtures: one local Spark session for the Spark tests.

The session is created on first use by a test that asks for ``spark`` (the
core tests never start Java), lives for the module that uses it, and runs in
local mode on two cores, as the project's CI machine has. Java 17 or later
must be installed; without it the Spark tests fail, they are never skipped.
"""

from __future__ import annotations

import os
import pathlib

import pytest

#: The repository root: the shipped plans and samples are read from it.
ROOT = pathlib.Path(__file__).resolve().parents[2]



def pytest_configure(config):
    """pyspark 4.x warns that it does not fully support pandas 3; the Spark
    tests exchange Arrow batches only, never pandas frames, so the warning
    says nothing about them."""
    config.addinivalue_line(
        "filterwarnings", "ignore:PySpark does not yet fully support pandas:FutureWarning"
    )


@pytest.fixture(scope="module")
def spark():
    """A ``local[2]`` SparkSession, stopped when the module's tests end."""
    from incentive.spark import local_session

    os.environ.setdefault("PYARROW_IGNORE_TIMEZONE", "1")
    session = local_session(cores=2, app="incentive-tests")
    yield session
    session.stop()


@pytest.fixture(scope="session")
def root() -> pathlib.Path:
    """The repository root."""
    return ROOT
