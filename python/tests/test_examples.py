"""The notebook-style quickstart runs end to end (its own asserts check
the worked examples and that combined simulation parts equal the run)."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_quickstart_runs_end_to_end():
    out = subprocess.run(
        [sys.executable, str(ROOT / "python" / "examples" / "quickstart.py")],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    assert "6437.50" in out and "5750.00" in out
    assert "an actual of 2450000.00 pays 7000" in out
    assert out.rstrip().endswith("combined parts equal the single run")
