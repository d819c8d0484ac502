//! CSV in and out: the shipped samples as CSV give the same statements as
//! the TOML inputs; bad rows are errors that point at the line and column;
//! payroll CSV reconciles to the statements' totals to the cent.

use incentive::{Error, Inputs, csv};
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

use crate::{plans, root};

fn toml_samples() -> Vec<Inputs> {
    Inputs::load_list(root("plans/samples/participants.toml")).unwrap()
}

fn csv_samples() -> Vec<Inputs> {
    csv::load_inputs(root("plans/samples/participants.csv")).unwrap()
}

// Acceptance: the shipped sample data as CSV gives the same statements as
// the TOML inputs.
#[test]
fn shipped_csv_samples_equal_the_toml_samples() {
    assert_eq!(csv_samples(), toml_samples());
    let set = plans();
    let from_csv = set.evaluate_all(&csv_samples()).unwrap();
    let from_toml = set.evaluate_all(&toml_samples()).unwrap();
    assert_eq!(from_csv, from_toml);
    assert_eq!(from_csv.len(), 10);
    let totals: Vec<Decimal> = from_csv.iter().map(|s| s.total()).collect();
    assert_eq!(
        totals,
        vec![
            dec!(58000.00),
            dec!(78000.00),
            dec!(5190.47),
            dec!(4050.00),
            dec!(6437.50),
            dec!(40000.00),
            dec!(60000.00),
            dec!(6174.00),
            dec!(5750.00),
            dec!(3650.00),
        ]
    );
}

#[test]
fn the_shipped_csv_is_what_write_inputs_writes() {
    let written = csv::write_inputs(&toml_samples()).unwrap();
    let shipped = std::fs::read_to_string(root("plans/samples/participants.csv")).unwrap();
    assert_eq!(written, shipped);
}

#[test]
fn inputs_round_trip_through_csv() {
    let text = csv::write_inputs(&toml_samples()).unwrap();
    assert_eq!(csv::read_inputs(&text, None).unwrap(), toml_samples());
    // And the checked reader accepts every row of the shipped samples.
    assert_eq!(
        csv::read_inputs_for(&plans(), &text, None).unwrap(),
        toml_samples()
    );
}

#[test]
fn decimals_are_read_exactly() {
    let text = "participant,plan,actual.pipeline,target.pipeline,rating.campaign_effectiveness\n\
                x,demand-generation,12345678901234567.89, 1.50 ,75%\n";
    let i = &csv::read_inputs(text, None).unwrap()[0];
    assert_eq!(i.actuals()["pipeline"], dec!(12345678901234567.89));
    assert_eq!(i.targets()["pipeline"].to_string(), "1.50");
    assert_eq!(i.ratings()["campaign_effectiveness"], dec!(0.75));
}

// Acceptance: a CSV with a malformed decimal on line 7 reports line 7 and
// the column.
#[test]
fn a_malformed_decimal_on_line_7_reports_line_7_and_the_column() {
    let mut lines: Vec<String> = std::fs::read_to_string(root("plans/samples/participants.csv"))
        .unwrap()
        .lines()
        .map(str::to_owned)
        .collect();
    // Line 7 is the 6th data row: Alex on the marginal plan.
    assert!(lines[6].starts_with("alex,Alex,account-executive-marginal,"));
    lines[6] = lines[6].replace("650000", "65O000");
    let text = lines.join("\n") + "\n";
    let header: Vec<&str> = lines[0].split(',').collect();
    let column = header.iter().position(|h| *h == "actual.bookings").unwrap() + 1;

    let err = csv::read_inputs(&text, Some("attainment.csv")).unwrap_err();
    assert!(matches!(err, Error::Input(_)));
    let d = err.details();
    assert_eq!(d.file.as_deref(), Some("attainment.csv"));
    assert_eq!(d.line, Some(7));
    assert_eq!(d.column, Some(column));
    assert_eq!(d.participant.as_deref(), Some("alex"));
    assert_eq!(d.field.as_deref(), Some("actual.bookings"));
    assert_eq!(
        err.to_string(),
        format!(
            "invalid input: file `attainment.csv` line 7 column {column}, participant `alex`, \
             plan `account-executive-marginal`, field `actual.bookings`: `65O000` is not a decimal \
             number; write it like `1250`, `0.75`, `\"0.1\"` or `\"75%\"`"
        )
    );
}

fn error(text: &str) -> incentive::ErrorDetails {
    csv::read_inputs(text, Some("in.csv"))
        .unwrap_err()
        .details()
        .clone()
}

