#!/usr/bin/env bash
# The Python tests, Spark included, from a fresh clone:
#
#   bash python/ci.sh                     # from the repository root (.ci/run runs it so)
#
# 1. python/build.sh builds the wheel with maturin and installs it, with
#    pyarrow, pandas and pytest, into target/py-venv;
# 2. pyspark is installed into the same venv (about 456 MB downloaded the
#    first time; pip's cache makes later runs quick);
# 3. the command `incentive` is built in release mode (the tests compare
#    Spark's statements with its output; a no-op when .ci/run built it);
# 4. pytest runs python/tests: the core tests and the Spark tests in local
#    mode (local[2]; Java 17 or later must be installed).
#
# Each step prints how long it took, so CI's cost is known.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
venv="$root/target/py-venv"
py="$venv/bin/python"

timed() {
    local what="$1"
    shift
    local start ms
    start=$(date +%s%N)
    "$@"
    ms=$((($(date +%s%N) - start) / 1000000))
    printf '== %s: %d.%01d s\n' "$what" $((ms / 1000)) $((ms % 1000 / 100))
}

if ! command -v java > /dev/null && [ -z "${JAVA_HOME:-}" ]; then
    echo "python/ci.sh: Spark needs Java 17 or later on the PATH (or JAVA_HOME); install it (apt-get install openjdk-17-jre-headless)" >&2
    exit 1
fi

timed "python/build.sh (wheel built and installed with pyarrow, pandas, pytest)" bash python/build.sh
timed "pip install pyspark" "$py" -m pip install --quiet --disable-pip-version-check "pyspark>=4.0,<5"
"$py" -c 'import pyspark, pyarrow, pandas; print("pyspark", pyspark.__version__, "pyarrow", pyarrow.__version__, "pandas", pandas.__version__)'
timed "cargo build --release -p incentive-cli (the reference the Spark tests compare with)" \
    cargo build --quiet --release -p incentive-cli
timed "pytest python/tests" "$py" -m pytest -q python/tests
