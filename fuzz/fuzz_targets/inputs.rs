//! Participants' inputs: the TOML list (`Inputs::list_from_toml`), CSV
//! (`csv::read_inputs`, `csv::read_inputs_for` against the shipped plans,
//! `csv::stream_payroll`) and JSON (`Inputs` through serde, a list or
//! one).
//!
//! Every reader is tried on the same text. What any reader accepts keeps
//! the laws of `incentive_fuzz::check_inputs`: `csv::write_inputs` then
//! `csv::read_inputs` gives the same inputs back, so does JSON, and
//! every statement evaluated from them keeps its laws. For CSV also:
//! what `read_inputs_for` accepts `read_inputs` reads the same, and
//! `stream_payroll` writes exactly what `write_payroll` writes for the
//! statements of the rows in file order, or fails where they fail.

#![no_main]

use incentive::csv::{self, StreamOptions};
use incentive::{Inputs, Statement};
use libfuzzer_sys::{Corpus, fuzz_target};

/// Rows the batch laws are checked on; longer files are read only.
const MOST: usize = 32;

fn csv_laws(text: &str) {
    let plain = csv::read_inputs(text, Some("fuzz.csv"));
    if let Ok(list) = &plain {
        incentive_fuzz::check_inputs(list);
    }
    let checked = csv::read_inputs_for(incentive_fuzz::plans(), text, Some("fuzz.csv"));
    if let Ok(list) = &checked {
        let plain = plain
            .as_ref()
            .unwrap_or_else(|e| panic!("read_inputs_for accepts what read_inputs refuses: {e}"));
        assert_eq!(
            plain, list,
            "read_inputs and read_inputs_for read differently"
        );
    }
    let mut out = Vec::new();
    let streamed = csv::stream_payroll(
        incentive_fuzz::plans(),
        text.as_bytes(),
        Some("fuzz.csv"),
        &mut out,
        &StreamOptions::new(),
    );
    let Ok(list) = checked else {
        assert!(
            streamed.is_err(),
            "stream_payroll pays rows read_inputs_for refuses"
        );
        return;
    };
    if list.len() > MOST {
        return;
    }
    let statements: Result<Vec<Statement>, _> = list
        .iter()
        .map(|i| incentive_fuzz::plans().evaluate(i))
        .collect();
    match (statements, streamed) {
        (Ok(statements), Ok(_)) => {
            if let Ok(expected) = csv::write_payroll(&statements) {
                let got = String::from_utf8(out).unwrap_or_default();
                assert_eq!(
                    got, expected,
                    "stream_payroll and write_payroll write differently"
                );
            }
        }
        // Duplicate rows are refused by the stream and by `evaluate_all`,
        // not by one evaluation at a time.
        (Ok(_), Err(e)) => {
            assert!(
                incentive_fuzz::plans().evaluate_all(&list).is_err(),
                "stream_payroll refuses rows every evaluation pays: {e}"
            );
        }
        (Err(e), Ok(_)) => panic!("stream_payroll pays rows an evaluation refuses: {e}"),
        (Err(_), Err(_)) => {}
    }
}

fuzz_target!(|data: &[u8]| -> Corpus {
    let Some(text) = incentive_fuzz::text(data) else {
        return Corpus::Reject;
    };
    if let Ok(list) = Inputs::list_from_toml(text) {
        incentive_fuzz::check_inputs(&list);
    }
    csv_laws(text);
    if let Ok(list) = serde_json::from_str::<Vec<Inputs>>(text) {
        incentive_fuzz::check_inputs(&list);
    }
    if let Ok(one) = serde_json::from_str::<Inputs>(text) {
        incentive_fuzz::check_inputs(std::slice::from_ref(&one));
    }
    Corpus::Keep
});
