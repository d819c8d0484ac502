//! The command line's own file formats, through the library readers the
//! command uses: simulation files (`SimulationFile::from_toml`,
//! `from_json`; `incentive simulate`), import profiles
//! (`import::Profile::from_toml`, then `read_inputs`,
//! `read_transactions` and `read_roster` on a CSV export; `incentive run
//! --profile`, `incentive import`) and payroll exports
//! (`payroll::PayrollExport::from_toml`, then `write`; `incentive run
//! --payroll-export`). The job file (`incentive run --job`) is read by a
//! private serde struct inside `cli/`, which a library fuzz target cannot
//! reach; its plans and inputs are the formats the other targets fuzz.
//!
//! The fuzz data is the file; after a line `#%%`, the CSV export an
//! import profile reads (otherwise the shipped Salesforce export and
//! HRIS roster).
//!
//! Laws: a simulation runs (at most 3 trials) to a report whose
//! percentiles are in order, between the smallest and largest trial cost,
//! as is the mean when it is kept to at least cents; inputs an import
//! profile makes keep the laws of `incentive_fuzz::check_inputs` (CSV
//! and JSON round trips, every statement's laws); a payroll export writes
//! the same bytes twice.

#![no_main]

use incentive::import::Profile;
use incentive::payroll::PayrollExport;
use incentive::simulate::SimulationFile;
use libfuzzer_sys::{Corpus, fuzz_target};

/// Where a fuzzed simulation file is said to be: its `inputs` are read
/// beside it, as for `plans/simulations/shipped-plans.toml`.
const ORIGIN: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../plans/simulations/fuzz.toml"
);

fn simulation(file: &SimulationFile) {
    if file.participants().len() > 64 || file.draws().len() > 64 {
        return;
    }
    let plans = incentive_fuzz::plans();
    let Ok(r) = file.simulation(plans).trials(file.trials().min(3)).run() else {
        return;
    };
    assert!(
        r.min <= r.p5 && r.p5 <= r.p50 && r.p50 <= r.p95 && r.p95 <= r.max,
        "a simulation's percentiles are out of order: {r:?}"
    );
    if file.precision() >= 2 {
        assert!(
            r.min <= r.mean_cost && r.mean_cost <= r.max,
            "a simulation's mean is outside its trials' costs: {r:?}"
        );
    }
}

fn profile(p: &Profile, csv: Option<&str>) {
    let roster = p.read_roster(incentive_fuzz::ROSTER_CSV.as_bytes(), Some("roster.csv"));
    let roster = roster.ok();
    let export = csv.unwrap_or(incentive_fuzz::EXPORT_CSV);
    if let Ok(r) = p.read_roster(export.as_bytes(), Some("export.csv")) {
        let _ = r.names();
    }
    if let Ok(inputs) = p.read_inputs(export.as_bytes(), Some("export.csv"), roster.as_ref()) {
        incentive_fuzz::check_inputs(&inputs);
    }
    if let Ok(txns) = p.read_transactions(export.as_bytes(), Some("export.csv"), roster.as_ref()) {
        let data = incentive::credit::CreditData::new(txns, Vec::new(), Vec::new());
        incentive_fuzz::credit_and_settle(&data, incentive_fuzz::credit_inputs());
    }
}

fn payroll(export: &PayrollExport) {
    let Ok(rows) = incentive::payroll_rows(incentive_fuzz::sample_statements()) else {
        panic!("the sample statements make no payroll rows");
    };
    let first = export.write(&rows);
    let second = export.write(&rows);
    assert_eq!(
        first.as_ref().ok(),
        second.as_ref().ok(),
        "a payroll export writes differently twice"
    );
    if let Ok(date) = "2026-04-15".parse() {
        let _ = export.clone().with_pay_date(date).write(&rows);
    }
}

fuzz_target!(|data: &[u8]| -> Corpus {
    let Some(text) = incentive_fuzz::text(data) else {
        return Corpus::Reject;
    };
    let (file, csv) = incentive_fuzz::split(text);
    if !incentive_fuzz::names_a_device(file) {
        if let Ok(f) = SimulationFile::from_toml(file, ORIGIN) {
            simulation(&f);
        }
        if let Ok(f) = SimulationFile::from_json(file, ORIGIN) {
            simulation(&f);
        }
    }
    if let Ok(p) = Profile::from_toml(file, Some("profile.toml")) {
        profile(&p, csv);
    }
    if let Ok(e) = PayrollExport::from_toml(file, Some("export.toml")) {
        payroll(&e);
    }
    Corpus::Keep
});
