//! CSV in and out: the shipped samples as CSV give the same statements as
//! the TOML inputs; bad rows are errors that point at the line and column;
//! payroll CSV reconciles to the statements' totals to the cent.

use incentive::credit::{Collection, CreditData, LineCredit};
use incentive::{Credits, Error, ErrorDetails, Inputs, Transaction, csv};
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
         `period`, `target_incentive`, `base_salary`, `target_percent`, `ote`, `mix`, `quota`, \
         `actual.METRIC`, `target.COMPONENT`, `rating.COMPONENT`, `label.COMPONENT` or \
         `source.METRIC`; did you mean `actual.pipeline`?"
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
    let text = "participant,plan,period,actual.a\nx,y,2026-Q1,1\nz,y,2026-Q1,1\nx,y,2026-Q1,2\n";
    let kind = csv::read_inputs(text, None).unwrap_err().kind();
    assert_eq!(kind, incentive::ErrorKind::Duplicate);
    let d = error(text);
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

// Transactions and collections from CSV.

fn day(d: &str) -> incentive::Date {
    d.parse().unwrap()
}

const TRANSACTIONS: &str = "\
id,metric,date,amount,quantity,cost,attr.product,attr.category,attr.type,attr.region,attr.customer,attr.currency,split.alex,split.blake,overlays,refers_to
INV-1,sales,2026-04-10,12345678901234567.89,4,7000.50,SRV-X1,hardware/servers,new,emea,acme,EUR,50%,0.5,sol; kim,
INV-2,sales,2026-04-12,800,,,,,,,,,100%,,,
CN-1,sales,2026-04-20,-3000,-1,-1750,,,,,,,,,,INV-1
";

#[test]
fn transactions_read_from_csv_equal_the_same_lines_built_in_code() {
    let lines = csv::read_transactions(TRANSACTIONS, Some("lines.csv")).unwrap();
    let built = vec![
        Transaction::new(
            "INV-1",
            "sales",
            dec!(12345678901234567.89),
            day("2026-04-10"),
        )
        .quantity(dec!(4))
        .cost(dec!(7000.50))
        .attribute("product", "SRV-X1")
        .attribute("category", "hardware/servers")
        .attribute("type", "new")
        .attribute("region", "emea")
        .attribute("customer", "acme")
        .attribute("currency", "EUR")
        .split("alex", dec!(0.5))
        .split("blake", dec!(0.5))
        .overlay("sol")
        .overlay("kim"),
        Transaction::new("INV-2", "sales", dec!(800), day("2026-04-12")).split("alex", dec!(1)),
        Transaction::new("CN-1", "sales", dec!(-3000), day("2026-04-20"))
            .quantity(dec!(-1))
            .cost(dec!(-1750))
            .refers_to("INV-1"),
    ];
    assert_eq!(lines, built);
    // Exact values, never through f64.
    assert_eq!(lines[0].amount(), dec!(12345678901234567.89));
    assert_eq!(lines[0].amount().to_string(), "12345678901234567.89");
    let (splits, overlays) = lines[0].receivers();
    assert_eq!(splits["alex"], dec!(0.5));
    assert_eq!(splits["blake"], dec!(0.5));
    assert_eq!(overlays, ["sol", "kim"]);
    assert_eq!(lines[0].attributes()["category"], "hardware/servers");
    // An empty `attr.` or `split.` cell sets nothing.
    assert!(lines[1].attributes().is_empty());
    assert_eq!(lines[1].receivers().0.len(), 1);
    assert_eq!(lines[2].original(), Some("INV-1"));
    assert!(lines[2].receivers().0.is_empty());
}

#[test]
fn columns_may_come_in_any_order() {
    let text =
        "split.alex,amount,overlays,id,date,metric\n100%,400000,sol,D1,2026-04-10,bookings\n";
    assert_eq!(
        csv::read_transactions(text, None).unwrap(),
        vec![
            Transaction::new("D1", "bookings", dec!(400000), day("2026-04-10"))
                .split("alex", dec!(1))
                .overlay("sol")
        ]
    );
}

#[test]
fn the_shipped_q2_transactions_csv_equals_the_toml() {
    let from_csv = csv::load_transactions(root("plans/samples/q2-transactions.csv")).unwrap();
    let from_toml = CreditData::load(root("plans/samples/q2-transactions.toml")).unwrap();
    assert_eq!(from_csv, from_toml.transactions());
}

