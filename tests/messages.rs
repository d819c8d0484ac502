//! Issue 16, defect 6: every message names what it is about. A duplicate
//! key names the key; bytes that are not UTF-8 give the line, column and
//! byte offset; an overflow names the component or the field; an error in
//! transactions read from CSV names the file and the line. And defect 4's
//! second half: with several faults in credit data, the one reported does
//! not depend on the order the data was given in.

use incentive::credit::{CreditData, ReportingLine};
use incentive::{Credits, ErrorKind, Inputs, Plan, Transaction, csv};
use rust_decimal_macros::dec;

use crate::{plan, root};

fn demand_generation_text() -> String {
    std::fs::read_to_string(root("plans/demand-generation.toml")).unwrap()
}

#[test]
fn a_duplicate_key_is_named_with_its_line() {
    let text = demand_generation_text().replace(
        "currency = \"USD\"\n",
        "currency = \"USD\"\ncurrency = \"EUR\"\n",
    );
    let err = Plan::from_toml_named(&text, "dg.toml").unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidPlan);
    assert_eq!(err.details().field.as_deref(), Some("currency"));
    assert_eq!(err.details().line, Some(11));
    assert_eq!(
        err.to_string(),
        "invalid plan: file `dg.toml` line 11 column 1, field `currency`: duplicate key `currency`; a key is given once in a table"
    );
    // In inputs, inside an inline table.
    let err = Inputs::list_from_toml(
        "[[participants]]\nparticipant = \"a\"\nplan = \"p\"\nactuals = { x = 1, x = 2 }\n",
    )
    .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidInput);
    assert_eq!(err.details().field.as_deref(), Some("x"));
    assert_eq!(
        (err.details().line, err.details().column),
        (Some(4), Some(20))
    );
}

fn temp(name: &str, bytes: &[u8]) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("incentive-messages-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

#[test]
fn bytes_that_are_not_utf8_are_placed_by_line_column_and_offset() {
    // The second row's participant holds 0xFF at byte 85.
    let mut bytes =
        b"participant,plan,actual.pipeline,target.pipeline,rating.campaign_effectiveness\n"
            .to_vec();
    let header = bytes.len();
    bytes.extend_from_slice(b"da\xffna,demand-generation,2300000,2000000,4\n");
    let path = temp("bad.csv", &bytes);
    let err = csv::load_inputs(&path).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidInput);
    assert_eq!(
        (err.details().line, err.details().column),
        (Some(2), Some(3))
    );
    assert_eq!(
        err.details().message,
        format!(
            "the byte at offset {} (line 2, column 3) is not UTF-8; save the file as UTF-8",
            header + 2
        )
    );
    assert_eq!(
        err.details().file.as_deref(),
        Some(path.display().to_string().as_str())
    );
    // The same in TOML inputs; in a plan file it is an invalid plan.
    let path = temp("bad.toml", b"[[participants]]\nparticipant = \"\xe9\"\n");
    let err = Inputs::load_list(&path).unwrap_err();
    assert_eq!(
        (err.details().line, err.details().column),
        (Some(2), Some(16))
    );
    assert!(
        err.details().message.starts_with("the byte at offset 32 "),
        "{err}"
    );
    let path = temp("plan.toml", b"id = \"x\"\n# caf\xe9\n");
    let err = Plan::load(&path).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidPlan);
    assert_eq!(
        (err.details().line, err.details().column),
        (Some(2), Some(6))
    );
}

#[test]
fn an_overflow_names_the_component_or_the_total() {
    // A line too large to round names its component.
    let ae = plan("account-executive-marginal")
        .evaluate(
            &Inputs::new("ana", "account-executive-marginal")
                .target("commission", dec!(1))
                .actual("bookings", dec!(79228162514264337593543950335)),
        )
        .unwrap_err();
    assert_eq!(ae.kind(), ErrorKind::Overflow);
    assert_eq!(ae.details().participant.as_deref(), Some("ana"));
    assert_eq!(ae.details().component.as_deref(), Some("commission"));
    // Two lines that fit, whose sum does not, name the total.
    let dg = plan("demand-generation")
        .evaluate(
            &Inputs::new("dg", "demand-generation")
                .with_target_incentive(dec!(500000000000000000000000000))
                .actual("pipeline", dec!(3))
                .target("pipeline", dec!(2))
                .rating("campaign_effectiveness", dec!(5)),
        )
        .unwrap_err();
    assert_eq!(dg.kind(), ErrorKind::Overflow);
    assert_eq!(dg.details().component, None);
    assert_eq!(dg.details().field.as_deref(), Some("total"));
    assert_eq!(dg.details().plan.as_deref(), Some("demand-generation"));
}

