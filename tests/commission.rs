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
            sale("INV-1", dec!(10000.00), "2026-03-02", "SRV-X1", "hardware/servers"),
            sale("INV-2", dec!(7450.00), "2026-03-09", "SRV-Y", "hardware/servers"),
            sale("INV-3", dec!(4000.00), "2026-03-16", "NET-1", "hardware/network"),
            sale("INV-4", dec!(2500.00), "2026-03-23", "SVC-1", "services"),
            Transaction::new("CN-1", "sales", dec!(-2500.00), day("2026-04-06")).refers_to("INV-1"),
            sale("INV-5", dec!(1000.00), "2026-04-14", "SVC-1", "services"),
            sale("INV-6", dec!(5000.00), "2026-05-05", "SRV-Y", "hardware/servers"),
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
    assert!(text.contains("INV-1 on 2026-03-02: 10000 × 8% (product SRV-X1) = 800.00"), "{text}");
    assert!(text.contains("INV-3 on 2026-03-16: 4000 × 5% (category hardware) = 200.00"), "{text}");
    assert!(text.contains("INV-4 on 2026-03-23: 2500 × 3% (default) = 75.00"), "{text}");
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
    let missing = Inputs::new("mo", "margin")
        .line(TransactionLine::new("L1", "sales", day("2026-03-10"), dec!(10000.00)));
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
    assert!(text.contains("band 1 [0, 20): 20 units × 17.5 per unit = 350"), "{text}");
    assert!(text.contains("band 2 [20, ∞): 4 units × 21.875 per unit = 87.5"), "{text}");
    assert!(text.contains("1 lines left out by the plan's filter"), "{text}");
}
