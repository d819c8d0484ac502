//! Credit data: transactions, hierarchy, cancellations and collections
//! in TOML (`CreditData::from_toml`), transactions and collections in CSV
//! (`csv::read_transactions`, `csv::read_collections`), then crediting
//! (`Credits::build`) and evaluation as `incentive run --transactions`
//! does it, commission months settled through one ledger.
//!
//! Laws: credits do not depend on the order the transactions come in
//! (the same credits, or the same error, with the transactions reversed);
//! a window with FROM after TO is refused; every credited statement, and
//! every settled one, keeps the laws of `incentive_fuzz::check_statement`.

#![no_main]

use incentive::credit::CreditData;
use incentive::{Credits, Date, Inputs};
use libfuzzer_sys::{Corpus, fuzz_target};

/// The receivers a transaction credits, and the sample participants.
fn people(data: &CreditData) -> Vec<String> {
    let mut people: Vec<String> = incentive_fuzz::credit_inputs()
        .iter()
        .map(|i| i.participant().to_owned())
        .collect();
    for t in data.transactions().iter().take(64) {
        let (splits, overlays) = t.receivers();
        people.extend(splits.keys().cloned());
        people.extend(overlays.iter().cloned());
    }
    people.sort();
    people.dedup();
    people
}

/// `data` rebuilt from its parts (without the lines it was read from,
/// which errors name), its transactions in reverse order if `reverse`.
fn rebuilt(data: &CreditData, reverse: bool) -> CreditData {
    let mut txns = data.transactions().to_vec();
    if reverse {
        txns.reverse();
    }
    CreditData::new(
        txns,
        data.hierarchy().to_vec(),
        data.cancellations().to_vec(),
    )
    .with_collections(data.collections().to_vec())
}

fn laws(data: &CreditData) {
    if data.transactions().len() > 256 {
        return;
    }
    let people = people(data);
    let who = || people.iter().map(String::as_str);
    let (Ok(from), Ok(to)) = ("2026-04-01".parse::<Date>(), "2026-06-30".parse::<Date>()) else {
        panic!("the sample window's dates do not parse");
    };
    // The window of the data's own dates, and the sample quarter.
    let dates: Vec<Date> = data.transactions().iter().map(|t| t.date()).collect();
    let own = dates.iter().min().zip(dates.iter().max());
    let mut windows = vec![(from, to)];
    if let Some((a, b)) = own {
        windows.push((*a, *b));
    }
    let forth = rebuilt(data, false);
    let back = rebuilt(data, true);
    for (from, to) in windows {
        let credits = Credits::build(data, who(), from, to);
        let credits_forth = Credits::build(&forth, who(), from, to);
        let credits_back = Credits::build(&back, who(), from, to);
        assert_eq!(
            credits.is_ok(),
            credits_forth.is_ok(),
            "credit data read from a file credits differently from the same data built"
        );
        match (&credits_forth, &credits_back) {
            (Ok(a), Ok(b)) => assert_eq!(a, b, "credits depend on the transactions' order"),
            (Err(a), Err(b)) => assert_eq!(
                a.to_string(),
                b.to_string(),
                "the error reported depends on the transactions' order"
            ),
            (a, b) => panic!(
                "crediting succeeds in one order only: {:?} / {:?}",
                a.as_ref().err(),
                b.as_ref().err()
            ),
        }
        if from < to {
            assert!(
                Credits::build(data, who(), to, from).is_err(),
                "a window from {to} to {from} is accepted"
            );
        }
        if let Ok(c) = credits {
            for p in people.iter().take(16) {
                let _ = c.lines(p);
            }
            let batch: Vec<Inputs> = incentive_fuzz::credit_inputs().to_vec();
            if let Ok(statements) = c.evaluate_all(incentive_fuzz::plans(), &batch) {
                statements.iter().for_each(incentive_fuzz::check_statement);
            }
        }
    }
    incentive_fuzz::credit_and_settle(data, incentive_fuzz::credit_inputs());
}

fuzz_target!(|data: &[u8]| -> Corpus {
    let Some(text) = incentive_fuzz::text(data) else {
        return Corpus::Reject;
    };
    if let Ok(d) = CreditData::from_toml(text) {
        laws(&d);
    }
    if let Ok(txns) = incentive::csv::read_transactions(text, Some("fuzz.csv")) {
        laws(&CreditData::new(txns, Vec::new(), Vec::new()));
    }
    if let Ok(collections) = incentive::csv::read_collections(text, Some("fuzz.csv")) {
        laws(&CreditData::new(Vec::new(), Vec::new(), Vec::new()).with_collections(collections));
    }
    Corpus::Keep
});