const DEALS: &str = "\
id,metric,date,amount,split.alex,split.blake
D1,bookings,2026-04-10,79228162514264337593543950335,100%,
D2,bookings,2026-05-05,300000,50%,50%
D3,bookings,2026-06-12,250000,,100%
";

#[test]
fn transaction_errors_from_csv_name_the_file_and_the_line() {
    let (from, to) = ("2026-04-01".parse().unwrap(), "2026-06-30".parse().unwrap());
    // A split that does not add up, found while crediting.
    let bad = DEALS.replace("50%,50%", "50%,40%");
    let data = csv::read_credit_data(&bad, Some("deals.csv")).unwrap();
    let err = Credits::build(&data, ["alex", "blake"], from, to).unwrap_err();
    let d = err.details();
    assert_eq!(
        (
            d.file.as_deref(),
            d.line,
            d.transaction.as_deref(),
            d.field.as_deref()
        ),
        (Some("deals.csv"), Some(3), Some("D2"), Some("splits"))
    );
    // An overflow of a credited total, found when a participant is paid.
    let data = csv::read_credit_data(DEALS, Some("deals.csv")).unwrap();
    let credits = Credits::build(&data, ["alex", "blake"], from, to).unwrap();
    let alex = Inputs::new("alex", "account-executive-marginal")
        .target("commission", dec!(500000))
        .source("bookings", incentive::CreditSource::Credited);
    let plans = crate::plans();
    let err = credits.evaluate(&plans, &alex).unwrap_err();
    let d = err.details();
    assert_eq!(err.kind(), ErrorKind::Overflow);
    assert_eq!(
        (
            d.file.as_deref(),
            d.line,
            d.transaction.as_deref(),
            d.participant.as_deref()
        ),
        (Some("deals.csv"), Some(3), Some("D2"), Some("alex"))
    );
    assert_eq!(d.field.as_deref(), Some("sources.bookings"));
}

#[test]
fn with_several_faults_in_credit_data_the_same_one_is_reported_in_any_order() {
    let day = "2026-04-15".parse().unwrap();
    let (from, to) = ("2026-04-01".parse().unwrap(), "2026-06-30".parse().unwrap());
    let transactions = vec![
        Transaction::new("T9", "bookings", dec!(100), day).split("alex", dec!(0.9)),
        Transaction::new("T1", "bookings", dec!(100), day).split("nobody", dec!(1)),
        Transaction::new("T5", "bookings", dec!(100), day),
    ];
    let hierarchy = vec![
        ReportingLine::new("blake", "morgan", "2026-01-01".parse().unwrap()),
        ReportingLine::new("alex", "morgan", "2026-01-01".parse().unwrap()),
        ReportingLine::new("alex", "sam", "2026-02-01".parse().unwrap()),
        ReportingLine::new("blake", "sam", "2026-03-01".parse().unwrap()),
    ];
    let error = |t: Vec<Transaction>, h: Vec<ReportingLine>| {
        let data = CreditData::new(t, h, vec![]);
        Credits::build(&data, ["alex", "blake"], from, to)
            .unwrap_err()
            .to_string()
    };
    let first = error(transactions.clone(), vec![]);
    assert!(first.contains("transaction `T1`"), "{first}");
    let mut reversed = transactions.clone();
    reversed.reverse();
    assert_eq!(error(reversed, vec![]), first);
    // Overlapping reporting lines: alex's pair is named first, however
    // the lines are ordered.
    let good = vec![Transaction::new("T1", "bookings", dec!(100), day).split("alex", dec!(1))];
    let overlap = error(good.clone(), hierarchy.clone());
    assert!(
        overlap.starts_with("invalid input: participant `alex`"),
        "{overlap}"
    );
    let mut h = hierarchy;
    h.reverse();
    assert_eq!(error(good, h), overlap);
}
