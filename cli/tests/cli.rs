//! The `incentive` binary run as a user runs it, on the shipped plans and
//! samples: exact amounts out, errors with a pointer to what to do, exit
//! codes as documented.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::path::PathBuf;
use std::process::{Command, Output};

/// The workspace root, where `plans/` is.
fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(PathBuf::from)
        .unwrap_or_default()
}

/// Runs the binary with `args` from the workspace root.
fn incentive(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_incentive"))
        .args(args)
        .current_dir(root())
        .output()
        .unwrap_or_else(|e| panic!("cannot run incentive: {e}"))
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A file in a fresh temporary folder, removed with the folder at exit of
/// the test process's temp cleanup (it lives under the target dir).
fn temp_file(name: &str, text: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!(
        "cli-{}-{}",
        std::process::id(),
        name.replace(['/', '.'], "_")
    ));
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap_or_else(|e| panic!("{e}"));
    path
}

#[test]
fn the_main_job_prints_every_sample_statement() {
    let o = incentive(&["run", "--job", "plans/samples/job.toml"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    let lines: Vec<&str> = out.lines().collect();
    for expected in [
        "total 6437.50 USD (rounded half-even per line to 2 places)",
        "total 6174.00 USD (rounded half-up per line to 2 places)",
        "statement for Rita (reseller) (rita), period 2026-M03",
        "       INV-1 on 2026-03-02: 10000 × 8% (product SRV-X1) = 800.00",
        "  balance owed 170.00: 170.00 recovered now, 0.00 still owed: -170.00",
        "total 437.50 USD (rounded half-up per line to 2 places)",
        "19 statements, total 471116.47 USD",
    ] {
        assert!(lines.contains(&expected), "missing `{expected}` in\n{out}");
    }
}

#[test]
fn json_and_payroll_out() {
    let o = incentive(&["run", "--job", "plans/samples/job.toml", "--json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let json: serde_json::Value =
        serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("{e}"));
    let totals: Vec<&str> = json
        .as_array()
        .map(|a| a.iter().filter_map(|s| s["total"].as_str()).collect())
        .unwrap_or_default();
    assert_eq!(totals.len(), 19);
    assert!(totals.contains(&"6174.00"));
    let o = incentive(&["run", "--job", "plans/samples/job.toml", "--payroll"]);
    let out = stdout(&o);
    assert!(
        out.lines()
            .any(|l| l == "dana,2026-Q1,demand-generation,pipeline,4875.00,USD"),
        "{out}"
    );
    assert!(
        out.lines()
            .any(|l| l
                == "rita,2026-M05,reseller-commission,adjustment:balance-recovery,-170.00,USD")
    );
}

#[test]
fn a_csv_of_totals() {
    let o = incentive(&["run", "plans", "plans/samples/participants.toml", "--csv"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    let mut lines = out.lines();
    assert_eq!(
        lines.next(),
        Some("participant,name,period,plan,total,currency")
    );
    assert!(
        out.lines()
            .any(|l| l == "dana,Dana,2026-Q1,demand-generation,6437.50,USD")
    );
}

/// The same statements whatever the order of the inputs file.
#[test]
fn input_order_does_not_change_the_output() {
    let text = std::fs::read_to_string(root().join("plans/samples/participants.toml"))
        .unwrap_or_else(|e| panic!("{e}"));
    let mut blocks: Vec<&str> = text.split("[[participants]]").skip(1).collect();
    blocks.reverse();
    let reversed = format!("[[participants]]{}", blocks.join("[[participants]]"));
    let path = temp_file("reversed.toml", &reversed);
    let path = path.to_string_lossy();
    let a = incentive(&["run", "plans", "plans/samples/participants.toml"]);
    let b = incentive(&["run", "plans", &path]);
    assert!(a.status.success() && b.status.success(), "{}", stderr(&b));
    assert_eq!(stdout(&a), stdout(&b));
}

#[test]
fn a_plan_paid_through_a_plan_year_is_refused_by_run() {
    let inputs = temp_file(
        "ytd.toml",
        r#"
[[participants]]
participant = "dana"
plan = "demand-generation-ytd"
period = "2026-Q1"
actuals = { pipeline = 1000000 }
targets = { pipeline = 2000000 }
ratings = { campaign_effectiveness = 3 }
"#,
    );
    let o = incentive(&["run", "plans/years", &inputs.to_string_lossy()]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.contains("participant `dana`, plan `demand-generation-ytd`: this plan is paid through a plan year, because component `pipeline` is measured year to date; `incentive run` evaluates one period on its own and would leave that out. Run the participant's plan year with `incentive year`"),
        "{err}"
    );
    let o = incentive(&["check", "plans/years", &inputs.to_string_lossy()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).contains("paid through a plan year"));
}

#[test]
fn credits_must_cover_the_labelled_period() {
    let o = incentive(&[
        "run",
        "plans",
        "plans/samples/q2-participants.toml",
        "--transactions",
        "plans/samples/q2-transactions.toml",
        "--from",
        "2026-03-01",
        "--to",
        "2026-03-31",
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("period `2026-Q2` runs from 2026-04-01 to 2026-06-30, but the transactions are credited from 2026-03-01 to 2026-03-31; credit the period's own dates, or leave --from and --to out"),
        "{}",
        stderr(&o)
    );
    // The period's own dates are accepted, and are what is credited
    // without them.
    let given = incentive(&[
        "run",
        "plans",
        "plans/samples/q2-participants.toml",
        "--transactions",
        "plans/samples/q2-transactions.toml",
        "--from",
        "2026-04-01",
        "--to",
        "2026-06-30",
    ]);
    let derived = incentive(&[
        "run",
        "plans",
        "plans/samples/q2-participants.toml",
        "--transactions",
        "plans/samples/q2-transactions.toml",
    ]);
    assert!(given.status.success(), "{}", stderr(&given));
    assert_eq!(stdout(&given), stdout(&derived));
}

#[test]
fn what_if_and_goal_seek() {
    let o = incentive(&[
        "what-if",
        "plans",
        "plans/samples/participants.toml",
        "--participant",
        "dana",
        "--vary",
        "attainment:pipeline",
        "--from",
        "0.5",
        "--to",
        "1.5",
        "--step",
        "0.5",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        stdout(&o),
        "attainment of `pipeline`\tpipeline\tcampaign_effectiveness\ttotal\n\
         0.5\t937.50\t1562.50\t2500.00\n\
         1.0\t3750.00\t1562.50\t5312.50\n\
         1.5\t7500.00\t1562.50\t9062.50\n"
    );
    let o = incentive(&[
        "seek",
        "plans",
        "plans/samples/participants.toml",
        "--participant",
        "dana",
        "--metric",
        "pipeline",
        "--amount",
        "6437.50",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o).starts_with("an actual of 2300000.00 pays "),
        "{}",
        stdout(&o)
    );
    let o = incentive(&[
        "seek",
        "plans",
        "plans/samples/participants.toml",
        "--participant",
        "nobody",
        "--metric",
        "pipeline",
        "--amount",
        "1",
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        stderr(&o),
        "error: `plans/samples/participants.toml` holds no inputs for participant `nobody`\n"
    );
}

#[test]
fn compare_a_plan_with_a_new_version() {
    let text = std::fs::read_to_string(root().join("plans/demand-generation.toml"))
        .unwrap_or_else(|e| panic!("{e}"));
    let new = text
        .replace("version = \"2026.1\"", "version = \"2026.2\"")
        .replace("weight = \"75%\"", "weight = \"80%\"")
        .replace("weight = \"25%\"", "weight = \"20%\"");
    assert_ne!(new, text, "the plan's weights moved");
    let path = temp_file("demand-generation-v2.toml", &new);
    let o = incentive(&[
        "compare",
        "plans/demand-generation.toml",
        &path.to_string_lossy(),
        "plans/samples/participants.toml",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(
        out.starts_with("participant\tperiod\told 2026.1\tnew 2026.2\tdelta\n"),
        "{out}"
    );
    // Dana: pipeline 5,200.00 at 80% and rating 4 at 1,250.00 on 20%.
    assert!(
        out.contains("dana\t2026-Q1\t6437.50\t6450.00\t12.50\n"),
        "{out}"
    );
}

#[test]
fn lint_and_check() {
    let o = incentive(&["lint", "plans"]);
    assert!(o.status.success());
    assert!(
        stdout(&o).ends_with("9 plans, 0 invalid, 2 warnings\n"),
        "{}",
        stdout(&o)
    );
    let o = incentive(&["lint", "--deny", "plans"]);
    assert_eq!(o.status.code(), Some(1));
    let o = incentive(&[
        "check",
        "plans",
        "plans/samples/participants.toml",
        "plans/samples/q2-participants.toml",
        "--transactions",
        "plans/samples/q2-transactions.toml",
    ]);
    assert!(o.status.success(), "{}", stdout(&o));
    assert_eq!(stdout(&o), "9 plans, 15 inputs checked, 0 errors\n");
    let bad = temp_file(
        "bad.toml",
        r#"
[[participants]]
participant = "dana"
plan = "demand-generation"
period = "2026-Q1"
actuals = { pipeline = 2300000 }
targets = { pipeline = 2000000 }
ratings = { campaign_effectiveness = 6 }
"#,
    );
    let o = incentive(&["check", "plans", &bad.to_string_lossy()]);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    assert!(
        out.contains(
            "participant `dana`, plan `demand-generation`, component `campaign_effectiveness`"
        ),
        "{out}"
    );
    assert!(
        out.ends_with("9 plans, 1 inputs checked, 1 errors\n"),
        "{out}"
    );
}

#[test]
fn the_schema_is_the_committed_one() {
    let o = incentive(&["schema"]);
    assert!(o.status.success());
    let committed = std::fs::read_to_string(root().join("plans/plan.schema.json"))
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(stdout(&o), committed);
}

#[test]
fn bad_usage_exits_2() {
    let o = incentive(&["run", "plans"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("<INPUTS>"));
    let o = incentive(&[
        "run",
        "--job",
        "plans/samples/job.toml",
        "--json",
        "--payroll",
    ]);
    assert_eq!(o.status.code(), Some(2));
    let o = incentive(&["frobnicate"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn a_bad_job_file_names_file_and_line() {
    let job = temp_file(
        "job.toml",
        "plans = \"plans\"\n\n[[batch]]\ninputz = \"x.toml\"\n",
    );
    let o = incentive(&["run", "--job", &job.to_string_lossy()]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.contains(
            "job.toml`: line 4: unknown field `inputz`, expected one of `inputs`, `transactions`, `profile`, `transactions_profile`, `roster`, `roster_profile`"
        ),
        "{err}"
    );
}

fn year_args<'a>(extra: &[&'a str]) -> Vec<&'a str> {
    let mut a = vec![
        "year",
        "plans/samples/year-examples.toml",
        "--plans",
        "plans",
        "--plans",
        "plans/years",
    ];
    a.extend_from_slice(extra);
    a
}

/// The plan-year worked examples from the year file: Dana's YTD year, the
/// mid-quarter hire, the role change and both draws, with the amounts the
/// library's tests assert.
#[test]
fn a_plan_year_from_a_year_file() {
    let o = incentive(&year_args(&[]));
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    let lines: Vec<&str> = out.lines().collect();
    for expected in [
        "dana: paid in the year 14562.50 USD; owed at year end 187.50 USD",
        "hana: paid in the year 3218.75 USD; owed at year end 0.00 USD",
        "remy: paid in the year 5668.75 USD; owed at year end 0.00 USD",
        "drew: paid in the year 10000.00 USD; owed at year end 500.00 USD",
        "nico: paid in the year 12000.00 USD; owed at year end 0.00 USD",
    ] {
        assert!(lines.contains(&expected), "missing `{expected}` in\n{out}");
    }
    let o = incentive(&year_args(&["--json"]));
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let paid = |who: &str| -> Vec<String> {
        json.as_array()
            .unwrap()
            .iter()
            .find(|r| r["participant"] == who)
            .unwrap()["statements"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["total"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(paid("dana"), ["3875.00", "7625.00", "1812.50", "1250.00"]);
    // The recoverable draw: earned 1,000, 6,000, 2,500; paid 3,000, 4,000
    // (2,000 recovered), 3,000.
    assert_eq!(paid("drew"), ["3000.00", "4000.00", "3000.00"]);
    assert_eq!(paid("nico"), ["3000.00", "6000.00", "3000.00"]);
}

/// A year run to Q2, its state written out and read back, then run on:
/// the same Q3 and Q4, to the byte, as the year run at once.
#[test]
fn a_year_state_carried_between_runs() {
    let state = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("state-{}.json", std::process::id()));
    let state = state.to_string_lossy();
    let first = incentive(&year_args(&[
        "--participant",
        "dana",
        "--through",
        "2026-Q2",
        "--state-out",
        &state,
        "--json",
    ]));
    assert!(first.status.success(), "{}", stderr(&first));
    let rest = incentive(&year_args(&[
        "--participant",
        "dana",
        "--state-in",
        &state,
        "--json",
    ]));
    assert!(rest.status.success(), "{}", stderr(&rest));
    let whole = incentive(&year_args(&["--participant", "dana", "--json"]));
    let statements = |o: &Output| -> Vec<serde_json::Value> {
        let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        v[0]["statements"].as_array().unwrap().clone()
    };
    let (first, rest, whole) = (statements(&first), statements(&rest), statements(&whole));
    assert_eq!(first.len(), 2);
    assert_eq!(rest.len(), 2);
    assert_eq!([first, rest].concat(), whole);
    let bad = temp_file("bad-state.json", "{\"dana\": 3}");
    let o = incentive(&year_args(&["--state-in", &bad.to_string_lossy()]));
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("invalid year state"), "{}", stderr(&o));
}

/// A simulation from its file gives the library's report for the same
/// file and seed, on one thread or two.
#[test]
fn a_simulation_from_a_file() {
    let args = |threads: &'static str| {
        vec![
            "simulate",
            "plans",
            "plans/simulations/shipped-plans.toml",
            "--trials",
            "300",
            "--seed",
            "7",
            "--threads",
            threads,
        ]
    };
    let one = incentive(&args("1"));
    assert!(one.status.success(), "{}", stderr(&one));
    let two = incentive(&args("2"));
    assert_eq!(stdout(&one), stdout(&two));
    let plans = incentive::PlanSet::load_dir(root().join("plans")).unwrap();
    let file = incentive::simulate::SimulationFile::load(
        root().join("plans/simulations/shipped-plans.toml"),
    )
    .unwrap();
    let report = file
        .simulation(&plans)
        .trials(300)
        .seed(7)
        .run_serial()
        .unwrap();
    assert_eq!(stdout(&one), report.to_string());
    assert!(stdout(&one).starts_with("300 trials × 7 participants, seed 7\n"));
    assert!(
        stdout(&one).contains("customer-marketing"),
        "{}",
        stdout(&one)
    );
}

/// The Salesforce-style export through its profile pays what the same
/// inputs written by hand pay.
#[test]
fn an_export_through_its_profile() {
    let through_profile = incentive(&[
        "run",
        "plans",
        "plans/samples/salesforce-opportunities.csv",
        "--profile",
        "plans/imports/salesforce-opportunities.toml",
        "--roster",
        "plans/samples/hris-roster.csv",
        "--roster-profile",
        "plans/imports/hris-roster.toml",
    ]);
    assert!(
        through_profile.status.success(),
        "{}",
        stderr(&through_profile)
    );
    let by_hand = temp_file(
        "by-hand.toml",
        r#"
[[participants]]
participant = "alex"
plan = "account-executive-marginal"
period = "2026-Q1"
actuals = { bookings = "650000.00" }
targets = { commission = 500000 }

[[participants]]
participant = "alex"
plan = "account-executive-marginal"
period = "2026-Q2"
actuals = { bookings = "120000.00" }
targets = { commission = 500000 }

[[participants]]
participant = "jordan"
plan = "account-executive-marginal"
period = "2026-Q1"
actuals = { bookings = "500000.00" }
targets = { commission = 500000 }
"#,
    );
    let hand = incentive(&["run", "plans", &by_hand.to_string_lossy()]);
    assert!(hand.status.success(), "{}", stderr(&hand));
    assert_eq!(stdout(&through_profile), stdout(&hand));
    assert!(stdout(&hand).ends_with("3 statements, total 107600.00 USD\n"));
    // `import` writes the inputs CSV that `run` reads back the same.
    let o = incentive(&[
        "import",
        "plans/imports/salesforce-opportunities.toml",
        "plans/samples/salesforce-opportunities.csv",
        "--roster",
        "plans/samples/hris-roster.csv",
        "--roster-profile",
        "plans/imports/hris-roster.toml",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let csv = temp_file("imported.csv", &stdout(&o));
    let again = incentive(&["run", "plans", &csv.to_string_lossy()]);
    assert_eq!(stdout(&again), stdout(&hand));
}

/// Output cut short by its reader (`| head`) ends quietly, not in a panic.
#[test]
fn a_closed_pipe_is_not_a_panic() {
    use std::io::Read;
    use std::process::Stdio;
    let mut child = Command::new(env!("CARGO_BIN_EXE_incentive"))
        .args(["run", "--job", "plans/samples/job.toml"])
        .current_dir(root())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 16];
    child.stdout.take().unwrap().read_exact(&mut first).unwrap();
    // stdout is dropped here: the pipe is closed.
    let status = child.wait().unwrap();
    let mut err = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    assert!(!err.contains("panicked"), "{err}");
    assert!(status.code() == Some(0), "{status:?} {err}");
}

/// The README's quickstart, as written.
#[test]
fn the_quickstart() {
    let o = incentive(&[
        "run",
        "plans/samples/quickstart/field-sales.toml",
        "plans/samples/quickstart/inputs.toml",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    let lines: Vec<&str> = out.lines().collect();
    for expected in [
        "     bookings actual 540000 against target 480000: attainment 112.5%",
        "     amount 6300.00",
        "     amount 2700.00",
        "total 9000.00 USD (rounded half-up per line to 2 places)",
        "total 4425.00 USD (rounded half-up per line to 2 places)",
    ] {
        assert!(lines.contains(&expected), "missing `{expected}` in\n{out}");
    }
    let o = incentive(&["lint", "plans/samples/quickstart/field-sales.toml"]);
    assert_eq!(
        stdout(&o),
        "plans/samples/quickstart/field-sales.toml: ok\n1 plans, 0 invalid, 0 warnings\n"
    );
}

/// The payroll CSV in the shape the shipped export declares.
#[test]
fn a_payroll_export() {
    let o = incentive(&[
        "run",
        "--job",
        "plans/samples/job.toml",
        "--payroll",
        "--payroll-export",
        "plans/samples/payroll-export.toml",
        "--pay-date",
        "2026-07-31",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines[0],
        "Employee ID,Period,Earning Code,Amount,Currency,Pay Date"
    );
    for expected in [
        "dana,2026-Q1,BON,4875.00,USD,2026-07-31",
        "rita,2026-M03,COM-RESALE,1522.00,USD,2026-07-31",
        "rita,2026-M04,COM-CARRY,170.00,USD,2026-07-31",
        "rita,2026-M05,COM-RECOVER,-170.00,USD,2026-07-31",
        "sam,2026-M03,COM-SDR,437.50,USD,2026-07-31",
    ] {
        assert!(lines.contains(&expected), "missing `{expected}` in\n{out}");
    }
    assert!(lines.iter().all(|l| !l.contains(",0.00,")), "{out}");
    let o = incentive(&[
        "run",
        "--job",
        "plans/samples/job.toml",
        "--pay-date",
        "2026-07-31",
    ]);
    assert_eq!(o.status.code(), Some(2));
}

/// An error in a file shows the offending line with the place underlined.
#[test]
fn errors_underline_the_offending_line() {
    let text = std::fs::read_to_string(root().join("plans/demand-generation.toml")).unwrap();
    let plan = temp_file(
        "misspelt.toml",
        &text.replacen("weight = \"75%\"", "wieght = \"75%\"", 1),
    );
    let o = incentive(&[
        "run",
        &plan.to_string_lossy(),
        "plans/samples/participants.toml",
    ]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    let line = text.lines().position(|l| l == "weight = \"75%\"").unwrap() + 1;
    let lines: Vec<&str> = err.lines().collect();
    assert!(lines[0].starts_with("error: invalid plan: file `"), "{err}");
    assert!(lines[0].contains("unknown field `wieght`"), "{err}");
    assert!(
        lines[1].ends_with(&format!("misspelt.toml:{line}:1")),
        "{err}"
    );
    assert!(
        lines.contains(&format!("{line} | wieght = \"75%\"").as_str()),
        "{err}"
    );
    assert!(
        lines.iter().any(|l| l.ends_with("| ^^^^^^ unknown field")),
        "{err}"
    );
}

/// A long simulation shows a progress bar only in a terminal: run with
/// standard error piped, nothing is written there.
#[test]
fn no_progress_bar_outside_a_terminal() {
    let o = incentive(&[
        "simulate",
        "plans",
        "plans/simulations/shipped-plans.toml",
        "--trials",
        "10000",
        "--seed",
        "3",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(stderr(&o), "");
    assert!(stdout(&o).starts_with("10000 trials × 7 participants, seed 3\n"));
}

/// A CSV to payroll is streamed one row at a time: the same rows as the
/// in-memory route, in the file's order, the same bytes on two threads.
#[test]
fn a_csv_streams_to_payroll() {
    let streamed = incentive(&[
        "run",
        "plans",
        "plans/samples/participants.csv",
        "--payroll",
    ]);
    assert!(streamed.status.success(), "{}", stderr(&streamed));
    let in_memory = incentive(&[
        "run",
        "plans",
        "plans/samples/participants.toml",
        "--payroll",
    ]);
    let sorted = |o: &Output| {
        let mut l: Vec<String> = stdout(o).lines().map(str::to_owned).collect();
        l.sort();
        l
    };
    assert_eq!(sorted(&streamed), sorted(&in_memory));
    assert!(stdout(&streamed).starts_with("participant,period,plan,component,amount,currency\ndana,2026-Q1,demand-generation,pipeline,4875.00,USD\n"));
    let two = incentive(&[
        "run",
        "plans",
        "plans/samples/participants.csv",
        "--payroll",
        "--threads",
        "2",
    ]);
    assert_eq!(stdout(&two), stdout(&streamed));
    // A bad cell is the reader's error, with the row underlined.
    let text = std::fs::read_to_string(root().join("plans/samples/participants.csv")).unwrap();
    let bad = temp_file("bad-stream.csv", &text.replacen("2300000", "23x0000", 1));
    let o = incentive(&["run", "plans", &bad.to_string_lossy(), "--payroll"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("participant `dana`"), "{}", stderr(&o));
    assert!(stderr(&o).contains(" | dana,"), "{}", stderr(&o));
}