#[test]
fn unknown_and_repeated_columns_are_errors() {
    let d = error("participant,plan,actuals.pipeline\nx,y,1\n");
    assert_eq!((d.line, d.column), (Some(1), Some(3)));
    assert_eq!(
        d.message,
        "`actuals.pipeline` is not a known column; columns are `participant`, `plan`, `name`, \
         `period`, `target_incentive`, `base_salary`, `actual.METRIC`, `target.COMPONENT`, \
         `rating.COMPONENT` or `source.METRIC`; did you mean `actual.pipeline`?"
    );
    let d = error("participant,plan,actual.a,actual.a\nx,y,1,2\n");
    assert_eq!((d.line, d.column), (Some(1), Some(4)));
    assert_eq!(
        d.message,
        "column `actual.a` appears twice; each column may appear once"
    );
    let d = error("participant,plan,actual.\nx,y,1\n");
    assert_eq!(
        d.message,
        "column `actual.` names no valid key after `actual.`; write it like `actual.pipeline`"
    );
    let d = error("participant,actual.a\nx,1\n");
    assert_eq!(
        d.message,
        "the header has no `plan` column; every row names its participant and plan"
    );
}

#[test]
fn bad_rows_are_errors_and_nothing_is_half_read() {
    let d = error("participant,plan,actual.a\nx,y,1\nz,y\n");
    assert_eq!(d.line, Some(3));
    assert_eq!(
        d.message,
        "the row has 2 fields but the header has 3; every row needs one field per column (quote a field that holds a comma)"
    );
    let d = error("participant,plan,actual.a\nx,y,1\n,y,2\n");
    assert_eq!((d.line, d.column), (Some(3), Some(1)));
    assert_eq!(
        d.message,
        "the `participant` cell is empty; every row names its participant"
    );
    let d = error("participant,plan,actual.a\nx,y,\"2,300,000\"\n");
    assert_eq!((d.line, d.column), (Some(2), Some(3)));
    let d = error("");
    assert_eq!(d.line, Some(1));
    assert!(d.message.starts_with("the file has no header row"));
}

#[test]
fn a_second_row_for_the_same_participant_plan_and_period_is_an_error() {
    let d =
        error("participant,plan,period,actual.a\nx,y,2026-Q1,1\nz,y,2026-Q1,1\nx,y,2026-Q1,2\n");
    assert_eq!((d.line, d.column), (Some(4), Some(1)));
    assert_eq!(
        d.message,
        "participant `x` already has a row for plan `y` and period `2026-Q1` on line 2; give each participant one row per plan and period"
    );
    // Another period is another row.
    let ok = "participant,plan,period,actual.a\nx,y,2026-Q1,1\nx,y,2026-Q2,2\n";
    assert_eq!(csv::read_inputs(ok, None).unwrap().len(), 2);
}

#[test]
fn a_byte_order_mark_and_quoted_fields_are_read() {
    let text = "\u{feff}participant,name,plan,actual.a\nx,\"Lee, Kim\",y,\" 1.50 \"\n";
    let i = &csv::read_inputs(text, None).unwrap()[0];
    assert_eq!(i.participant(), "x");
    assert_eq!(i.participant_name(), Some("Lee, Kim"));
    assert_eq!(i.actuals()["a"].to_string(), "1.50");
}

#[test]
fn checked_reading_points_at_cells_the_plan_does_not_use() {
    let set = plans();
    let err = |text: &str| {
        csv::read_inputs_for(&set, text, Some("in.csv"))
            .unwrap_err()
            .details()
            .clone()
    };
    let d = err("participant,plan\nx,no-such-plan\n");
    assert_eq!((d.line, d.column), (Some(2), Some(2)));
    assert!(
        d.message.starts_with(
            "no plan has id `no-such-plan`; known plans: `account-executive-marginal`"
        )
    );
    let d = err("participant,plan,actual.close_rate\npriya,product-manager,0.27\n");
    assert_eq!((d.line, d.column), (Some(2), Some(3)));
    assert_eq!(
        d.message,
        "`close_rate` is derived as `won` / `opportunities` in plan `product-manager`; give `actual.won` and `actual.opportunities` instead"
    );
    let d = err("participant,plan,rating.pipeline\ndana,demand-generation,3\n");
    assert_eq!(
        d.message,
        "`pipeline` is not a rated component of plan `demand-generation`; ratings are for `campaign_effectiveness`"
    );
    let d = err("participant,plan,target.campaign_effectiveness\ndana,demand-generation,3\n");
    assert_eq!(
        d.message,
        "`campaign_effectiveness` is not a quantitative component or measure of plan `demand-generation`; targets are for `pipeline`"
    );
}

#[test]
fn a_missing_value_is_never_a_zero() {
    // The empty cell is "not given"; evaluation then says what is missing.
    let text = "participant,plan,actual.pipeline,target.pipeline,rating.campaign_effectiveness\n\
                dana,demand-generation,,2000000,4\n";
    let inputs = csv::read_inputs(text, None).unwrap();
    let err = plans().evaluate(&inputs[0]).unwrap_err();
    assert_eq!(err.details().field.as_deref(), Some("actuals.pipeline"));
}

