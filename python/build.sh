#!/usr/bin/env bash
# Builds the `incentive` Python package from a fresh clone and installs it
# into the virtual environment target/py-venv (created if missing), with
# maturin, pyarrow, pandas and pytest. Idempotent: run it again after a
# change to rebuild and reinstall the wheel.
#
#   python/build.sh            # then: target/py-venv/bin/python -m pytest python/tests
#
# PYTHON chooses the interpreter that creates the venv (default python3).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
venv="$root/target/py-venv"
if [ ! -x "$venv/bin/python" ]; then
    "${PYTHON:-python3}" -m venv "$venv"
fi
py="$venv/bin/python"
# The build and test tools; pip skips what is already installed.
"$py" -m pip install --quiet --disable-pip-version-check "maturin>=1.5,<2" "pyarrow>=14" "pandas>=1.5" pytest
export CARGO_PROFILE_RELEASE_DEBUG=0
rm -rf "$root/target/wheels/incentive-"*.whl
"$venv/bin/maturin" build --release --quiet -m python/Cargo.toml -o "$root/target/wheels" --interpreter "$py"
"$py" -m pip install --quiet --disable-pip-version-check --force-reinstall --no-deps "$root"/target/wheels/incentive-*.whl
"$py" -c 'import incentive; print("incentive", incentive.__version__, "installed in", "'"$venv"'")'