// The same lines, read from CSV, credited and handed to commission as
// lines.
#[test]
fn transactions_and_collections_from_csv_build_credits() {
    let text = "\
id,metric,date,amount,quantity,cost,attr.product,attr.category,split.alex,refers_to
INV-1,sales,2026-04-10,12000,4,7000,SRV-X1,hardware/servers,100%,
INV-2,sales,2026-04-12,800,,,SVC-1,services,100%,
CN-1,sales,2026-04-20,-3000,-1,-1750,,,,INV-1
";
    let transactions = csv::read_transactions(text, Some("lines.csv")).unwrap();
    let collections = csv::read_collections(
        "invoice,amount,date\nINV-1,4000,2026-05-02\nINV-1,5000,2026-06-15\n",
        Some("payments.csv"),
    )
    .unwrap();
    assert_eq!(
        collections,
        vec![
            Collection::new("INV-1", dec!(4000), day("2026-05-02")),
            Collection::new("INV-1", dec!(5000), day("2026-06-15")),
        ]
    );
    let data = CreditData::new(transactions, vec![], vec![]).with_collections(collections);
    assert_eq!(data.collections().len(), 2);
    let credits = Credits::build(&data, ["alex"], day("2026-04-01"), day("2026-06-30")).unwrap();
    let lines = credits.lines("alex");
    let ids: Vec<&str> = lines.iter().map(|l| l.id.as_str()).collect();
    assert_eq!(ids, ["INV-1", "INV-2", "CN-1"]);
    let inv = &lines[0];
    assert_eq!(inv.amount, dec!(12000));
    assert_eq!(inv.quantity, Some(dec!(4)));
    assert_eq!(inv.cost, Some(dec!(7000)));
    assert_eq!(inv.attributes["category"], "hardware/servers");
    assert_eq!(inv.credit, LineCredit::Split { share: dec!(1) });
    // The credit note is credited as its original, with its attributes.
    let note = &lines[2];
    assert_eq!(note.amount, dec!(-3000));
    assert_eq!(note.refers_to.as_deref(), Some("INV-1"));
    assert_eq!(note.credit, LineCredit::Split { share: dec!(1) });
    assert_eq!(note.attributes["product"], "SRV-X1");
    assert_eq!(note.original.as_ref().map(|o| o.id.as_str()), Some("INV-1"));
}

// The examples of `incentive::csv`'s module documentation, as written there.
#[test]
fn the_module_documentation_examples_build_credits() {
    let lines = csv::read_transactions(
        "\
id,metric,date,amount,quantity,cost,attr.product,attr.category,split.alex,split.blake,overlays,refers_to
INV-1,sales,2026-04-10,12000,4,7000,SRV-X1,hardware/servers,50%,50%,sol,
CN-1,sales,2026-04-20,-3000,-1,-1750,,,,,,INV-1
",
        None,
    )
    .unwrap();
    let payments = csv::read_collections(
        "\
invoice,amount,date
INV-1,4000,2026-05-02
INV-1,5000,2026-06-15
",
        None,
    )
    .unwrap();
    let data = CreditData::new(lines, vec![], vec![]).with_collections(payments);
    let credits = Credits::build(
        &data,
        ["alex", "blake", "sol"],
        day("2026-04-01"),
        day("2026-06-30"),
    )
    .unwrap();
    for p in ["alex", "blake", "sol"] {
        let ids: Vec<&str> = credits.lines(p).iter().map(|l| l.id.as_str()).collect();
        assert_eq!(ids, ["INV-1", "CN-1"], "{p}");
    }
    assert_eq!(
        credits.lines("blake")[1].credit,
        LineCredit::Split { share: dec!(0.5) }
    );
    assert_eq!(credits.lines("sol")[1].credit, LineCredit::Overlay);
}

fn transactions_error(text: &str) -> ErrorDetails {
    csv::read_transactions(text, Some("lines.csv"))
        .unwrap_err()
        .details()
        .clone()
}

/// What an error in `lines.csv` names.
fn at(
    line: usize,
    column: usize,
    transaction: Option<&str>,
    field: Option<&str>,
    message: &str,
) -> ErrorDetails {
    ErrorDetails {
        file: Some("lines.csv".into()),
        line: Some(line),
        column: Some(column),
        transaction: transaction.map(str::to_owned),
        field: field.map(str::to_owned),
        message: message.into(),
        ..ErrorDetails::default()
    }
}

const HEADER: &str = "id,metric,date,amount";

