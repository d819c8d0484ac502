#!/usr/bin/env bash
# Fills fuzz/corpus/<target>/ with seeds taken from the repository: the
# shipped plans, the samples, the import profiles, simulation and payroll
# export files, the TOML and JSON written inside the guides and the tests
# (raw strings `r#"…"#`, sorted by what they hold), and the hand-made seeds
# committed under fuzz/seeds/<target>/. The corpus folders are not
# committed (the fuzzer grows them); this script remakes them, and adds
# to what a folder already holds without removing anything.
#
#     bash fuzz/seed.sh
set -euo pipefail

fuzz="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$fuzz")"
corpus="$fuzz/corpus"
targets=(plan inputs credit year cli_files)

for t in "${targets[@]}"; do
    mkdir -p "$corpus/$t"
done

# copy TARGET FILE…: each file under a name made from its path.
copy() {
    local t="$1"
    shift
    local f
    for f in "$@"; do
        [ -f "$f" ] || continue
        cp "$f" "$corpus/$t/$(echo "${f#"$root"/}" | tr '/' '_')"
    done
}

copy plan "$root"/plans/*.toml "$root"/plans/years/*.toml \
    "$root"/plans/samples/quickstart/field-sales.toml \
    "$root"/tests/fixtures/invalid-plans/*.toml
copy inputs "$root"/plans/samples/participants.toml "$root"/plans/samples/participants.csv \
    "$root"/plans/samples/q2-participants.toml "$root"/plans/samples/commission-participants.toml \
    "$root"/plans/samples/quickstart/inputs.toml
copy credit "$root"/plans/samples/q2-transactions.toml "$root"/plans/samples/q2-transactions.csv \
    "$root"/plans/samples/commission-transactions.toml
copy year "$root"/plans/samples/year-examples.toml "$root"/plans/samples/year-examples.json
copy cli_files "$root"/plans/simulations/*.toml "$root"/plans/simulations/*.json \
    "$root"/plans/imports/*.toml "$root"/plans/samples/payroll-export.toml

# An import profile followed by the export it reads, as the cli_files
# target splits them (a line `#%%` between).
for pair in "salesforce-opportunities:salesforce-opportunities" "hris-roster:hris-roster"; do
    profile="$root/plans/imports/${pair%%:*}.toml"
    export="$root/plans/samples/${pair##*:}.csv"
    if [ -f "$profile" ] && [ -f "$export" ]; then
        { cat "$profile"; printf '\n#%%%%\n'; cat "$export"; } >"$corpus/cli_files/pair_${pair%%:*}"
    fi
done

# The raw strings of the guides and the tests, one seed each, sorted by
# what they look like.
perl -e '
    use strict;
    my ($corpus, @files) = @ARGV;
    my $n = 0;
    for my $file (@files) {
        open(my $fh, "<", $file) or next;
        local $/;
        my $src = <$fh>;
        close $fh;
        (my $base = $file) =~ s{.*/}{};
        while ($src =~ /r#"(.*?)"#/sg) {
            my $s = $1;
            next if length($s) < 20;
            my $t;
            if ($s =~ /\[\[transactions\]\]|\[\[hierarchy\]\]|\[\[collections\]\]/) { $t = "credit" }
            elsif ($s =~ /"?assignments"?\s*[=:]|"balances"|\bhired\b/) { $t = "year" }
            elsif ($s =~ /\[\[participants\]\]|"participant"\s*:|^participant,/m) { $t = "inputs" }
            elsif ($s =~ /\[\[draws\]\]|"draws"|\[participant\]|earning_codes|\[\[columns\]\]|columns\s*=/) { $t = "cli_files" }
            elsif ($s =~ /pay_period|\[\[components\]\]|\[\[commissions\]\]/) { $t = "plan" }
            else { next }
            $n++;
            open(my $out, ">", "$corpus/$t/raw_${base}_$n") or die;
            print $out $s;
            close $out;
        }
    }
' "$corpus" "$root"/src/docs/*.md "$root"/tests/*.rs

for t in "${targets[@]}"; do
    if [ -d "$fuzz/seeds/$t" ]; then
        cp "$fuzz/seeds/$t"/* "$corpus/$t/" 2>/dev/null || true
    fi
    echo "fuzz/corpus/$t: $(find "$corpus/$t" -type f | wc -l) files"
done
