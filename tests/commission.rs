//! Commission plans: the worked examples of the commission issue, word for
//! word, and the laws commission obeys.

use incentive::credit::{CreditData, LineCredit, ReportingLine, TransactionLine};
use incentive::statement::RuleTrace;
use incentive::{Credits, Date, Error, Inputs, Plan, PlanSet, Statement, Transaction};
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

fn day(s: &str) -> Date {
    s.parse().unwrap()
}

fn reseller() -> Plan {
    Plan::load("plans/reseller-commission.toml").unwrap()
}

fn plans() -> PlanSet {
    let mut set = PlanSet::new();
    set.insert(reseller()).unwrap();
    set
}

/// The reseller's invoice lines, March to May, all credited to `rita`.
fn reseller_data() -> CreditData {
    let sale = |id: &str, amount: Decimal, date: &str, product: &str, category: &str| {
        Transaction::new(id, "sales", amount, day(date))
            .attribute("product", product)
            .attribute("category", category)
            .split("rita", dec!(1))
    };
    CreditData::new(
        vec![
            sale(
                "INV-1",
                dec!(10000.00),
                "2026-03-02",
                "SRV-X1",
                "hardware/servers",
            ),
            sale(
                "INV-2",
                dec!(7450.00),
                "2026-03-09",
                "SRV-Y",
                "hardware/servers",
            ),
            sale(
                "INV-3",
                dec!(4000.00),
                "2026-03-16",
                "NET-1",
                "hardware/network",
            ),
            sale("INV-4", dec!(2500.00), "2026-03-23", "SVC-1", "services"),
            Transaction::new("CN-1", "sales", dec!(-2500.00), day("2026-04-06")).refers_to("INV-1"),
            sale("INV-5", dec!(1000.00), "2026-04-14", "SVC-1", "services"),
            sale(
                "INV-6",
                dec!(5000.00),
                "2026-05-05",
                "SRV-Y",
                "hardware/servers",
            ),
        ],
        vec![],
        vec![],
    )
}

fn month(data: &CreditData, from: &str, to: &str) -> Statement {
    let credits = Credits::build(data, ["rita"], day(from), day(to)).unwrap();
    credits
        .evaluate(&plans(), &Inputs::new("rita", "reseller-commission"))
        .unwrap()
}

fn line_amounts(s: &Statement) -> Vec<(String, Decimal)> {
    let RuleTrace::Commission(c) = &s.lines[0].rule else {
        panic!("not a commission line: {:?}", s.lines[0].rule);
    };
    c.lines
        .iter()
        .map(|l| (l.transaction.clone(), l.amount.unwrap()))
        .collect()
}

#[test]
fn precedence_march() {
    let march = month(&reseller_data(), "2026-03-01", "2026-03-31");
    assert_eq!(
        line_amounts(&march),
        [
            ("INV-1".to_owned(), dec!(800.00)),
            ("INV-2".to_owned(), dec!(447.00)),
            ("INV-3".to_owned(), dec!(200.00)),
            ("INV-4".to_owned(), dec!(75.00)),
        ]
    );
    assert_eq!(march.total(), dec!(1522.00));
    assert!(march.target_incentive.is_none());
    let text = march.to_string();
    assert!(
        text.contains("INV-1 on 2026-03-02: 10000 × 8% (product SRV-X1) = 800.00"),
        "{text}"
    );
    assert!(
        text.contains("INV-3 on 2026-03-16: 4000 × 5% (category hardware) = 200.00"),
        "{text}"
    );
    assert!(
        text.contains("INV-4 on 2026-03-23: 2500 × 3% (default) = 75.00"),
        "{text}"
    );
    assert!(!text.contains("target incentive"), "{text}");
}

#[test]
fn a_credit_note_pays_back_at_its_originals_rate() {
    let april = month(&reseller_data(), "2026-04-01", "2026-04-30");
    assert_eq!(
        line_amounts(&april),
        [
            ("CN-1".to_owned(), dec!(-200.00)),
            ("INV-5".to_owned(), dec!(30.00)),
        ]
    );
    assert_eq!(april.lines[0].amount, dec!(-170.00));
    let text = april.to_string();
    assert!(
        text.contains("CN-1 on 2026-04-06, credit note of INV-1: -2500 × 8% (product SRV-X1, INV-1's rate) = -200.00"),
        "{text}"
    );
}

#[test]
fn margin_basis() {
    let plan = Plan::from_toml(
        r#"
        id = "margin"
        name = "Margin commission"
        version = "1"
        currency = "USD"
        pay_period = "month"
        [[commissions]]
        id = "margin"
        name = "Margin commission"
        metric = "sales"
        basis = "margin"
        rate = "20%"
        "#,
    )
    .unwrap();
    let inputs = Inputs::new("mo", "margin").line(
        TransactionLine::new("L1", "sales", day("2026-03-10"), dec!(10000.00)).cost(dec!(6500.00)),
    );
    let s = plan.evaluate(&inputs).unwrap();
    assert_eq!(s.total(), dec!(700.00));
    let missing = Inputs::new("mo", "margin").line(TransactionLine::new(
        "L1",
        "sales",
        day("2026-03-10"),
        dec!(10000.00),
    ));
    let e = plan.evaluate(&missing).unwrap_err();
    assert!(matches!(e, Error::Input(_)));
    assert_eq!(e.details().transaction.as_deref(), Some("L1"));
    assert_eq!(e.details().field.as_deref(), Some("lines.cost"));
}

#[test]
fn per_unit_sdr_meetings() {
    let plan = Plan::load("plans/sdr-meetings.toml").unwrap();
    let mut inputs = Inputs::new("sam", "sdr-meetings");
    for i in 1..=24 {
        inputs = inputs.line(
            TransactionLine::new(format!("M-{i:02}"), "meetings", day("2026-03-02"), dec!(0))
                .quantity(dec!(1))
                .attribute("status", "completed"),
        );
    }
    inputs = inputs.line(
        TransactionLine::new("M-25", "meetings", day("2026-03-30"), dec!(0))
            .quantity(dec!(1))
            .attribute("status", "no-show"),
    );
    let s = plan.evaluate(&inputs).unwrap();
    assert_eq!(s.total(), dec!(437.50));
    let text = s.to_string();
    assert!(
        text.contains("band 1 [0, 20): 20 units × 17.50 per unit = 350"),
        "{text}"
    );
    assert!(
        text.contains("band 2 [20, ∞): 4 units × 21.875 per unit = 87.5"),
        "{text}"
    );
    assert!(
        text.contains("1 line left out by the plan's filter"),
        "{text}"
    );
}

use incentive::commission::CommissionLedger;