#[test]
fn an_unknown_transactions_column_is_an_error_listing_the_valid_ones() {
    let columns = "columns are `id`, `metric`, `date`, `amount`, `quantity`, `cost`, \
                   `refers_to`, `attr.NAME`, `split.PARTICIPANT` or `overlays`";
    assert_eq!(
        transactions_error(&format!("{HEADER},product\nD1,bookings,2026-04-10,1,x\n")),
        at(
            1,
            5,
            None,
            Some("product"),
            &format!("`product` is not a known column; {columns}; did you mean `attr.product`?")
        )
    );
    assert_eq!(
        transactions_error(&format!("{HEADER},splits.alex\n")).message,
        format!("`splits.alex` is not a known column; {columns}; did you mean `split.alex`?")
    );
    assert_eq!(
        transactions_error(&format!("{HEADER},colour\n")).message,
        format!("`colour` is not a known column; {columns}")
    );
    assert_eq!(
        transactions_error(&format!("{HEADER},split.\n")),
        at(
            1,
            5,
            None,
            Some("split."),
            "column `split.` names no valid key after `split.`; write it like `split.alex`"
        )
    );
    assert_eq!(
        transactions_error(&format!("{HEADER},attr.region,attr.region\n")),
        ErrorDetails {
            kind: Some(incentive::ErrorKind::Duplicate),
            ..at(
                1,
                6,
                None,
                Some("attr.region"),
                "column `attr.region` appears twice; each column may appear once"
            )
        }
    );
}

#[test]
fn a_bad_amount_names_the_line_column_transaction_and_field() {
    let text = format!(
        "{HEADER},split.alex\nD1,bookings,2026-04-10,400000,100%\nD2,bookings,2026-04-11,3OO000,100%\n"
    );
    let err = csv::read_transactions(&text, Some("lines.csv")).unwrap_err();
    assert!(matches!(err, Error::Input(_)));
    assert_eq!(
        err.details(),
        &at(
            3,
            4,
            Some("D2"),
            Some("amount"),
            "`3OO000` is not a decimal number; write it like `1250`, `0.75`, `\"0.1\"` or `\"75%\"`"
        )
    );
    assert_eq!(
        err.to_string(),
        "invalid input: file `lines.csv` line 3 column 4, transaction `D2`, field `amount`: \
         `3OO000` is not a decimal number; write it like `1250`, `0.75`, `\"0.1\"` or `\"75%\"`"
    );
}

#[test]
fn bad_optional_numbers_and_overlays_name_their_column() {
    let text = "id,metric,date,amount,quantity,cost,split.alex,overlays\n";
    let bad_number = |m: &str| {
        format!("{m} is not a decimal number; write it like `1250`, `0.75`, `\"0.1\"` or `\"75%\"`")
    };
    assert_eq!(
        transactions_error(&format!("{text}D1,sales,2026-04-10,10,four,,,\n")),
        at(2, 5, Some("D1"), Some("quantity"), &bad_number("`four`"))
    );
    assert_eq!(
        transactions_error(&format!("{text}D1,sales,2026-04-10,10,,$7,,\n")),
        at(2, 6, Some("D1"), Some("cost"), &bad_number("`$7`"))
    );
    assert_eq!(
        transactions_error(&format!("{text}D1,sales,2026-04-10,10,,,half,\n")),
        at(2, 7, Some("D1"), Some("split.alex"), &bad_number("`half`"))
    );
    assert_eq!(
        transactions_error(&format!("{text}D1,sales,2026-04-10,10,,,100%,sol;;kim\n")),
        at(
            2,
            8,
            Some("D1"),
            Some("overlays"),
            "`sol;;kim` holds an empty participant id; separate participant ids with `;`, such as `sol;kim`"
        )
    );
}

#[test]
fn a_bad_date_names_the_line_column_transaction_and_field() {
    assert_eq!(
        transactions_error(&format!("{HEADER}\nD1,bookings,04/10/2026,400000\n")),
        at(
            2,
            3,
            Some("D1"),
            Some("date"),
            "`04/10/2026` is not a date; write it as YYYY-MM-DD, such as 2026-02-15"
        )
    );
    assert_eq!(
        transactions_error(&format!("{HEADER}\nD1,bookings,2026-02-30,400000\n")),
        at(
            2,
            3,
            Some("D1"),
            Some("date"),
            "day 30 is not in 2026-02, which has days 1 to 28"
        )
    );
}

#[test]
fn a_missing_required_column_is_an_error() {
    for (header, missing) in [
        ("metric,date,amount", "id"),
        ("id,date,amount", "metric"),
        ("id,metric,amount", "date"),
        ("id,metric,date", "amount"),
    ] {
        let d = transactions_error(&format!("{header}\n"));
        assert_eq!(
            d,
            ErrorDetails {
                file: Some("lines.csv".into()),
                line: Some(1),
                column: Some(1),
                message: format!(
                    "the header has no `{missing}` column; every row has a transaction's id, metric, date and amount"
                ),
                ..ErrorDetails::default()
            }
        );
    }
}

