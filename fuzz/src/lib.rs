//! What the fuzz targets share: the shipped plans and samples (compiled
//! in, so a target reads no file), the fuzz data split into parts, and
//! the engine's laws checked on every statement a target produces.
//!
//! A law that does not hold panics with what broke: libFuzzer reports it
//! as a crash and keeps the input under `fuzz/artifacts/<target>/`.

use std::sync::OnceLock;

use incentive::credit::CreditData;
use incentive::year::{Calendar, PeriodStatement};
use incentive::{Date, Decimal, Inputs, Plan, PlanBook, PlanSet, Statement, YearState};

/// The shipped plans, as `incentive run PLANS` loads `plans/`.
pub const PLANS: &[(&str, &str)] = &[
    (
        "plans/account-executive-marginal.toml",
        include_str!("../../plans/account-executive-marginal.toml"),
    ),
    (
        "plans/account-executive-retroactive.toml",
        include_str!("../../plans/account-executive-retroactive.toml"),
    ),
    (
        "plans/channel-marketing.toml",
        include_str!("../../plans/channel-marketing.toml"),
    ),
    (
        "plans/customer-marketing.toml",
        include_str!("../../plans/customer-marketing.toml"),
    ),
    (
        "plans/demand-generation.toml",
        include_str!("../../plans/demand-generation.toml"),
    ),
    (
        "plans/product-manager.toml",
        include_str!("../../plans/product-manager.toml"),
    ),
    (
        "plans/reseller-commission.toml",
        include_str!("../../plans/reseller-commission.toml"),
    ),
    (
        "plans/sales-enablement.toml",
        include_str!("../../plans/sales-enablement.toml"),
    ),
    (
        "plans/sdr-meetings.toml",
        include_str!("../../plans/sdr-meetings.toml"),
    ),
];

/// The plan-year plans, as `incentive year … --plans plans --plans
/// plans/years` adds them.
pub const YEAR_PLANS: &[(&str, &str)] = &[
    (
        "plans/years/demand-generation-ytd.toml",
        include_str!("../../plans/years/demand-generation-ytd.toml"),
    ),
    (
        "plans/years/monthly-draw-non-recoverable.toml",
        include_str!("../../plans/years/monthly-draw-non-recoverable.toml"),
    ),
    (
        "plans/years/monthly-draw-recoverable.toml",
        include_str!("../../plans/years/monthly-draw-recoverable.toml"),
    ),
];

/// The sample inputs every credit fuzz input is evaluated with.
pub const CREDIT_INPUTS: &[&str] = &[
    include_str!("../../plans/samples/q2-participants.toml"),
    include_str!("../../plans/samples/commission-participants.toml"),
];

/// The sample quarter's inputs (TOML).
pub const PARTICIPANTS: &str = include_str!("../../plans/samples/participants.toml");

/// The sample CRM export and HRIS roster, read through a fuzzed import
/// profile when the fuzz data brings no CSV of its own.
pub const EXPORT_CSV: &str = include_str!("../../plans/samples/salesforce-opportunities.csv");
/// See [`EXPORT_CSV`].
pub const ROSTER_CSV: &str = include_str!("../../plans/samples/hris-roster.csv");

/// Where a fuzzed part ends and the next begins, on a line of its own:
/// a plan and the values of its inputs, an import profile and its CSV.
pub const SEPARATOR: &str = "\n#%%\n";

/// The fuzz data as text, or `None` when it is not UTF-8 (every reader
/// takes `&str`; the file loaders refuse invalid UTF-8 before them).
pub fn text(data: &[u8]) -> Option<&str> {
    std::str::from_utf8(data).ok()
}

/// The text before the first [`SEPARATOR`] and the text after it.
pub fn split(text: &str) -> (&str, Option<&str>) {
    match text.split_once(SEPARATOR) {
        Some((a, b)) => (a, Some(b)),
        None => (text, None),
    }
}

/// Whether a fuzzed file names a path the target must not open: the
/// simulation file's `inputs` are read from disk, and `/dev/zero` would
/// never end.
pub fn names_a_device(text: &str) -> bool {
    ["/dev", "/proc", "/sys", "\\u", "\\U"]
        .iter()
        .any(|p| text.contains(p))
}

fn load_set(files: &[(&str, &str)]) -> PlanSet {
    let mut set = PlanSet::new();
    for (name, text) in files {
        let plan = Plan::from_toml_named(text, name)
            .unwrap_or_else(|e| panic!("shipped plan {name} does not load: {e}"));
        set.insert(plan)
            .unwrap_or_else(|e| panic!("shipped plan {name} clashes: {e}"));
    }
    set
}

/// The shipped plans, loaded once per process.
pub fn plans() -> &'static PlanSet {
    static SET: OnceLock<PlanSet> = OnceLock::new();
    SET.get_or_init(|| load_set(PLANS))
}