/// Settles `rita`'s month of `plan` against the ledger.
fn settle_month(
    plan: &Plan,
    ledger: &mut CommissionLedger,
    data: &CreditData,
    from: &str,
    to: &str,
) -> Statement {
    let mut set = PlanSet::new();
    set.insert(plan.clone()).unwrap();
    let credits = Credits::build(data, ["rita"], day(from), day(to)).unwrap();
    let s = credits
        .evaluate(&set, &Inputs::new("rita", plan.id()))
        .unwrap();
    let settled = ledger.settle(plan, s, day(from), day(to), data).unwrap();
    let adjustments: Decimal = settled.adjustments.iter().map(|a| a.amount).sum();
    let lines: Decimal = settled.lines.iter().map(|l| l.amount).sum();
    assert_eq!(lines + adjustments, settled.total(), "{settled}");
    crate::roundtrip::round_trip(&settled)
}

#[test]
fn a_negative_month_is_carried_and_recovered() {
    let plan = reseller();
    let data = reseller_data();
    let mut ledger = CommissionLedger::default();
    let march = settle_month(&plan, &mut ledger, &data, "2026-03-01", "2026-03-31");
    assert_eq!(march.total(), dec!(1522.00));
    let april = settle_month(&plan, &mut ledger, &data, "2026-04-01", "2026-04-30");
    assert_eq!(april.lines[0].amount, dec!(-170.00));
    assert_eq!(april.total().to_string(), "0.00");
    assert_eq!(ledger.owed("rita", "reseller-commission"), dec!(170.00));
    let may = settle_month(&plan, &mut ledger, &data, "2026-05-01", "2026-05-31");
    assert_eq!(may.lines[0].amount, dec!(300.00));
    let recovery = may
        .adjustments
        .iter()
        .find(|a| a.kind == "balance-recovery")
        .unwrap();
    assert_eq!(recovery.amount, dec!(-170.00));
    assert_eq!(may.total(), dec!(130.00));
    assert_eq!(ledger.owed("rita", "reseller-commission"), dec!(0));
}

#[test]
fn a_negative_month_may_be_paid() {
    let text = std::fs::read_to_string("plans/reseller-commission.toml")
        .unwrap()
        .replace("\nnegative = \"carry\"\n", "\nnegative = \"pay\"\n");
    let plan = Plan::from_toml(&text).unwrap();
    let data = reseller_data();
    let mut ledger = CommissionLedger::default();
    settle_month(&plan, &mut ledger, &data, "2026-03-01", "2026-03-31");
    let april = settle_month(&plan, &mut ledger, &data, "2026-04-01", "2026-04-30");
    assert_eq!(april.total(), dec!(-170.00));
    assert_eq!(ledger.owed("rita", "reseller-commission"), dec!(0));
}

const COLLECTED: &str = r#"
id = "collected"
name = "Commission on collection"
version = "1"
currency = "USD"
pay_period = "month"
[[commissions]]
id = "sales"
name = "Sales commission"
metric = "sales"
rate = "7.5%"
payment = "collected"
"#;

#[test]
fn pay_on_collection() {
    use incentive::credit::Collection;
    let plan = Plan::from_toml(COLLECTED).unwrap();
    let data = CreditData::new(
        vec![
            Transaction::new("INV-7", "sales", dec!(12345.67), day("2026-03-10"))
                .split("rita", dec!(1)),
        ],
        vec![],
        vec![],
    )
    .with_collections(vec![
        Collection::new("INV-7", dec!(4115.22), day("2026-04-20")),
        Collection::new("INV-7", dec!(8230.45), day("2026-06-05")),
    ]);
    let mut ledger = CommissionLedger::default();
    let march = settle_month(&plan, &mut ledger, &data, "2026-03-01", "2026-03-31");
    let RuleTrace::Commission(c) = &march.lines[0].rule else {
        panic!()
    };
    assert_eq!(c.lines[0].commission.unwrap().to_string(), "925.92525");
    assert_eq!(march.lines[0].amount, dec!(925.93));
    assert_eq!(march.total(), dec!(0.00));
    let april = settle_month(&plan, &mut ledger, &data, "2026-04-01", "2026-04-30");
    assert_eq!(april.total(), dec!(308.64));
    assert!(
        april.adjustments[0].description.contains("exact 308.6415"),
        "{april}"
    );
    let may = settle_month(&plan, &mut ledger, &data, "2026-05-01", "2026-05-31");
    assert_eq!(may.total(), dec!(0.00));
    let june = settle_month(&plan, &mut ledger, &data, "2026-06-01", "2026-06-30");
    assert_eq!(june.total(), dec!(617.29));
    assert_eq!(dec!(308.64) + dec!(617.29), dec!(925.93));
    assert_eq!(ledger.paid_on("rita", "collected", "INV-7"), dec!(925.93));
}

#[test]
fn a_payment_above_the_invoice_is_refused() {
    use incentive::credit::Collection;
    let data = CreditData::new(
        vec![
            Transaction::new("INV-7", "sales", dec!(12345.67), day("2026-03-10"))
                .split("rita", dec!(1)),
        ],
        vec![],
        vec![],
    )
    .with_collections(vec![
        Collection::new("INV-7", dec!(12000), day("2026-04-20")),
        Collection::new("INV-7", dec!(400), day("2026-04-21")),
    ]);
    let e = Credits::build(&data, ["rita"], day("2026-03-01"), day("2026-03-31")).unwrap_err();
    assert!(matches!(e, Error::Input(_)));
    assert_eq!(e.details().transaction.as_deref(), Some("INV-7"));
    assert_eq!(e.details().field.as_deref(), Some("collections.amount"));
    assert!(
        e.to_string()
            .contains("above the invoice's amount 12345.67"),
        "{e}"
    );
}

#[test]
fn a_deferred_schedule() {
    let plan = Plan::from_toml(
        r#"
        id = "deferred"
        name = "Deferred commission"
        version = "1"
        currency = "USD"
        pay_period = "month"
        [[commissions]]
        id = "sales"
        name = "Sales commission"
        metric = "sales"
        rate = "10%"
        schedule = [[0, "40%"], [12, "20%"], [24, "20%"], [36, "20%"]]
        "#,
    )
    .unwrap();
    let data = CreditData::new(
        vec![
            Transaction::new("D1", "sales", dec!(50000.00), day("2026-01-15"))
                .split("rita", dec!(1)),
        ],
        vec![],
        vec![],
    );
    let mut ledger = CommissionLedger::default();
    let jan = settle_month(&plan, &mut ledger, &data, "2026-01-01", "2026-01-31");
    assert_eq!(jan.lines[0].amount, dec!(5000.00));
    assert_eq!(jan.total(), dec!(2000.00));
    let deferred = jan
        .adjustments
        .iter()
        .find(|a| a.kind == "deferred")
        .unwrap();
    assert_eq!(deferred.amount, dec!(-3000.00));
    let tranches = crate::roundtrip::round_trip(&ledger.deferred("rita"));
    let due: Vec<(String, Decimal)> = tranches
        .iter()
        .map(|t| (t.due.to_string(), t.amount))
        .collect();
    assert_eq!(
        due,
        [
            ("2027-01-15".to_owned(), dec!(1000.00)),
            ("2028-01-15".to_owned(), dec!(1000.00)),
            ("2029-01-15".to_owned(), dec!(1000.00)),
        ]
    );
    let dec_2026 = settle_month(&plan, &mut ledger, &data, "2026-12-01", "2026-12-31");
    assert_eq!(dec_2026.total(), dec!(0.00));
    for year in ["2027", "2028", "2029"] {
        let s = settle_month(
            &plan,
            &mut ledger,
            &data,
            &format!("{year}-01-01"),
            &format!("{year}-01-31"),
        );
        assert_eq!(s.total(), dec!(1000.00), "{s}");
    }
    assert!(ledger.deferred("rita").is_empty());
}

