#!/usr/bin/env bash
# Runs every fuzz target for a bounded time and fails on the first crash.
#
#     bash fuzz/run.sh [SECONDS_PER_TARGET] [TARGET…]
#
# SECONDS_PER_TARGET defaults to 20 (what CI runs); TARGET defaults to all
# of them: plan inputs credit year cli_files. Installs cargo-fuzz when it
# is missing, fills the corpora (fuzz/seed.sh), builds the targets once
# and runs them one after another. Works on a stable toolchain: a stable
# rustc is let accept cargo-fuzz's `-Z` flags with RUSTC_BOOTSTRAP=1, and
# the targets are built without a sanitizer (the crate forbids unsafe
# code; FUZZ_SANITIZER=address runs them under AddressSanitizer instead).
# Exit status: 0 when no target crashed, 1 when one did (its input is
# under fuzz/artifacts/TARGET/), 2 on bad usage or a failed build.
set -euo pipefail

fuzz="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$fuzz")"
cd "$root"

seconds="${1:-20}"
if ! [[ "$seconds" =~ ^[1-9][0-9]*$ ]]; then
    echo "usage: bash fuzz/run.sh [SECONDS_PER_TARGET] [TARGET…]; seconds is a whole number above 0, not \`$seconds\`" >&2
    exit 2
fi
shift $(($# > 0 ? 1 : 0))
all=(plan inputs credit year cli_files)
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
    targets=("${all[@]}")
fi
for t in "${targets[@]}"; do
    if [ ! -f "$fuzz/fuzz_targets/$t.rs" ]; then
        echo "no fuzz target \`$t\`; the targets are: ${all[*]}" >&2
        exit 2
    fi
done

sanitizer="${FUZZ_SANITIZER:-none}"
if ! cargo fuzz --version >/dev/null 2>&1; then
    echo "== installing cargo-fuzz" >&2
    cargo install cargo-fuzz --locked
fi
if ! rustc --version | grep -q nightly; then
    export RUSTC_BOOTSTRAP=1
fi

bash "$fuzz/seed.sh"

echo "== building the fuzz targets ($(rustc --version), sanitizer $sanitizer)"
build_start=$(date +%s)
if ! cargo fuzz build --sanitizer "$sanitizer"; then
    echo "the fuzz targets do not build" >&2
    exit 2
fi
echo "== built in $(($(date +%s) - build_start)) s"

logs="$(mktemp -d)"
trap 'rm -rf "$logs"' EXIT
failed=()
summary=()
for t in "${targets[@]}"; do
    echo "== fuzzing $t for $seconds s"
    mkdir -p "$fuzz/artifacts/$t"
    status=0
    # -timeout: an input running 10 s is a hang; -rss_limit_mb: 2 GB is
    # a leak or a blow-up. Both are reported as crashes.
    cargo fuzz run --sanitizer "$sanitizer" "$t" "$fuzz/corpus/$t" -- \
        -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
        -print_final_stats=1 >"$logs/$t.log" 2>&1 || status=$?
    runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$logs/$t.log" | grep -o '[0-9]*$' || true)
    summary+=("$t: ${runs:-?} executions in $seconds s, exit $status")
    if [ "$status" -ne 0 ]; then
        failed+=("$t")
        echo "-- $t crashed; the end of its log:" >&2
        tail -n 60 "$logs/$t.log" >&2
        echo "-- reproduce: cargo fuzz run --sanitizer $sanitizer $t fuzz/artifacts/$t/<crash-file>" >&2
    fi
done

echo "== summary"
printf '%s\n' "${summary[@]}"
if [ ${#failed[@]} -gt 0 ]; then
    echo "crashed: ${failed[*]}" >&2
    exit 1
fi
echo "no crash"