/// The shipped plans and the plan-year plans, as one book.
pub fn book() -> &'static PlanBook {
    static BOOK: OnceLock<PlanBook> = OnceLock::new();
    BOOK.get_or_init(|| {
        let mut all: Vec<(&str, &str)> = PLANS.to_vec();
        all.extend_from_slice(YEAR_PLANS);
        PlanBook::from_set(&load_set(&all))
            .unwrap_or_else(|e| panic!("shipped plans make no book: {e}"))
    })
}

/// The sample inputs of the credit batches, read once.
pub fn credit_inputs() -> &'static [Inputs] {
    static INPUTS: OnceLock<Vec<Inputs>> = OnceLock::new();
    INPUTS.get_or_init(|| {
        CREDIT_INPUTS
            .iter()
            .flat_map(|t| {
                Inputs::list_from_toml(t)
                    .unwrap_or_else(|e| panic!("sample credit inputs do not read: {e}"))
            })
            .collect()
    })
}

/// The sample quarter's statements, evaluated once.
pub fn sample_statements() -> &'static [Statement] {
    static STATEMENTS: OnceLock<Vec<Statement>> = OnceLock::new();
    STATEMENTS.get_or_init(|| {
        let inputs = Inputs::list_from_toml(PARTICIPANTS)
            .unwrap_or_else(|e| panic!("sample inputs do not read: {e}"));
        plans()
            .evaluate_all(&inputs)
            .unwrap_or_else(|e| panic!("sample inputs are not paid: {e}"))
    })
}

/// `parts` added up exactly, at the largest scale among them and `total`,
/// compared with `total`: the law "the lines add up to the total". The
/// sum is done here in `i128` (not by `Decimal`, whose addition rounds
/// past 28 digits); when even that overflows the law is not checked.
pub fn assert_adds_up(parts: &[Decimal], total: Decimal, what: &str) {
    let scale = parts
        .iter()
        .chain([&total])
        .map(Decimal::scale)
        .max()
        .unwrap_or(0);
    let at_scale = |d: &Decimal| -> Option<i128> {
        10i128
            .checked_pow(scale - d.scale())
            .and_then(|f| d.mantissa().checked_mul(f))
    };
    let mut sum: i128 = 0;
    for p in parts {
        match at_scale(p).and_then(|m| sum.checked_add(m)) {
            Some(s) => sum = s,
            None => return,
        }
    }
    let Some(t) = at_scale(&total) else { return };
    assert_eq!(
        sum, t,
        "{what}: the parts {parts:?} add up to {sum}e-{scale}, but the total is {total}"
    );
}

/// The laws of one statement: its lines and adjustments add up to its
/// total; its JSON reads back to the same statement; its text prints;
/// its payroll rows add up to its total.
pub fn check_statement(s: &Statement) {
    let parts: Vec<Decimal> = s
        .lines
        .iter()
        .map(|l| l.amount)
        .chain(s.adjustments.iter().map(|a| a.amount))
        .collect();
    assert_adds_up(&parts, s.total, "statement lines and adjustments");
    assert_eq!(s.total(), s.total);

    let json =
        serde_json::to_string(s).unwrap_or_else(|e| panic!("a statement does not serialize: {e}"));
    let back: Statement = serde_json::from_str(&json)
        .unwrap_or_else(|e| panic!("a statement's JSON does not read back: {e}\n{json}"));
    assert_eq!(
        &back, s,
        "a statement's JSON reads back differently:\n{json}"
    );

    let _ = s.to_string();

    if let Ok(rows) = incentive::payroll_rows(std::slice::from_ref(s)) {
        let amounts: Vec<Decimal> = rows.iter().map(|r| r.amount).collect();
        assert_adds_up(&amounts, s.total, "payroll rows");
    }
    let _ = incentive::csv::write_payroll(std::slice::from_ref(s));
}

/// The laws of one plan-year statement: its lines' and adjustments'
/// amounts add up to what it earned; its JSON reads back the same.
pub fn check_period(p: &PeriodStatement) {
    let parts: Vec<Decimal> = p
        .lines
        .iter()
        .map(|l| l.amount)
        .chain(p.adjustments.iter().map(|a| a.amount))
        .collect();
    assert_adds_up(&parts, p.earned, "period lines and adjustments");
    let json = serde_json::to_string(p)
        .unwrap_or_else(|e| panic!("a period statement does not serialize: {e}"));
    let back: PeriodStatement = serde_json::from_str(&json)
        .unwrap_or_else(|e| panic!("a period statement's JSON does not read back: {e}\n{json}"));
    assert_eq!(
        &back, p,
        "a period statement's JSON reads back differently:\n{json}"
    );
    let _ = p.to_string();
}

/// The law of a year state: its JSON reads back to the same state.
pub fn check_state(state: &YearState) {
    if let Ok(json) = state.to_json() {
        let back = YearState::from_json(&json, "state.json")
            .unwrap_or_else(|e| panic!("a year state's JSON does not read back: {e}\n{json}"));
        assert_eq!(
            &back, state,
            "a year state's JSON reads back differently:\n{json}"
        );
    }
}