#[test]
fn a_schedule_must_add_up_to_100_percent() {
    let e = Plan::from_toml_named(
        r#"id = "deferred"
name = "Deferred commission"
version = "1"
currency = "USD"
pay_period = "month"
[[commissions]]
id = "sales"
name = "Sales commission"
metric = "sales"
rate = "10%"
schedule = [[0, "40%"], [12, "20%"], [24, "20%"]]
"#,
        "plans/deferred.toml",
    )
    .unwrap_err();
    assert!(matches!(e, Error::Plan(_)));
    let d = e.details();
    assert_eq!(d.file.as_deref(), Some("plans/deferred.toml"));
    assert_eq!(d.line, Some(11));
    assert_eq!(d.component.as_deref(), Some("sales"));
    assert_eq!(d.field.as_deref(), Some("schedule"));
    assert!(d.message.contains("add up to 80%"), "{e}");
}

#[test]
fn partial_clawback_bands() {
    use incentive::credit::Cancellation;
    let plan = Plan::from_toml(
        r#"
        id = "flat"
        name = "Flat commission"
        version = "1"
        currency = "USD"
        pay_period = "month"
        clawback = { bands = [[0, "100%"], [91, "50%"], [181, "0%"]] }
        [[commissions]]
        id = "sales"
        name = "Sales commission"
        metric = "sales"
        rate = "10%"
        "#,
    )
    .unwrap();
    let booked = day("2026-01-10");
    let cancelled_after = |days: i64| -> Decimal {
        let on = day("2026-01-10").add_days(days).unwrap();
        let data = CreditData::new(
            vec![Transaction::new("D1", "sales", dec!(30000.00), booked).split("rita", dec!(1))],
            vec![],
            vec![Cancellation::new("D1", on)],
        );
        let mut ledger = CommissionLedger::default();
        let jan = settle_month(&plan, &mut ledger, &data, "2026-01-01", "2026-01-31");
        assert_eq!(jan.total(), dec!(3000.00));
        let (from, to) = (on.add_days(-1).unwrap(), on);
        let s = settle_month(
            &plan,
            &mut ledger,
            &data,
            &from.to_string(),
            &to.to_string(),
        );
        s.adjustments
            .iter()
            .filter(|a| a.kind == "clawback")
            .map(|a| a.amount)
            .sum()
    };
    assert_eq!(cancelled_after(120), dec!(-1500.00));
    assert_eq!(cancelled_after(90), dec!(-3000.00));
    assert_eq!(cancelled_after(181), dec!(0.00));
}

#[test]
fn override_on_the_reports_commission() {
    let manager = Plan::from_toml(
        r#"
        id = "override"
        name = "Team override"
        version = "1"
        currency = "USD"
        pay_period = "month"
        [[commissions]]
        id = "override"
        name = "Override on the team's commission"
        lines = "reports"
        per = "total"
        rate = "10%"
        "#,
    )
    .unwrap();
    let mut set = plans();
    set.insert(manager).unwrap();
    let mut data = reseller_data();
    let mut txns: Vec<Transaction> = data.transactions().to_vec();
    txns.push(
        Transaction::new("INV-9", "sales", dec!(16600.00), day("2026-03-20"))
            .attribute("category", "hardware")
            .split("ravi", dec!(1)),
    );
    data = CreditData::new(
        txns,
        vec![
            ReportingLine::new("rita", "mona", day("2026-01-01")),
            ReportingLine::new("ravi", "mona", day("2026-01-01")),
        ],
        vec![],
    );
    let credits = Credits::build(
        &data,
        ["rita", "ravi", "mona"],
        day("2026-03-01"),
        day("2026-03-31"),
    )
    .unwrap();
    let all = credits
        .evaluate_all(
            &set,
            &[
                Inputs::new("rita", "reseller-commission"),
                Inputs::new("ravi", "reseller-commission"),
                Inputs::new("mona", "override"),
            ],
        )
        .unwrap();
    let total = |p: &str| all.iter().find(|s| s.participant == p).unwrap().total();
    assert_eq!(total("rita"), dec!(1522.00));
    assert_eq!(total("ravi"), dec!(830.00));
    assert_eq!(total("mona"), dec!(235.20));
}

#[test]
fn cascade_net_of_the_levels_below() {
    let plan = Plan::from_toml(
        r#"
        id = "cascade"
        name = "Cascade"
        version = "1"
        currency = "USD"
        pay_period = "month"
        rounding = { mode = "half-up", scope = "line" }
        [[commissions]]
        id = "cascade"
        name = "Cascade commission"
        metric = "sales"
        cascade = ["10%", "5%", "2%"]
        "#,
    )
    .unwrap();
    let mut set = PlanSet::new();
    set.insert(plan).unwrap();
    let data = CreditData::new(
        vec![
            Transaction::new("S1", "sales", dec!(12345.67), day("2026-03-10"))
                .split("lee", dec!(1)),
        ],
        vec![
            ReportingLine::new("lee", "max", day("2026-01-01")),
            ReportingLine::new("max", "kim", day("2026-01-01")),
            ReportingLine::new("kim", "ann", day("2026-01-01")),
        ],
        vec![],
    );
    let credits = Credits::build(
        &data,
        ["lee", "max", "kim", "ann"],
        day("2026-03-01"),
        day("2026-03-31"),
    )
    .unwrap();
    let pay = |p: &str| credits.evaluate(&set, &Inputs::new(p, "cascade")).unwrap();
    assert_eq!(pay("lee").total(), dec!(1234.57));
    // Only a level above the first is net of what was paid below.
    assert!(!pay("lee").to_string().contains("net of"), "{}", pay("lee"));
    assert!(
        pay("max")
            .to_string()
            .contains("(net of 1234.57 paid below)"),
        "{}",
        pay("max")
    );
    let max = pay("max");
    assert_eq!(max.total(), dec!(555.56));
    let RuleTrace::Commission(c) = &max.lines[0].rule else {
        panic!()
    };
    assert_eq!(c.lines[0].base.to_decimal(), Some(dec!(11111.10)));
    assert_eq!(pay("kim").total(), dec!(211.11));
    let RuleTrace::Commission(c) = &pay("kim").lines[0].rule else {
        panic!()
    };
    assert_eq!(c.lines[0].base.to_decimal(), Some(dec!(10555.54)));
    let _ = LineCredit::default();
    // A fourth level up has no rate of the three: its roll-up is left out,
    // and the statement says so.
    let ann = pay("ann");
    assert_eq!(ann.total(), dec!(0.00));
    let RuleTrace::Commission(c) = &ann.lines[0].rule else {
        panic!()
    };
    assert!(c.lines.is_empty());
    assert_eq!(c.excluded, 1);
    assert!(matches!(
        &ann.lines[0].measure,
        incentive::statement::MeasureTrace::Lines { lines: 0, .. }
    ));
    assert!(
        ann.to_string()
            .contains(": no lines (1 line left out by the plan's filter)"),
        "{ann}"
    );
}

