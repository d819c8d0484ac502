//! Inputs the fuzz targets (`fuzz/`, see `fuzz/README.md`) found, kept
//! as tests with the exact outcome: each names its target and what broke.

#[cfg(feature = "csv")]
use incentive::{ErrorKind, Inputs, csv};
#[cfg(feature = "csv")]
use rust_decimal_macros::dec;

/// Target `inputs`, law "`csv::write_inputs` then `csv::read_inputs`
/// gives the same inputs back". JSON (and TOML) inputs may name a metric
/// with a space in it; `write_inputs` wrote the column `actual.: peline`
/// with an empty cell, losing the actual 0.1, and `read_inputs` then
/// refused the header. Writing now refuses the key, naming it.
#[cfg(feature = "csv")]
#[test]
fn write_inputs_refuses_a_key_a_column_cannot_hold() {
    let json = r#"{"participant": "x", "plan": "y", "actuals": {": peline": 0.1}}"#;
    let inputs: Inputs = serde_json::from_str(json).unwrap();
    assert_eq!(inputs.actuals()[": peline"], dec!(0.1));

    let err = csv::write_inputs(std::slice::from_ref(&inputs)).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidInput);
    assert_eq!(err.details().participant.as_deref(), Some("x"));
    assert_eq!(err.details().field.as_deref(), Some("actuals.: peline"));
    assert_eq!(
        err.to_string(),
        "invalid input: participant `x`, field `actuals.: peline`: key `: peline` cannot be written as a CSV column and read back: column `actual.: peline` names no valid key after `actual.`; write it like `actual.pipeline`"
    );
}

/// The same for every keyed column, from TOML inputs: a target, a
/// rating and a label whose key holds a tab or a space.
#[cfg(feature = "csv")]
#[test]
fn write_inputs_refuses_spaces_in_every_keyed_column() {
    let cases = [
        ("targets = { \"a b\" = 1 }", "targets.a b"),
        ("ratings = { \"a\\tb\" = 3 }", "ratings.a\tb"),
        ("labels = { \" a\" = \"meets\" }", "labels. a"),
    ];
    for (table, field) in cases {
        let text = format!("[[participants]]\nparticipant = 'x'\nplan = 'y'\n{table}\n");
        let inputs = Inputs::list_from_toml(&text).unwrap();
        let err = csv::write_inputs(&inputs).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidInput, "{table}");
        assert_eq!(err.details().field.as_deref(), Some(field), "{table}");
    }
}

/// Keys a column holds are still written and read back the same.
#[cfg(feature = "csv")]
#[test]
fn write_inputs_keeps_valid_keys() {
    let inputs = Inputs::new("x", "y")
        .actual("pipe-line_2", dec!(0.1))
        .target("pipe-line_2", dec!(3))
        .rating("r.1", dec!(4))
        .label("l", "meets");
    let text = csv::write_inputs(std::slice::from_ref(&inputs)).unwrap();
    assert_eq!(
        text,
        "participant,plan,actual.pipe-line_2,target.pipe-line_2,rating.r.1,label.l\nx,y,0.1,3,4,meets\n"
    );
    assert_eq!(csv::read_inputs(&text, None).unwrap(), vec![inputs]);
}