/// The laws of a list of inputs, however it was read: written as CSV it
/// reads back the same; as JSON it reads back the same; evaluated
/// against the shipped plans, every statement keeps its laws, and the
/// statement and batch routes agree.
pub fn check_inputs(list: &[Inputs]) {
    if let Ok(text) = incentive::csv::write_inputs(list) {
        let back = incentive::csv::read_inputs(&text, Some("written.csv")).unwrap_or_else(|e| {
            panic!("csv::write_inputs wrote what read_inputs refuses: {e}\n{text}")
        });
        // The one documented exception (`src/docs/data.md`): a name
        // starting like a formula is written, and reads back, with a
        // leading `'`.
        let expected: Vec<Inputs> = list
            .iter()
            .map(|i| match i.participant_name() {
                Some(n) if n.starts_with(['=', '+', '-', '@', '\t', '\r']) => {
                    i.clone().with_name(format!("'{n}"))
                }
                _ => i.clone(),
            })
            .collect();
        assert_eq!(
            back, expected,
            "csv::write_inputs then read_inputs differs:\n{text}"
        );
    }
    if let Ok(json) = serde_json::to_string(list) {
        let back: Vec<Inputs> = serde_json::from_str(&json)
            .unwrap_or_else(|e| panic!("inputs' JSON does not read back: {e}\n{json}"));
        assert_eq!(back, list, "inputs' JSON reads back differently:\n{json}");
    }
    for i in list.iter().take(32) {
        evaluate_checked(plans(), i);
        if let (Some(plan), Some(label)) = (plans().get(i.plan()), i.period())
            && let Ok(p) = Calendar::of(plan).and_then(|c| c.period_named(label))
        {
            assert!(
                p.start() <= p.end(),
                "period `{label}` ends before it starts"
            );
        }
    }
}

/// `inputs` evaluated against `set` by the statement route and by the
/// prepared (batch) route: both succeed or both fail with the same error,
/// and pay the same amounts; the statement keeps its laws.
pub fn evaluate_checked(set: &PlanSet, inputs: &Inputs) -> Option<Statement> {
    let statement = set.evaluate(inputs);
    if let Some(plan) = set.get(inputs.plan()) {
        let prepared = plan.prepare();
        let mut payout = prepared.payout();
        let batch = prepared.evaluate_into(inputs, &mut payout);
        match (&statement, &batch) {
            (Ok(s), Ok(())) => {
                assert_eq!(
                    s.total,
                    payout.total(),
                    "statement and payout totals differ"
                );
                let lines: Vec<Decimal> = s.lines.iter().map(|l| l.amount).collect();
                let paid: Vec<Decimal> = payout.lines().iter().map(|l| l.amount).collect();
                assert_eq!(lines, paid, "statement and payout lines differ");
            }
            (Err(a), Err(b)) => assert_eq!(
                a.kind(),
                b.kind(),
                "statement and payout fail differently: {a} / {b}"
            ),
            (a, b) => panic!(
                "statement and payout disagree on success: {:?} / {:?}",
                a.as_ref().map(Statement::total),
                b
            ),
        }
    }
    let s = statement.ok()?;
    check_statement(&s);
    Some(s)
}

/// Credits `data` over `inputs`' periods as `incentive run --transactions`
/// does: grouped by period dates, commission plans settled in order
/// through one ledger; every statement keeps its laws. Returns whether
/// any statement was paid.
pub fn credit_and_settle(data: &CreditData, inputs: &[Inputs]) -> bool {
    use incentive::Credits;
    use incentive::commission::CommissionLedger;
    let set = plans();
    let mut dated: Vec<(Date, Date, &Inputs)> = Vec::new();
    for i in inputs {
        let Some(plan) = set.get(i.plan()) else {
            continue;
        };
        let Some(label) = i.period() else { continue };
        if let Ok(p) = Calendar::of(plan).and_then(|c| c.period_named(label)) {
            dated.push((p.start(), p.end(), i));
        }
    }
    dated.sort_by(|a, b| {
        (a.0, a.1, a.2.participant(), a.2.plan()).cmp(&(b.0, b.1, b.2.participant(), b.2.plan()))
    });
    let people: Vec<&str> = inputs.iter().map(Inputs::participant).collect();
    let mut ledger = CommissionLedger::default();
    let mut paid = false;
    for group in dated.chunk_by(|a, b| (a.0, a.1) == (b.0, b.1)) {
        let Some(&(from, to, _)) = group.first() else {
            continue;
        };
        let batch: Vec<Inputs> = group.iter().map(|(_, _, i)| (*i).clone()).collect();
        let Ok(credits) = Credits::build(data, people.iter().copied(), from, to) else {
            return paid;
        };
        let Ok(statements) = credits.evaluate_all(set, &batch) else {
            return paid;
        };
        for s in statements {
            check_statement(&s);
            paid = true;
            if let Some(plan) = set.get(&s.plan)
                && !plan.commissions().is_empty()
            {
                match ledger.settle(plan, s, from, to, data) {
                    Ok(settled) => check_statement(&settled),
                    Err(_) => return paid,
                }
            }
        }
    }
    paid
}