/// A commission on the period's total pays a credit note at the rate of
/// the version in effect, with the period's other lines: only per-line
/// rates pay a credit note back at its original's rate.
#[test]
fn a_credit_note_on_a_total_rate_nets_at_the_current_versions_rate() {
    let april = april_across_versions("total-rate", "per = \"total\"");
    assert_eq!(april.plan_version, "2");
    assert_eq!(april.total(), dec!(30.00));
}

#[test]
fn a_credit_note_pays_back_the_rate_paid_even_after_the_rules_changed() {
    let v1 = std::fs::read_to_string("plans/reseller-commission.toml")
        .unwrap()
        .replace(
            "\nnegative = \"carry\"\n",
            "\nnegative = \"carry\"\nyear = { effective_until = 2026-03-31 }\n",
        );
    let v2 = v1
        .replace("version = \"2026.1\"", "version = \"2026.2\"")
        .replace(
            "effective_until = 2026-03-31",
            "effective_from = 2026-04-01",
        )
        .replace(
            "{ product = \"SRV-X1\", rate = \"8%\" }",
            "{ product = \"SRV-X1\", rate = \"10%\" }",
        );
    let mut book = incentive::PlanBook::new();
    book.insert(Plan::from_toml(&v1).unwrap()).unwrap();
    book.insert(Plan::from_toml(&v2).unwrap()).unwrap();
    let data = reseller_data();
    let credits = Credits::build(&data, ["rita"], day("2026-04-01"), day("2026-04-30")).unwrap();
    let april = credits
        .evaluate_versioned(
            &book,
            &Inputs::new("rita", "reseller-commission"),
            day("2026-04-30"),
        )
        .unwrap();
    assert_eq!(april.plan_version, "2026.2");
    assert_eq!(
        line_amounts(&april),
        [
            ("CN-1".to_owned(), dec!(-200.00)),
            ("INV-5".to_owned(), dec!(30.00)),
        ]
    );
    // Under the new version alone the credit note would pay back 10%.
    let mut set = PlanSet::new();
    set.insert(
        book.version_on("reseller-commission", day("2026-04-30"))
            .unwrap()
            .clone(),
    )
    .unwrap();
    let naive = credits
        .evaluate(&set, &Inputs::new("rita", "reseller-commission"))
        .unwrap();
    assert_eq!(line_amounts(&naive)[0].1, dec!(-250.00));
}