// Acceptance: the payroll CSV of the shipped samples sums to the
// statements' totals to the cent.
#[test]
fn payroll_csv_of_the_samples_sums_to_the_statements_totals() {
    let statements = plans().evaluate_all(&csv_samples()).unwrap();
    let payroll = csv::write_payroll(&statements).unwrap();
    let mut lines = payroll.lines();
    assert_eq!(
        lines.next(),
        Some("participant,period,plan,component,amount,currency")
    );
    let mut by_statement = std::collections::BTreeMap::<(String, String), Decimal>::new();
    let mut rows = 0;
    for line in lines {
        let f: Vec<&str> = line.split(',').collect();
        assert_eq!(f.len(), 6, "{line}");
        let amount: Decimal = f[4].parse().unwrap();
        assert_eq!(amount.scale(), 2, "amounts are written to the cent: {line}");
        *by_statement
            .entry((f[0].to_owned(), f[2].to_owned()))
            .or_default() += amount;
        rows += 1;
    }
    // One row per line, plus Casey's kicker and plan-cap adjustments.
    assert_eq!(rows, 23);
    assert_eq!(by_statement.len(), statements.len());
    for s in &statements {
        assert_eq!(
            by_statement[&(s.participant.clone(), s.plan.clone())],
            s.total(),
            "{}",
            s.participant
        );
    }
    let grand: Decimal = by_statement.values().sum();
    assert_eq!(grand, dec!(267251.97));
    // Deterministic: the same statements give the same bytes.
    assert_eq!(csv::write_payroll(&statements).unwrap(), payroll);
}

#[test]
fn payroll_rows_include_the_plan_cap_so_they_reconcile() {
    let text = std::fs::read_to_string(root("plans/demand-generation.toml")).unwrap();
    let capped = incentive::Plan::from_toml(&format!("cap = {{ amount = 7000 }}\n{text}")).unwrap();
    let i = Inputs::new("x", "demand-generation")
        .with_period("2026-Q1")
        .actual("pipeline", dec!(2800000))
        .target("pipeline", dec!(2000000))
        .rating("campaign_effectiveness", dec!(5));
    let s = capped.evaluate(&i).unwrap();
    assert_eq!(
        csv::write_payroll(&[s]).unwrap(),
        "participant,period,plan,component,amount,currency\n\
         x,2026-Q1,demand-generation,pipeline,6750.00,USD\n\
         x,2026-Q1,demand-generation,campaign_effectiveness,1875.00,USD\n\
         x,2026-Q1,demand-generation,adjustment:plan-cap,-1625.00,USD\n"
    );
}

#[test]
fn statements_serialize_to_json_with_amounts_as_strings() {
    let statements = plans().evaluate_all(&csv_samples()).unwrap();
    let json: serde_json::Value = serde_json::to_value(&statements).unwrap();
    let dana = json
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["participant"] == "dana")
        .unwrap();
    assert_eq!(dana["total"], "6437.50");
    assert_eq!(dana["lines"][0]["amount"], "4875.00");
}

#[test]
fn inputs_read_from_json_equal_the_csv_inputs() {
    let json = r#"[{"participant": "dana", "name": "Dana", "plan": "demand-generation",
        "period": "2026-Q1", "actuals": {"pipeline": "2300000"},
        "targets": {"pipeline": "2000000"}, "ratings": {"campaign_effectiveness": "4"}}]"#;
    let from_json: Vec<Inputs> = serde_json::from_str(json).unwrap();
    let dana: Vec<Inputs> = csv_samples()
        .into_iter()
        .filter(|i| i.participant() == "dana")
        .collect();
    assert_eq!(from_json, dana);
}

mod never_panics {
    use proptest::prelude::*;

    use incentive::csv;

    fn cell() -> impl Strategy<Value = String> {
        prop_oneof![
            Just(String::new()),
            "[0-9]{1,8}(\\.[0-9]{0,4})?%?",
            "\\PC{0,12}",
            Just("\"a,b\"".to_owned()),
            Just("\"\"\"\"".to_owned()),
        ]
    }

    proptest! {
        // Arbitrary text never panics the CSV reader: it is inputs or an error.
        #[test]
        fn arbitrary_csv_text_never_panics(text in "\\PC{0,400}") {
            let _ = csv::read_inputs(&text, Some("x.csv"));
            let _ = csv::read_inputs_for(&crate::plans(), &text, None);
        }

        // Plausible files with a mix of good and bad cells and ragged rows:
        // any error names a line, and success reads every row.
        #[test]
        fn plausible_csv_never_panics(
            header in proptest::collection::vec(prop_oneof![
                Just("participant"), Just("plan"), Just("name"), Just("period"),
                Just("actual.pipeline"), Just("target.pipeline"),
                Just("rating.campaign_effectiveness"), Just("bogus"), Just("actual."),
            ], 0..8),
            rows in proptest::collection::vec(proptest::collection::vec(cell(), 0..9), 0..6),
        ) {
            let mut text = header.join(",");
            text.push('\n');
            for r in &rows {
                text.push_str(&r.join(","));
                text.push('\n');
            }
            match csv::read_inputs(&text, None) {
                Ok(inputs) => prop_assert!(inputs.len() <= rows.len()),
                Err(e) => prop_assert!(e.details().line.is_some(), "{e}"),
            }
            let _ = csv::read_inputs_for(&crate::plans(), &text, None);
        }
    }
}
