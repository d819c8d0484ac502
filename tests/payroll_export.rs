//! Issue 14, item 9: a payroll export payroll accepts: declared columns,
//! earning codes per component and adjustment, employee ids, pay date and
//! cost centre, no zero rows unless asked, each kicker named.

use incentive::payroll::PayrollExport;
use incentive::{Date, Inputs, PlanSet, Statement, payroll_rows};
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

fn statements(inputs: &[Inputs]) -> Vec<Statement> {
    PlanSet::load_dir("plans")
        .unwrap()
        .evaluate_all(inputs)
        .unwrap()
}

fn customer(who: &str, nrr: Decimal) -> Inputs {
    Inputs::new(who, "customer-marketing")
        .with_period("2026-Q1")
        .actual("nrr", nrr)
        .actual("expansion_pipeline", dec!(1300000))
        .actual("gross_churn", dec!(0.06))
        .target("nrr", dec!(1.05))
        .target("expansion_pipeline", dec!(1200000))
        .target("gross_churn", dec!(0.08))
}

const EXPORT: &str = r#"
columns = ["employee_id", "period", "earning_code", "amount", "pay_date", "cost_centre"]
headers = { employee_id = "Employee ID", earning_code = "Earning Code" }
pay_date = 2026-04-15

[earning_codes]
"customer-marketing.nrr" = "BON-NRR"
expansion_pipeline = "BON-EXP"
"adjustment:kicker" = "BON-KICK"
default = "BON"

[employees]
cleo = "E-2001"
dev = "E-2002"

[cost_centres]
cleo = "CC-CS"
dev = "CC-CS"
"#;

#[test]
fn columns_codes_and_no_zero_rows() {
    // Cleo at NRR 1.16 reaches the kicker (110% of 1.05 is 1.155); Dev at
    // 1.08 does not, and the kicker row of 0.00 is left out.
    let s = statements(&[customer("cleo", dec!(1.16)), customer("dev", dec!(1.08))]);
    let rows = payroll_rows(&s).unwrap();
    assert!(
        rows.iter()
            .any(|r| r.component == "adjustment:kicker:nrr_110" && r.amount == dec!(500.00))
    );
    let out = PayrollExport::from_toml(EXPORT, None)
        .unwrap()
        .write(&rows)
        .unwrap();
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines[0],
        "Employee ID,period,Earning Code,amount,pay_date,cost_centre"
    );
    assert!(
        lines.contains(&"E-2001,2026-Q1,BON-KICK,500.00,2026-04-15,CC-CS"),
        "{out}"
    );
    assert!(lines.iter().all(|l| !l.contains(",0.00,")), "{out}");
    // The written amounts add up to the statements' totals.
    let written: Decimal = lines[1..]
        .iter()
        .map(|l| l.split(',').nth(3).unwrap().parse::<Decimal>().unwrap())
        .sum();
    let total: Decimal = s.iter().map(Statement::total).sum();
    assert_eq!(written, total);
    // Asked for, the zero rows are written.
    let with_zero = PayrollExport::from_toml(&format!("zero_rows = true\n{EXPORT}"), None)
        .unwrap()
        .write(&rows)
        .unwrap();
    assert!(
        with_zero
            .lines()
            .any(|l| l == "E-2002,2026-Q1,BON-KICK,0.00,2026-04-15,CC-CS"),
        "{with_zero}"
    );
    // The pay date can come from the command line instead.
    let later = PayrollExport::from_toml(EXPORT, None)
        .unwrap()
        .with_pay_date(Date::new(2026, 4, 30).unwrap())
        .write(&rows)
        .unwrap();
    assert!(later.lines().skip(1).all(|l| l.contains(",2026-04-30,")));
}

#[test]
fn a_row_payroll_cannot_file_is_refused() {
    let rows = payroll_rows(&statements(&[customer("cleo", dec!(1.16))])).unwrap();
    let refused = |text: &str| {
        PayrollExport::from_toml(text, Some("adp.toml"))
            .unwrap()
            .write(&rows)
            .unwrap_err()
            .to_string()
    };
    assert_eq!(
        refused(
            "columns = [\"employee_id\", \"earning_code\", \"amount\"]\n[earning_codes]\nnrr = \"X\"\n"
        ),
        "invalid input: participant `cleo`, plan `customer-marketing`, component `expansion_pipeline`, field `earning_codes`: no earning code for `customer-marketing.expansion_pipeline`; add it (or `expansion_pipeline`, or a `default`) under `[earning_codes]`"
    );
    assert_eq!(
        refused("columns = [\"employee_id\", \"amount\"]\n[employees]\ndev = \"E-2002\"\n"),
        "invalid input: participant `cleo`, plan `customer-marketing`, component `nrr`, field `employees`: participant `cleo` has no employee id; add `cleo = \"…\"` under `[employees]`"
    );
    assert_eq!(
        refused("columns = [\"participant\", \"pay_date\", \"amount\"]\n"),
        "invalid input: field `pay_date`: the `pay_date` column needs a pay date; give `pay_date` in the export file, or on the command line"
    );
    let bad = |text: &str| {
        PayrollExport::from_toml(text, Some("adp.toml"))
            .unwrap_err()
            .to_string()
    };
    assert_eq!(
        bad("columns = [\"amount\", \"amount\"]\n"),
        "invalid plan: file `adp.toml`, field `columns`: `amount` is given twice; give each column once"
    );
    assert!(
        bad("columns = [\"amount\"]\ncolour = 1\n")
            .starts_with("invalid plan: file `adp.toml` line 2 column 1: unknown field `colour`")
    );
    assert!(bad("columns = [\"salary\"]\n").contains("unknown variant `salary`"));
    assert_eq!(
        bad("columns = [\"amount\", \"cost_centre\"]\n"),
        "invalid plan: file `adp.toml`, field `cost_centres`: the `cost_centre` column needs a `[cost_centres]` table giving each participant's"
    );
}

/// A participant id a spreadsheet would run as a formula is written with
/// a leading `'`; negative amounts stay numbers.
#[test]
fn formulas_are_neutralised_and_amounts_are_not() {
    let mut rows = payroll_rows(&statements(&[customer("cleo", dec!(1.16))])).unwrap();
    rows[0].participant = "=HYPERLINK(\"http://x\")".to_owned();
    rows[1].amount = -rows[1].amount;
    let out = PayrollExport::from_toml("columns = [\"participant\", \"amount\"]\n", None)
        .unwrap()
        .write(&rows)
        .unwrap();
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines[1], "\"'=HYPERLINK(\"\"http://x\"\")\",3200.00");
    assert!(lines[2].starts_with("cleo,-"), "{out}");
}