/// Writes `text` to a file of its own and loads it as credit data.
fn credit_file(name: &str, text: &str) -> (String, Result<CreditData, Error>) {
    let dir = std::env::temp_dir().join(format!("incentive-commission-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    let shown = path.display().to_string();
    (shown, CreditData::load(&path))
}

#[test]
fn a_credit_note_of_an_unknown_line_is_refused_with_its_place() {
    let (file, data) = credit_file(
        "unknown.toml",
        r#"[[transactions]]
id = "INV-1"
metric = "sales"
amount = 100
date = 2026-03-02
splits = { rita = "100%" }

[[transactions]]
id = "CN-1"
metric = "sales"
amount = -50
date = 2026-04-02
refers_to = "INV-9"
"#,
    );
    let data = data.unwrap();
    let e = Credits::build(&data, ["rita"], day("2026-04-01"), day("2026-04-30")).unwrap_err();
    assert!(matches!(e, Error::Input(_)));
    let d = e.details();
    assert_eq!(d.file.as_deref(), Some(file.as_str()));
    assert_eq!(d.line, Some(8));
    assert_eq!(d.transaction.as_deref(), Some("CN-1"));
    assert_eq!(d.field.as_deref(), Some("refers_to"));
    assert!(
        d.message
            .contains("refers to `INV-9`, which is not a known transaction"),
        "{e}"
    );
}

#[test]
fn two_rules_of_equal_precedence_on_one_line_are_refused() {
    let plan = Plan::from_toml(
        r#"
        id = "regions"
        name = "Regional rates"
        version = "1"
        currency = "USD"
        pay_period = "month"
        [[commissions]]
        id = "sales"
        name = "Sales"
        metric = "sales"
        rates = [
            { attributes = { region = "EMEA" }, rate = "4%" },
            { attributes = { type = "new" }, rate = "6%" },
            { rate = "3%" },
        ]
        "#,
    )
    .unwrap();
    let mut set = PlanSet::new();
    set.insert(plan).unwrap();
    let (file, data) = credit_file(
        "regions.toml",
        r#"[[transactions]]
id = "INV-1"
metric = "sales"
amount = 100
date = 2026-03-02
attributes = { region = "APAC", type = "new" }
splits = { rita = "100%" }

[[transactions]]
id = "INV-2"
metric = "sales"
amount = 100
date = 2026-03-03
attributes = { region = "EMEA", type = "new" }
splits = { rita = "100%" }
"#,
    );
    let credits = Credits::build(
        &data.unwrap(),
        ["rita"],
        day("2026-03-01"),
        day("2026-03-31"),
    )
    .unwrap();
    let e = credits
        .evaluate(&set, &Inputs::new("rita", "regions"))
        .unwrap_err();
    assert!(matches!(e, Error::Input(_)));
    let d = e.details();
    assert_eq!(d.file.as_deref(), Some(file.as_str()));
    assert_eq!(d.line, Some(9));
    assert_eq!(d.transaction.as_deref(), Some("INV-2"));
    assert_eq!(d.component.as_deref(), Some("sales"));
    assert_eq!(d.field.as_deref(), Some("lines.attributes"));
    assert!(
        d.message
            .contains("matches two rate rules of equal precedence"),
        "{e}"
    );
}

#[test]
fn two_rules_matching_the_same_lines_are_a_plan_error() {
    let e = Plan::from_toml(
        r#"
        id = "dup"
        name = "Dup"
        version = "1"
        currency = "USD"
        pay_period = "month"
        [[commissions]]
        id = "sales"
        name = "Sales"
        metric = "sales"
        rates = [{ category = "hardware", rate = "5%" }, { category = "hardware", rate = "6%" }]
        "#,
    )
    .unwrap_err();
    assert!(matches!(e, Error::Plan(_)));
    assert_eq!(e.details().field.as_deref(), Some("rates.1"));
}

#[test]
fn a_negative_amount_through_a_bonus_curve_is_an_error() {
    let plan = Plan::load("plans/demand-generation.toml").unwrap();
    let refund = Inputs::new("dana", "demand-generation")
        .actual("pipeline", dec!(-2500.00))
        .target("pipeline", dec!(2000000))
        .rating("campaign_effectiveness", dec!(4));
    let e = plan.evaluate(&refund).unwrap_err();
    assert!(matches!(e, Error::Input(_)));
    assert_eq!(e.details().component.as_deref(), Some("pipeline"));
    assert_eq!(e.details().field.as_deref(), Some("actuals.pipeline"));
    // The tiered "commission" of a bonus-shaped plan refuses it too.
    let ae = Plan::load("plans/account-executive-marginal.toml").unwrap();
    let e = ae
        .evaluate(&Inputs::new("alex", ae.id()).actual("bookings", dec!(-1)))
        .unwrap_err();
    assert!(matches!(e, Error::Input(_)));
    // A refund line on a commission plan without `refers_to` is refused.
    let e = reseller()
        .evaluate(
            &Inputs::new("rita", "reseller-commission").line(TransactionLine::new(
                "R-1",
                "sales",
                day("2026-03-02"),
                dec!(-10),
            )),
        )
        .unwrap_err();
    assert_eq!(e.details().transaction.as_deref(), Some("R-1"));
    assert_eq!(e.details().field.as_deref(), Some("lines.refers_to"));
}

#[test]
fn a_commission_plan_refuses_the_values_only_route() {
    let plan = reseller();
    let prepared = plan.prepare();
    let mut out = prepared.payout();
    let e = prepared.evaluate_values("rita", &[], &mut out).unwrap_err();
    assert!(matches!(e, Error::Input(_)));
    assert_eq!(e.details().component.as_deref(), Some("resale"));
    assert!(e.to_string().contains("does not read"), "{e}");
    // Through inputs the prepared route pays what the statement does.
    let inputs = Inputs::new("rita", "reseller-commission").line(
        TransactionLine::new("INV-1", "sales", day("2026-03-02"), dec!(10000.00))
            .attribute("product", "SRV-X1"),
    );
    prepared.evaluate_into(&inputs, &mut out).unwrap();
    assert_eq!(out.total(), dec!(800.00));
    assert_eq!(out.total(), plan.evaluate(&inputs).unwrap().total());
}

mod laws {
    use super::*;
    use incentive::credit::Collection;
    use proptest::prelude::*;

    const PRODUCTS: [(&str, &str); 5] = [
        ("SRV-X1", "hardware/servers"),
        ("SRV-Y", "hardware/servers"),
        ("NET-1", "hardware/network"),
        ("SVC-1", "services"),
        ("SW-1", "software"),
    ];

    fn line(i: usize, cents: i64, product: usize) -> TransactionLine {
        let (p, c) = PRODUCTS[product % PRODUCTS.len()];
        TransactionLine::new(
            format!("L{i:03}"),
            "sales",
            day("2026-03-01").add_days((i % 28) as i64).unwrap(),
            Decimal::new(cents, 2),
        )
        .attribute("product", p)
        .attribute("category", c)
    }

    fn pay(lines: &[TransactionLine]) -> Statement {
        let inputs = lines
            .iter()
            .cloned()
            .fold(Inputs::new("rita", "reseller-commission"), Inputs::line);
        reseller().evaluate(&inputs).unwrap()
    }

    fn lines_strategy() -> impl Strategy<Value = Vec<TransactionLine>> {
        prop::collection::vec((0i64..10_000_000, 0usize..5), 0..12).prop_map(|v| {
            v.into_iter()
                .enumerate()
                .map(|(i, (c, p))| line(i, c, p))
                .collect()
        })
    }

    proptest! {
        /// Commission is additive over lines: a period pays the sum of what
        /// each line would pay alone, and the order lines come in does not
        /// matter.
        #[test]
        fn commission_is_additive_and_order_free(lines in lines_strategy(), seed in any::<u64>()) {
            let whole = pay(&lines);
            let parts: Decimal = lines.iter().map(|l| pay(std::slice::from_ref(l)).total()).sum();
            prop_assert_eq!(whole.total(), parts);
            let mut shuffled = lines.clone();
            let n = shuffled.len().max(1);
            shuffled.rotate_left((seed as usize) % n);
            shuffled.reverse();
            prop_assert_eq!(pay(&shuffled).total(), whole.total());
        }

        /// A credit note of a whole line nets the period to what it would
        /// have been without that line.
        #[test]
        fn a_whole_credit_note_nets_the_line_out(lines in lines_strategy(), k in any::<prop::sample::Index>()) {
            prop_assume!(!lines.is_empty());
            let k = k.index(lines.len());
            let original = &lines[k];
            let mut note = TransactionLine::new("CN", "sales", day("2026-03-30"), -original.amount)
                .refers_to(original.id.clone());
            let mut o = incentive::credit::OriginalLine::new(original.id.clone(), original.date);
            o.attributes = original.attributes.clone();
            note.original = Some(o);
            let mut with_note = lines.clone();
            with_note.push(note);
            let mut without = lines.clone();
            without.remove(k);
            prop_assert_eq!(pay(&with_note).total(), pay(&without).total());
        }

        /// Hostile lines never panic and never pay silently: any mix of
        /// amounts (negative included), quantities, costs, credit notes
        /// referring to anything, currencies and credits either pays with
        /// lines adding up to the total or is an error.
        #[test]
        fn hostile_lines_never_panic(
            raw in prop::collection::vec(
                (any::<i64>(), 0u32..29, any::<Option<i32>>(), any::<Option<i64>>(), 0usize..6, any::<Option<u8>>(), any::<bool>()),
                0..8,
            ),
        ) {
            let sdr = Plan::load("plans/sdr-meetings.toml").unwrap();
            let mut inputs = Inputs::new("rita", "reseller-commission");
            let mut meetings = Inputs::new("sam", "sdr-meetings");
            for (i, (amount, scale, qty, cost, product, refers, usd)) in raw.into_iter().enumerate() {
                let (p, c) = PRODUCTS[product % PRODUCTS.len()];
                let mut l = TransactionLine::new(format!("L{i}"), "sales", day("2026-03-02"), Decimal::new(amount, scale))
                    .attribute("product", p)
                    .attribute("category", c);
                if let Some(q) = qty {
                    l = l.quantity(Decimal::from(q));
                }
                if let Some(c) = cost {
                    l = l.cost(Decimal::new(c, 2));
                }
                if let Some(r) = refers {
                    l = l.refers_to(format!("L{r}"));
                }
                if !usd {
                    l = l.attribute("currency", "EUR");
                }
                let mut m = l.clone();
                m.metric = "meetings".into();
                m = m.attribute("status", "completed");
                inputs = inputs.line(l);
                meetings = meetings.line(m);
            }
            for (plan, i) in [(reseller(), &inputs), (sdr, &meetings)] {
                if let Ok(s) = plan.evaluate(i) {
                    let lines: Decimal = s.lines.iter().map(|l| l.amount).sum();
                    let adjustments: Decimal = s.adjustments.iter().map(|a| a.amount).sum();
                    prop_assert_eq!(lines + adjustments, s.total());
                }
            }
        }

        /// Paid on collection, the parts add up exactly to the rounded
        /// whole, however the invoice is collected; and the statement's
        /// lines and adjustments add up to its total.
        #[test]
        fn collected_parts_add_up_to_the_whole(
            cents in 1i64..100_000_000,
            cuts in prop::collection::vec(1u32..1000, 1..6),
        ) {
            let plan = Plan::from_toml(COLLECTED).unwrap();
            let invoiced = Decimal::new(cents, 2);
            let weights: u32 = cuts.iter().sum();
            let mut collections = Vec::new();
            let mut left = invoiced;
            for (i, w) in cuts.iter().enumerate() {
                let amount = if i + 1 == cuts.len() {
                    left
                } else {
                    (invoiced * Decimal::from(*w) / Decimal::from(weights)).round_dp(2)
                };
                if amount <= Decimal::ZERO || amount > left {
                    continue;
                }
                left -= amount;
                let date = day("2026-04-01").add_days(i as i64 * 31).unwrap();
                collections.push(Collection::new("INV", amount, date));
            }
            prop_assume!(left.is_zero());
            let data = CreditData::new(
                vec![Transaction::new("INV", "sales", invoiced, day("2026-03-10")).split("rita", dec!(1))],
                vec![],
                vec![],
            )
            .with_collections(collections);
            let mut ledger = CommissionLedger::default();
            let march = settle_month(&plan, &mut ledger, &data, "2026-03-01", "2026-03-31");
            let whole = march.lines[0].amount;
            let mut paid = march.total();
            for m in 0..8 {
                let from = day("2026-04-01").add_days(m * 31).unwrap();
                let to = from.add_days(30).unwrap();
                paid += settle_month(&plan, &mut ledger, &data, &from.to_string(), &to.to_string()).total();
            }
            prop_assert_eq!(paid, whole);
            prop_assert_eq!(ledger.paid_on("rita", "collected", "INV"), whole);
        }
    }
}

#[test]
fn a_plan_may_mix_a_bonus_and_a_commission_component() {
    let text = std::fs::read_to_string("plans/demand-generation.toml").unwrap();
    let mixed = format!(
        "{text}\n[[commissions]]\nid = \"referrals\"\nname = \"Referral commission\"\nmetric = \"referrals\"\nrate = \"2%\"\n"
    );
    let plan = Plan::from_toml(&mixed).unwrap();
    let dana = Inputs::new("dana", "demand-generation")
        .actual("pipeline", dec!(2300000))
        .target("pipeline", dec!(2000000))
        .rating("campaign_effectiveness", dec!(4))
        .line(TransactionLine::new(
            "R-1",
            "referrals",
            day("2026-02-10"),
            dec!(12345.67),
        ));
    let s = plan.evaluate(&dana).unwrap();
    assert_eq!(s.line("pipeline").unwrap().amount, dec!(4875.00));
    assert_eq!(s.line("referrals").unwrap().amount, dec!(246.91));
    assert_eq!(s.total(), dec!(6684.41));
    let text = s.to_string();
    assert!(text.contains("weight 75%"), "{text}");
    assert!(
        text.contains("R-1 on 2026-02-10: 12345.67 × 2% (rate) = 246.9134 → 246.91"),
        "{text}"
    );
    let json = serde_json::to_value(&s).unwrap();
    assert!(json["lines"][2].get("weight").is_none());
    assert_eq!(json["lines"][0]["weight"], "0.75");
}

#[test]
fn per_line_commission_rounded_once_on_the_total() {
    let plan = Plan::from_toml(
        r#"
        id = "pennies"
        name = "Pennies"
        version = "1"
        currency = "USD"
        pay_period = "month"
        [[commissions]]
        id = "sales"
        name = "Sales"
        metric = "sales"
        rate = "1.5%"
        rounding = "total"
        "#,
    )
    .unwrap();
    let inputs = (1..=3).fold(Inputs::new("p", "pennies"), |i, n| {
        i.line(TransactionLine::new(
            format!("L{n}"),
            "sales",
            day("2026-03-02"),
            dec!(0.30),
        ))
    });
    // 0.0045 three times: 0.0135 rounds once to 0.01; rounded per line it
    // would be 0.00 three times.
    assert_eq!(plan.evaluate(&inputs).unwrap().total(), dec!(0.01));
}

#[test]
fn inputs_with_lines_are_not_written_as_an_inputs_csv() {
    let i = Inputs::new("rita", "reseller-commission").line(TransactionLine::new(
        "INV-1",
        "sales",
        day("2026-03-02"),
        dec!(1),
    ));
    #[cfg(feature = "csv")]
    {
        let e = incentive::csv::write_inputs(&[i]).unwrap_err();
        assert_eq!(e.details().field.as_deref(), Some("lines"));
    }
    #[cfg(not(feature = "csv"))]
    let _ = i;
}

#[test]
fn in_a_plan_year_each_line_is_paid_by_the_segment_its_date_falls_in() {
    use incentive::{Assignment, PlanBook, YearInputs, YearState};
    let v1 = std::fs::read_to_string("plans/reseller-commission.toml")
        .unwrap()
        .replace(
            "\nnegative = \"carry\"\n",
            "\nnegative = \"carry\"\nyear = { effective_until = 2026-03-15 }\n",
        );
    let v2 = v1
        .replace("version = \"2026.1\"", "version = \"2026.2\"")
        .replace(
            "effective_until = 2026-03-15",
            "effective_from = 2026-03-16",
        )
        .replace(
            "{ category = \"hardware\", rate = \"5%\" }",
            "{ category = \"hardware\", rate = \"7%\" }",
        );
    let mut book = PlanBook::new();
    book.insert(Plan::from_toml(&v1).unwrap()).unwrap();
    book.insert(Plan::from_toml(&v2).unwrap()).unwrap();
    let sale = |id: &str, date: &str, amount: Decimal, product: &str, category: &str| {
        TransactionLine::new(id, "sales", day(date), amount)
            .attribute("product", product)
            .attribute("category", category)
    };
    let march = |extra: Option<TransactionLine>| {
        let mut inputs = Inputs::new("rita", "reseller-commission")
            .with_period("2026-M03")
            .line(sale(
                "INV-1",
                "2026-03-02",
                dec!(10000.00),
                "SRV-X1",
                "hardware/servers",
            ))
            .line(sale(
                "INV-2",
                "2026-03-09",
                dec!(7450.00),
                "SRV-Y",
                "hardware/servers",
            ))
            .line(sale(
                "INV-3",
                "2026-03-16",
                dec!(4000.00),
                "NET-1",
                "hardware/network",
            ));
        if let Some(l) = extra {
            inputs = inputs.line(l);
        }
        YearInputs::new("rita", 2026)
            .assign(Assignment::new("reseller-commission", day("2026-01-01")))
            .period(inputs)
    };
    let (s, _) = book
        .evaluate_period(&march(None), "2026-M03", &YearState::new())
        .unwrap();
    // One segment per version; each line is paid once, by the version in
    // force on its date.
    assert_eq!(s.segments.len(), 2);
    assert_eq!(s.segments[0].statement.total(), dec!(1247.00));
    assert_eq!(s.segments[1].statement.total(), dec!(280.00));
    assert_eq!(s.total, dec!(1527.00));
    // A line dated outside the period would be paid by no segment.
    let april = sale("INV-X", "2026-04-02", dec!(100.00), "SVC-1", "services");
    let e = book
        .evaluate_period(&march(Some(april)), "2026-M03", &YearState::new())
        .unwrap_err();
    assert!(matches!(e, Error::Input(_)));
    assert_eq!(e.details().transaction.as_deref(), Some("INV-X"));
    assert_eq!(e.details().field.as_deref(), Some("lines"));
}

#[test]
fn a_plan_year_refuses_commission_timing_it_would_not_apply() {
    let mut book = incentive::PlanBook::new();
    let e = book
        .insert(Plan::from_toml(COLLECTED).unwrap())
        .unwrap_err();
    assert!(matches!(e, Error::Plan(_)));
    assert_eq!(e.details().component.as_deref(), Some("sales"));
    assert_eq!(e.details().field.as_deref(), Some("payment"));
    let pay = std::fs::read_to_string("plans/reseller-commission.toml")
        .unwrap()
        .replace("\nnegative = \"carry\"\n", "\nnegative = \"pay\"\n");
    let e = book.insert(Plan::from_toml(&pay).unwrap()).unwrap_err();
    assert_eq!(e.details().field.as_deref(), Some("negative"));
}

#[test]
fn a_credit_note_given_with_the_inputs_finds_its_original_among_them() {
    let inv1 = TransactionLine::new("INV-1", "sales", day("2026-03-02"), dec!(10000.00))
        .attribute("product", "SRV-X1")
        .attribute("category", "hardware/servers");
    let cn1 =
        TransactionLine::new("CN-1", "sales", day("2026-03-20"), dec!(-2500.00)).refers_to("INV-1");
    let both = Inputs::new("rita", "reseller-commission")
        .line(inv1)
        .line(cn1.clone());
    let s = reseller().evaluate(&both).unwrap();
    assert_eq!(
        line_amounts(&s),
        [
            ("INV-1".to_owned(), dec!(800.00)),
            ("CN-1".to_owned(), dec!(-200.00)),
        ]
    );
    // Alone, the credit note's rate is unknown: refused, never guessed.
    let alone = Inputs::new("rita", "reseller-commission").line(cn1);
    let e = reseller().evaluate(&alone).unwrap_err();
    assert!(matches!(e, Error::Input(_)));
    assert_eq!(e.details().transaction.as_deref(), Some("CN-1"));
    assert_eq!(e.details().field.as_deref(), Some("lines.refers_to"));
}

#[test]
fn a_credit_note_with_a_positive_amount_names_its_amount() {
    let data = CreditData::new(
        vec![
            Transaction::new("INV-1", "sales", dec!(100), day("2026-03-02")).split("rita", dec!(1)),
            Transaction::new("CN-1", "sales", dec!(50), day("2026-03-03")).refers_to("INV-1"),
        ],
        vec![],
        vec![],
    );
    let e = Credits::build(&data, ["rita"], day("2026-03-01"), day("2026-03-31")).unwrap_err();
    assert_eq!(e.details().transaction.as_deref(), Some("CN-1"));
    assert_eq!(e.details().field.as_deref(), Some("amount"));
}

#[test]
fn the_lint_reads_commission_components() {
    use incentive::lint::{self, Finding, LintPolicy};
    let text = std::fs::read_to_string("plans/sdr-meetings.toml").unwrap();
    let retro = Plan::from_toml(&text.replace("\"marginal\"", "\"retroactive\"")).unwrap();
    let w = lint::lint(&retro, &LintPolicy::default());
    assert_eq!(w.len(), 1, "{w:?}");
    let Finding::Cliff {
        at, below, jump, ..
    } = &w[0].finding
    else {
        panic!("{w:?}")
    };
    // The 20th meeting: 20 × 21.875 − 19 × 17.50 = 105.00.
    assert_eq!((*at, *below), (dec!(20), Some(dec!(19))));
    assert_eq!(jump.to_decimal(), Some(dec!(105.000)));
    assert!(
        lint::lint(
            &Plan::load("plans/sdr-meetings.toml").unwrap(),
            &LintPolicy::default()
        )
        .is_empty()
    );
    assert!(lint::lint(&reseller(), &LintPolicy::default()).is_empty());
    let typo = std::fs::read_to_string("plans/reseller-commission.toml")
        .unwrap()
        .replace(
            "{ product = \"SRV-X1\", rate = \"8%\" }",
            "{ product = \"SRV-X1\", rate = 8 }",
        )
        .replace("    { rate = \"3%\" },\n", "");
    let w = lint::lint(&Plan::from_toml(&typo).unwrap(), &LintPolicy::default());
    let kinds: Vec<&str> = w.iter().map(|w| w.kind()).collect();
    assert_eq!(kinds, ["no-default-rate", "rate-above-100%"]);
    assert!(
        w[1].to_string().contains("`8` may have been meant as `8%`"),
        "{}",
        w[1]
    );
}

#[test]
fn a_line_in_another_currency_is_refused() {
    let eur = Inputs::new("rita", "reseller-commission").line(
        TransactionLine::new("INV-1", "sales", day("2026-03-02"), dec!(1000.00))
            .attribute("currency", "EUR"),
    );
    let e = reseller().evaluate(&eur).unwrap_err();
    assert!(matches!(e, Error::Input(_)));
    assert_eq!(e.details().transaction.as_deref(), Some("INV-1"));
    assert_eq!(
        e.details().field.as_deref(),
        Some("lines.attributes.currency")
    );
    let usd = Inputs::new("rita", "reseller-commission").line(
        TransactionLine::new("INV-1", "sales", day("2026-03-02"), dec!(1000.00))
            .attribute("currency", "USD"),
    );
    assert_eq!(reseller().evaluate(&usd).unwrap().total(), dec!(30.00));
}

#[test]
fn a_period_is_settled_once() {
    let plan = reseller();
    let data = reseller_data();
    let mut ledger = CommissionLedger::default();
    settle_month(&plan, &mut ledger, &data, "2026-03-01", "2026-03-31");
    let credits = Credits::build(&data, ["rita"], day("2026-03-01"), day("2026-03-31")).unwrap();
    let again = credits
        .evaluate(&plans(), &Inputs::new("rita", "reseller-commission"))
        .unwrap();
    let e = ledger
        .settle(&plan, again, day("2026-03-01"), day("2026-03-31"), &data)
        .unwrap_err();
    assert!(matches!(e, Error::Input(_)));
    assert!(e.to_string().contains("settled twice"), "{e}");
}

#[test]
fn a_payment_above_the_invoice_names_its_line_in_the_file() {
    let (file, data) = credit_file(
        "collections.toml",
        r#"[[transactions]]
id = "INV-7"
metric = "sales"
amount = 12345.67
date = 2026-03-10
splits = { rita = "100%" }

[[collections]]
invoice = "INV-7"
amount = 12000
date = 2026-04-20

[[collections]]
invoice = "INV-7"
amount = 400
date = 2026-05-20
"#,
    );
    let e = Credits::build(
        &data.unwrap(),
        ["rita"],
        day("2026-03-01"),
        day("2026-03-31"),
    )
    .unwrap_err();
    let d = e.details();
    assert_eq!(d.file.as_deref(), Some(file.as_str()));
    assert_eq!(d.line, Some(13));
    assert_eq!(d.transaction.as_deref(), Some("INV-7"));
    assert_eq!(d.field.as_deref(), Some("collections.amount"));
}

#[test]
fn a_manual_adjustment_on_a_negative_commission_month_is_carried_with_it() {
    let plan = reseller();
    let data = reseller_data();
    let mut ledger = CommissionLedger::default();
    settle_month(&plan, &mut ledger, &data, "2026-03-01", "2026-03-31");
    let credits = Credits::build(&data, ["rita"], day("2026-04-01"), day("2026-04-30")).unwrap();
    let april = credits
        .evaluate(
            &plans(),
            &Inputs::new("rita", "reseller-commission").adjustment(
                "spiff",
                dec!(50.00),
                "April launch SPIFF",
            ),
        )
        .unwrap();
    assert_eq!(april.total(), dec!(-120.00));
    let settled = ledger
        .settle(&plan, april, day("2026-04-01"), day("2026-04-30"), &data)
        .unwrap();
    assert_eq!(settled.total(), dec!(0.00));
    assert_eq!(ledger.owed("rita", "reseller-commission"), dec!(120.00));
    let lines: Decimal = settled.lines.iter().map(|l| l.amount).sum();
    let adjustments: Decimal = settled.adjustments.iter().map(|a| a.amount).sum();
    assert_eq!(lines + adjustments, settled.total());
}

/// A credit note given with the inputs takes its own original's rate, not
/// the first line's: `INV-2` (6%) comes first, `CN-1` refunds `INV-1` (8%).
#[test]
fn a_credit_note_among_several_lines_takes_its_own_originals_rate() {
    let inv2 = TransactionLine::new("INV-2", "sales", day("2026-03-09"), dec!(7450.00))
        .attribute("product", "SRV-Y")
        .attribute("category", "hardware/servers");
    let inv1 = TransactionLine::new("INV-1", "sales", day("2026-03-02"), dec!(10000.00))
        .attribute("product", "SRV-X1")
        .attribute("category", "hardware/servers");
    let cn1 =
        TransactionLine::new("CN-1", "sales", day("2026-03-20"), dec!(-2500.00)).refers_to("INV-1");
    let inputs = Inputs::new("rita", "reseller-commission")
        .line(inv2)
        .line(inv1)
        .line(cn1);
    let s = reseller().evaluate(&inputs).unwrap();
    assert_eq!(
        line_amounts(&s),
        [
            ("INV-2".to_owned(), dec!(447.00)),
            ("INV-1".to_owned(), dec!(800.00)),
            ("CN-1".to_owned(), dec!(-200.00)),
        ]
    );
    assert_eq!(s.total(), dec!(1047.00));
}

/// A line credited as an overlay (the whole line, beside the splits) is
/// paid by a rate commission like a split line.
#[test]
fn an_overlay_line_is_paid_by_a_rate_commission() {
    let overlay = TransactionLine::new("INV-1", "sales", day("2026-03-02"), dec!(10000.00))
        .attribute("product", "SRV-X1")
        .attribute("category", "hardware/servers")
        .credited(LineCredit::Overlay);
    let half = TransactionLine::new("INV-3", "sales", day("2026-03-16"), dec!(4000.00))
        .attribute("product", "NET-1")
        .attribute("category", "hardware/network")
        .credited(LineCredit::Split { share: dec!(0.5) });
    let inputs = Inputs::new("rita", "reseller-commission")
        .line(overlay)
        .line(half);
    let s = reseller().evaluate(&inputs).unwrap();
    assert_eq!(
        line_amounts(&s),
        [
            ("INV-1".to_owned(), dec!(800.00)),
            ("INV-3".to_owned(), dec!(100.00)),
        ]
    );
    assert_eq!(s.total(), dec!(900.00));
}

/// The rates a credit note's original was paid at are those of the
/// per-line components that read it: a component on another metric, whose
/// rules would match no such line, is not asked.
#[test]
fn a_credit_note_across_versions_asks_only_the_components_that_read_it() {
    let services = r#"
        [[commissions]]
        id = "services"
        name = "Services"
        metric = "services"
        rates = [{ product = "SVC-1", rate = "3%" }]
        "#;
    let april = april_across_versions("two-metrics", services);
    assert_eq!(april.plan_version, "2");
    // CN-1 pays back S1's 10%, S2 is paid the new 5%.
    assert_eq!(
        line_amounts(&april),
        [
            ("CN-1".to_owned(), dec!(-40.00)),
            ("S2".to_owned(), dec!(50.00)),
        ]
    );
    assert_eq!(april.total(), dec!(10.00));
}

/// April under version 2 of plan `plan` (effective from April, its 10%
/// rate on `sales` now 5%; `more` follows the `sales` commission's keys): S1
/// sold in March for 1,000.00, refunded 400.00 in April by CN-1, and S2
/// sold in April for 1,000.00, all Rita's.
fn april_across_versions(plan: &str, more: &str) -> Statement {
    let v1 = format!(
        r#"
        id = "{plan}"
        name = "Two versions"
        version = "1"
        currency = "USD"
        pay_period = "month"
        year = {{ effective_until = 2026-03-31 }}
        [[commissions]]
        id = "sales"
        name = "Sales"
        metric = "sales"
        rate = "10%"
        {more}
        "#
    );
    let v2 = v1
        .replace("version = \"1\"", "version = \"2\"")
        .replace(
            "effective_until = 2026-03-31",
            "effective_from = 2026-04-01",
        )
        .replace("rate = \"10%\"", "rate = \"5%\"");
    let mut book = incentive::PlanBook::new();
    book.insert(Plan::from_toml(&v1).unwrap()).unwrap();
    book.insert(Plan::from_toml(&v2).unwrap()).unwrap();
    let sale = |id: &str, date: &str| {
        Transaction::new(id, "sales", dec!(1000.00), day(date))
            .attribute("product", "HW-1")
            .split("rita", dec!(1))
    };
    let data = CreditData::new(
        vec![
            sale("S1", "2026-03-10"),
            Transaction::new("CN-1", "sales", dec!(-400.00), day("2026-04-06")).refers_to("S1"),
            sale("S2", "2026-04-14"),
        ],
        vec![],
        vec![],
    );
    let credits = Credits::build(&data, ["rita"], day("2026-04-01"), day("2026-04-30")).unwrap();
    credits
        .evaluate_versioned(&book, &Inputs::new("rita", plan), day("2026-04-30"))
        .unwrap()
}