#[test]
fn an_empty_required_cell_is_an_error() {
    assert_eq!(
        transactions_error(&format!("{HEADER}\n,bookings,2026-04-10,400000\n")),
        at(
            2,
            1,
            None,
            Some("id"),
            "the `id` cell is empty; every row has a transaction's id"
        )
    );
    assert_eq!(
        transactions_error(&format!("{HEADER}\nD1,bookings,2026-04-10,\n")),
        at(
            2,
            4,
            Some("D1"),
            Some("amount"),
            "the `amount` cell is empty; every row has an amount"
        )
    );
    assert_eq!(
        transactions_error(&format!("{HEADER}\nD1,,2026-04-10,1\n")),
        at(
            2,
            2,
            Some("D1"),
            Some("metric"),
            "the `metric` cell is empty; every row has the metric it counts toward"
        )
    );
}

#[test]
fn transactions_are_read_all_or_nothing() {
    let good = format!("{HEADER},split.alex\nD1,bookings,2026-04-10,400000,100%\n");
    assert_eq!(csv::read_transactions(&good, None).unwrap().len(), 1);
    // One bad row after good ones: an error, never the good rows.
    let d = transactions_error(&format!(
        "{good}D2,bookings,2026-04-11,1,100%\nD3,bookings\n"
    ));
    assert_eq!(d.line, Some(4));
    assert_eq!(
        d.message,
        "the row has 2 fields but the header has 5; every row needs one field per column (quote a field that holds a comma)"
    );
    let d = transactions_error("");
    assert_eq!(d.line, Some(1));
    assert!(d.message.starts_with(
        "the file has no header row; the first line names the columns: `id`, `metric`"
    ));
}

fn collections_error(text: &str) -> ErrorDetails {
    csv::read_collections(text, Some("lines.csv"))
        .unwrap_err()
        .details()
        .clone()
}

#[test]
fn collections_errors_name_the_line_column_invoice_and_field() {
    assert_eq!(
        collections_error("invoice,amount,date,id\n"),
        at(
            1,
            4,
            None,
            Some("id"),
            "`id` is not a known column; columns are `invoice`, `amount` or `date`; did you mean `invoice`?"
        )
    );
    assert_eq!(
        collections_error("invoice,amount\n").message,
        "the header has no `date` column; every row has a payment's invoice, amount and date"
    );
    assert_eq!(
        collections_error(
            "date,invoice,amount\n2026-05-02,INV-1,4000\n2026-05-03,INV-2,4.000,00\n"
        )
        .line,
        Some(3)
    );
    assert_eq!(
        collections_error("date,invoice,amount\n2026-05-02,INV-1,4000\n2026-05-03,INV-2,4k\n"),
        at(
            3,
            3,
            Some("INV-2"),
            Some("amount"),
            "`4k` is not a decimal number; write it like `1250`, `0.75`, `\"0.1\"` or `\"75%\"`"
        )
    );
    assert_eq!(
        collections_error("invoice,amount,date\nINV-1,4000,2026-5-2\n"),
        at(
            2,
            3,
            Some("INV-1"),
            Some("date"),
            "`2026-5-2` is not a date; write it as YYYY-MM-DD, such as 2026-02-15"
        )
    );
    assert_eq!(
        collections_error("invoice,amount,date\n,4000,2026-05-02\n"),
        at(
            2,
            1,
            None,
            Some("invoice"),
            "the `invoice` cell is empty; every row has the invoice (transaction) paid"
        )
    );
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
            let _ = csv::read_transactions(&text, Some("x.csv"));
            let _ = csv::read_collections(&text, Some("x.csv"));
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

        // Plausible transactions files: any error names a line, and
        // success reads every row.
        #[test]
        fn plausible_transactions_csv_never_panics(
            header in proptest::collection::vec(prop_oneof![
                Just("id"), Just("metric"), Just("date"), Just("amount"), Just("quantity"),
                Just("cost"), Just("refers_to"), Just("attr.product"), Just("split.alex"),
                Just("overlays"), Just("split."), Just("bogus"),
            ], 0..10),
            rows in proptest::collection::vec(proptest::collection::vec(prop_oneof![
                cell(), Just("2026-04-10".to_owned()), Just("sol;;kim".to_owned()),
            ], 0..11), 0..6),
        ) {
            let mut text = header.join(",");
            text.push('\n');
            for r in &rows {
                text.push_str(&r.join(","));
                text.push('\n');
            }
            match csv::read_transactions(&text, None) {
                Ok(lines) => prop_assert!(lines.len() <= rows.len()),
                Err(e) => prop_assert!(e.details().line.is_some(), "{e}"),
            }
        }
    }
}
