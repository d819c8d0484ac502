//! Streaming payroll: inputs CSV in, payroll CSV out, row by row. The
//! output is the bytes `write_payroll` writes for the same statements in
//! file order, whatever the number of threads; errors are the reader's
//! and the evaluator's.

use std::collections::BTreeMap;

use incentive::csv::{self, StreamOptions, StreamSummary};
use incentive::{Currency, Error, PlanSet};
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

use crate::{plans, root};

fn samples() -> String {
    std::fs::read_to_string(root("plans/samples/participants.csv")).unwrap()
}

/// Streams `text` on `threads` threads: the payroll and the summary.
fn stream(set: &PlanSet, text: &str, threads: usize) -> Result<(String, StreamSummary), Error> {
    let mut out = Vec::new();
    let summary = csv::stream_payroll(
        set,
        text.as_bytes(),
        Some("in.csv"),
        &mut out,
        &StreamOptions::new().threads(threads),
    )?;
    Ok((String::from_utf8(out).unwrap(), summary))
}

/// What the file route gives: every row read, evaluated in file order and
/// written by `write_payroll`; with the totals per currency.
fn file_route(set: &PlanSet, text: &str) -> (String, BTreeMap<Currency, Decimal>) {
    let inputs = csv::read_inputs_for(set, text, Some("in.csv")).unwrap();
    let statements: Vec<_> = inputs.iter().map(|i| set.evaluate(i).unwrap()).collect();
    let mut totals = BTreeMap::new();
    for s in &statements {
        *totals.entry(s.currency).or_insert(Decimal::ZERO) += s.total();
    }
    (csv::write_payroll(&statements).unwrap(), totals)
}

/// `n` rows made from the samples' ten: every plan of the samples
/// (quota plans, a capped plan with a kicker, a gated one), each actual
/// varied, two periods.
fn generated(n: usize) -> String {
    let text = samples();
    let mut lines = text.lines();
    let header = lines.next().unwrap();
    let names: Vec<&str> = header.split(',').collect();
    let templates: Vec<Vec<&str>> = lines.map(|l| l.split(',').collect()).collect();
    let mut out = format!("{header}\n");
    for i in 0..n {
        let t = &templates[i % templates.len()];
        let cells: Vec<String> = t
            .iter()
            .zip(&names)
            .map(|(cell, name)| {
                if cell.is_empty() {
                    return String::new();
                }
                match *name {
                    "participant" => format!("{cell}{i:05}"),
                    "period" => ["2026-Q1", "2026-Q2"][i / 10 % 2].to_owned(),
                    n if n.starts_with("actual.") => {
                        let v: Decimal = cell.parse().unwrap();
                        if v < dec!(10) {
                            (v + Decimal::new((i % 7) as i64, 2)).to_string()
                        } else {
                            let step = Decimal::from((i * 7919 % 40_000) as i64);
                            (v * dec!(0.8) + step * dec!(10.01)).to_string()
                        }
                    }
                    _ => (*cell).to_owned(),
                }
            })
            .collect();
        out.push_str(&cells.join(","));
        out.push('\n');
    }
    out
}

#[test]
fn the_samples_stream_to_the_bytes_write_payroll_writes() {
    let set = plans();
    let text = samples();
    let (expected, totals) = file_route(&set, &text);
    for threads in [1, 2] {
        let (payroll, summary) = stream(&set, &text, threads).unwrap();
        assert_eq!(payroll, expected);
        assert_eq!((summary.rows(), summary.statements()), (10, 10));
        assert_eq!(summary.payroll_rows(), 23);
        assert_eq!(summary.totals(), &totals);
    }
    let usd: Currency = "USD".parse().unwrap();
    let (_, summary) = stream(&set, &text, 1).unwrap();
    assert_eq!(summary.total(usd), Some(dec!(267251.97)));
    assert_eq!(payroll_lines(&expected), 24);
    assert!(expected.starts_with(
        "participant,period,plan,component,amount,currency\n\
         dana,2026-Q1,demand-generation,pipeline,4875.00,USD\n"
    ));
}

fn payroll_lines(text: &str) -> usize {
    text.lines().count()
}

#[test]
fn thousands_of_rows_over_several_plans_stream_to_the_same_bytes_on_any_number_of_threads() {
    let set = plans();
    let text = generated(4_321);
    let (expected, totals) = file_route(&set, &text);
    let (one, summary) = stream(&set, &text, 1).unwrap();
    assert_eq!(one, expected);
    assert_eq!(summary.rows(), 4_321);
    assert_eq!(summary.payroll_rows() + 1, payroll_lines(&expected) as u64);
    assert_eq!(summary.totals(), &totals);
    for threads in [2, 3, 8] {
        let (many, s) = stream(&set, &text, threads).unwrap();
        assert_eq!(many, one, "{threads} threads");
        assert_eq!(s, summary);
    }
    // The capped plan with a kicker goes by the explained route: its
    // adjustments are rows of their own.
    assert!(one.contains(",customer-marketing,adjustment:plan-cap,"));
    assert!(one.contains(",customer-marketing,adjustment:kicker:nrr_110,"));
}

#[test]
fn a_byte_order_mark_and_no_rows_are_read_as_the_file_route_reads_them() {
    let set = plans();
    let text = format!("\u{feff}{}", samples());
    let (expected, _) = file_route(&set, &text);
    assert_eq!(stream(&set, &text, 1).unwrap().0, expected);
    let header_only = "participant,plan\n";
    let (payroll, summary) = stream(&set, header_only, 2).unwrap();
    assert_eq!(
        payroll,
        "participant,period,plan,component,amount,currency\n"
    );
    assert_eq!(summary, StreamSummary::default());
    assert_eq!(summary.totals().len(), 0);
}

/// A row made bad.
type Spoil = Box<dyn Fn(&str) -> String>;

/// The reader's error for `text`, as `read_inputs_for` gives it.
fn read_error(set: &PlanSet, text: &str) -> Error {
    csv::read_inputs_for(set, text, Some("in.csv")).unwrap_err()
}

#[test]
fn reading_errors_are_the_readers_own_on_any_number_of_threads() {
    let set = plans();
    let good = generated(3_000);
    let mut lines: Vec<String> = good.lines().map(str::to_owned).collect();
    let bad_cases: Vec<(usize, Spoil)> = vec![
        // A number that is not one (the first sample's pipeline).
        (
            2_101,
            Box::new(|l: &str| l.replacen(",2000000,", ",2 000 000,", 1)),
        ),
        // A plan the set does not have.
        (
            1_501,
            Box::new(|l: &str| l.replacen("demand-generation", "no-such-plan", 1)),
        ),
        // A row with one field too many.
        (2_900, Box::new(|l: &str| format!("{l},"))),
        // An empty participant.
        (
            1_025,
            Box::new(|l: &str| l.split_once(',').map(|(_, r)| format!(",{r}")).unwrap()),
        ),
    ];
    for (at, spoil) in bad_cases {
        let original = lines[at].clone();
        lines[at] = spoil(&original);
        let text = lines.join("\n") + "\n";
        let expected = read_error(&set, &text);
        assert_eq!(expected.details().line, Some(at + 1));
        for threads in [1, 2] {
            let err = stream(&set, &text, threads).unwrap_err();
            assert_eq!(err, expected, "line {} on {threads} threads", at + 1);
        }
        lines[at] = original;
    }
    // A header the reader refuses.
    let text = good.replacen("actual.booked", "actuals.booked", 1);
    let err = stream(&set, &text, 1).unwrap_err();
    assert_eq!(err, read_error(&set, &text));
    assert_eq!(err.details().column, Some(5));
    // No header at all.
    let err = stream(&set, "", 1).unwrap_err();
    assert_eq!(err, read_error(&set, ""));
    assert_eq!(
        err.to_string(),
        "invalid input: file `in.csv` line 1 column 1: the file has no header row; the first line names the columns: `participant`, `plan`, `name`, `period`, `target_incentive`, `base_salary`, `target_percent`, `ote`, `mix`, `quota`, `actual.METRIC`, `target.COMPONENT`, `rating.COMPONENT`, `label.COMPONENT` or `source.METRIC`"
    );
}

#[test]
fn a_second_row_for_one_participant_plan_and_period_is_refused_as_the_reader_refuses_it() {
    let set = plans();
    let good = generated(3_000);
    let mut lines: Vec<String> = good.lines().map(str::to_owned).collect();
    // Row 2,500 repeats row 11's participant, plan and period (line 12),
    // two pieces of 1,024 rows apart.
    let first = lines[11].clone();
    lines[2_501] = first.replacen("Dana", "Dana again", 1);
    let text = lines.join("\n") + "\n";
    let expected = read_error(&set, &text);
    assert_eq!(
        expected.to_string(),
        "invalid input: file `in.csv` line 2502 column 1, participant `dana00010`, plan `demand-generation`: participant `dana00010` already has a row for plan `demand-generation` and period `2026-Q2` on line 12; give each participant one row per plan and period"
    );
    for threads in [1, 2] {
        assert_eq!(stream(&set, &text, threads).unwrap_err(), expected);
    }
    // Another period is another row.
    lines[2_501] = first.replacen("2026-Q2", "2026-Q3", 1);
    let text = lines.join("\n") + "\n";
    assert_eq!(stream(&set, &text, 1).unwrap().1.rows(), 3_000);
    // A bad cell on the repeated row is that row's first error.
    lines[2_501] = first.replacen(",2000000,", ",x2000000,", 1);
    let text = lines.join("\n") + "\n";
    let err = stream(&set, &text, 2).unwrap_err();
    assert_eq!(err, read_error(&set, &text));
    assert!(err.to_string().contains("`x2"), "{err}");
}

#[test]
fn evaluation_errors_are_the_evaluators_placed_at_the_row() {
    let set = plans();
    // Dana gives no rating: the reader takes the row, the evaluator
    // refuses it.
    let text = "participant,plan,period,actual.pipeline,target.pipeline,rating.campaign_effectiveness\n\
                rita,demand-generation,2026-Q1,3300002,3000000,3\n\
                dana,demand-generation,2026-Q1,2300000,2000000,\n";
    let inputs = csv::read_inputs_for(&set, text, Some("in.csv")).unwrap();
    let mut expected = set.evaluate(&inputs[1]).unwrap_err().details().clone();
    expected.file = Some("in.csv".into());
    expected.line = Some(3);
    expected.column = Some(6);
    for threads in [1, 2] {
        let err = stream(&set, text, threads).unwrap_err();
        assert!(matches!(err, Error::Input(_)));
        assert_eq!(err.details(), &expected);
    }
    assert_eq!(
        expected.to_string(),
        "file `in.csv` line 3 column 6, participant `dana`, plan `demand-generation`, component `campaign_effectiveness`, field `ratings.campaign_effectiveness`: missing rating for component `campaign_effectiveness`; a missing rating is never read as zero"
    );
    // A rating off the scale: the values route refuses it, the explained
    // route gives the error.
    let text = text.replace("2000000,\n", "2000000,9\n");
    let inputs = csv::read_inputs_for(&set, &text, None).unwrap();
    let expected = set.evaluate(&inputs[1]).unwrap_err();
    let err = stream(&set, &text, 1).unwrap_err();
    assert_eq!(err.details().message, expected.details().message);
    assert_eq!(err.details().line, Some(3));
    // The rows before the error were written.
    let mut out = Vec::new();
    let _ = csv::stream_payroll(&set, text.as_bytes(), None, &mut out, &StreamOptions::new());
    assert_eq!(
        String::from_utf8(out).unwrap(),
        "participant,period,plan,component,amount,currency\n\
         rita,2026-Q1,demand-generation,pipeline,4500.00,USD\n\
         rita,2026-Q1,demand-generation,campaign_effectiveness,1250.00,USD\n"
    );
}

#[test]
fn pay_terms_labels_and_credit_sources_take_their_routes() {
    let set = plans();
    // A participant's own target incentive; a name column.
    let text = "participant,name,plan,period,target_incentive,actual.pipeline,target.pipeline,rating.campaign_effectiveness\n\
                dana,Dana,demand-generation,2026-Q1,10000,2300000,2000000,4\n";
    let (expected, _) = file_route(&set, text);
    assert_eq!(stream(&set, text, 1).unwrap().0, expected);
    assert!(expected.contains("dana,2026-Q1,demand-generation,pipeline,9750.00,USD"));
    // A metric that comes from credits: the evaluator's error.
    let text = "participant,plan,actual.pipeline,source.pipeline,target.pipeline,rating.campaign_effectiveness\n\
                dana,demand-generation,,credited,2000000,4\n";
    let inputs = csv::read_inputs_for(&set, text, None).unwrap();
    let expected = set.evaluate(&inputs[0]).unwrap_err();
    let err = stream(&set, text, 1).unwrap_err();
    assert_eq!(err.details().message, expected.details().message);
    assert!(err.details().message.contains("comes from credits"));
}

#[test]
fn labels_and_pay_terms_stream_as_the_file_route_pays_them() {
    let mut set = PlanSet::new();
    set.insert(
        incentive::Plan::from_toml(
            r#"
            id = "bonus"
            name = "Bonus"
            version = "1"
            currency = "EUR"
            pay_period = "quarter"
            target_incentive = { percent_of_base = "10%" }

            [scales.performance]
            labels = [["below", "0%"], ["meets", "100%"], ["exceeds", "125%"]]

            [[components]]
            id = "performance"
            name = "Performance"
            weight = "100%"
            rating = "performance"
            "#,
        )
        .unwrap(),
    )
    .unwrap();
    for p in plans().iter() {
        set.insert(p.clone()).unwrap();
    }
    let text = "participant,plan,period,base_salary,target_percent,label.performance,actual.pipeline,target.pipeline,rating.campaign_effectiveness\n\
                ana,bonus,2026-Q1,80000,,exceeds,,,\n\
                bo,bonus,2026-Q1,90000,15%,meets,,,\n\
                dana,demand-generation,2026-Q1,,,,2300000,2000000,4\n\
                cy,bonus,2026-Q1,70000,,below,,,\n";
    let (expected, totals) = file_route(&set, text);
    for threads in [1, 2] {
        let (payroll, summary) = stream(&set, text, threads).unwrap();
        assert_eq!(payroll, expected);
        assert_eq!(summary.totals(), &totals);
    }
    assert_eq!(
        expected,
        "participant,period,plan,component,amount,currency\n\
         ana,2026-Q1,bonus,performance,2500.00,EUR\n\
         bo,2026-Q1,bonus,performance,3375.00,EUR\n\
         dana,2026-Q1,demand-generation,pipeline,4875.00,USD\n\
         dana,2026-Q1,demand-generation,campaign_effectiveness,1562.50,USD\n\
         cy,2026-Q1,bonus,performance,0.00,EUR\n"
    );
    let eur: Currency = "EUR".parse().unwrap();
    let usd: Currency = "USD".parse().unwrap();
    let (_, summary) = stream(&set, text, 1).unwrap();
    assert_eq!(summary.total(eur), Some(dec!(5875.00)));
    assert_eq!(summary.total(usd), Some(dec!(6437.50)));
    // A label off the scale is the reader's error, at its cell.
    let bad = text.replace("meets", "great");
    let err = stream(&set, &bad, 2).unwrap_err();
    assert_eq!(err, read_error(&set, &bad));
    assert_eq!(
        (err.details().line, err.details().column),
        (Some(3), Some(6))
    );
    // A base salary that is no number, likewise.
    let bad = text.replace("70000", "70k");
    let err = stream(&set, &bad, 1).unwrap_err();
    assert_eq!(err, read_error(&set, &bad));
    assert_eq!(
        (err.details().line, err.details().column),
        (Some(5), Some(4))
    );
}

#[test]
fn a_repeat_names_the_first_rows_line_when_a_quoted_cell_spans_lines() {
    let set = plans();
    let good = generated(3_000);
    let mut lines: Vec<String> = good.lines().map(str::to_owned).collect();
    // Rows 4 and 905 have a name over two and three lines: every later
    // row is a line or three further down. (A line break inside a name is
    // refused; around it, the trimmed cell drops it.)
    lines[5] = lines[5].replacen(",Chen,", ",\"Chen\n\",", 1);
    lines[906] = lines[906].replacen(",Alex,", ",\"\nAlex\n\",", 1);
    for (first, repeat) in [(3, 600), (1_200, 2_900), (10, 11)] {
        let mut lines = lines.clone();
        lines[repeat] = lines[first].clone();
        let text = lines.join("\n") + "\n";
        let expected = read_error(&set, &text);
        for threads in [1, 2] {
            assert_eq!(stream(&set, &text, threads).unwrap_err(), expected);
        }
    }
    let text = lines.join("\n") + "\n";
    let (expected, _) = file_route(&set, &text);
    assert_eq!(stream(&set, &text, 2).unwrap().0, expected);
    let err = {
        let mut lines = lines.clone();
        lines[2_900] = lines[1_200].clone();
        read_error(&set, &(lines.join("\n") + "\n"))
    };
    assert!(err.to_string().contains("line 2904 column 1"), "{err}");
    assert!(err.to_string().contains("on line 1204;"), "{err}");
}

/// `text` with its rows sorted by participant, plan and period (the
/// columns of the samples' header; no quoted cells).
fn sorted(text: &str) -> String {
    let mut lines = text.lines();
    let header = lines.next().unwrap();
    let mut rows: Vec<&str> = lines.collect();
    let key = |l: &&str| {
        let c: Vec<&str> = l.split(',').collect();
        let period = Some(c[3]).filter(|p| !p.is_empty());
        (c[0].to_owned(), c[2].to_owned(), period.map(str::to_owned))
    };
    rows.sort_by_key(key);
    format!("{header}\n{}\n", rows.join("\n"))
}

#[test]
fn a_sorted_file_streams_to_the_bytes_of_evaluate_all_in_flat_memory() {
    let set = plans();
    for text in [sorted(&samples()), sorted(&generated(3_333))] {
        let inputs = csv::read_inputs_for(&set, &text, None).unwrap();
        let expected = csv::write_payroll(&set.evaluate_all(&inputs).unwrap()).unwrap();
        assert_eq!(file_route(&set, &text).0, expected);
        for threads in [1, 2] {
            let mut out = Vec::new();
            let options = StreamOptions::new().threads(threads).sorted(true);
            let summary =
                csv::stream_payroll(&set, text.as_bytes(), None, &mut out, &options).unwrap();
            assert_eq!(String::from_utf8(out).unwrap(), expected);
            assert_eq!(summary.rows(), inputs.len() as u64);
        }
    }
}

/// Streams `text` as sorted.
fn stream_sorted(set: &PlanSet, text: &str, threads: usize) -> Result<StreamSummary, Error> {
    let options = StreamOptions::new().threads(threads).sorted(true);
    csv::stream_payroll(
        set,
        text.as_bytes(),
        Some("in.csv"),
        std::io::sink(),
        &options,
    )
}

#[test]
fn a_sorted_file_refuses_a_repeat_and_a_row_out_of_order() {
    let set = plans();
    let text = sorted(&generated(3_000));
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    // A repeat is the row before: the reader's error.
    let mut repeated = lines.clone();
    repeated[2_001] = repeated[2_000].clone();
    let repeated = repeated.join("\n") + "\n";
    let expected = read_error(&set, &repeated);
    assert_eq!(expected.details().line, Some(2_002));
    for threads in [1, 2] {
        assert_eq!(
            stream_sorted(&set, &repeated, threads).unwrap_err(),
            expected
        );
    }
    // A row out of order names both rows.
    lines.swap(1_500, 1_501);
    let unsorted = lines.join("\n") + "\n";
    assert!(stream(&set, &unsorted, 1).is_ok());
    for threads in [1, 2] {
        let err = stream_sorted(&set, &unsorted, threads).unwrap_err();
        assert_eq!(
            err.to_string(),
            format!(
                "invalid input: file `in.csv` line 1502 column 1, participant `{p}`, plan `{plan}`: the rows are not sorted: participant `{p}`, plan `{plan}`, period `{period}` comes after participant `{q}`, plan `{qplan}`, period `{qperiod}` on line 1501; the file is streamed as sorted by participant, plan and period, so sort it so, or stream it unsorted",
                p = lines[1_501].split(',').next().unwrap(),
                plan = lines[1_501].split(',').nth(2).unwrap(),
                period = lines[1_501].split(',').nth(3).unwrap(),
                q = lines[1_500].split(',').next().unwrap(),
                qplan = lines[1_500].split(',').nth(2).unwrap(),
                qperiod = lines[1_500].split(',').nth(3).unwrap(),
            )
        );
    }
}

#[test]
fn totals_are_summed_exactly_or_refused_as_an_overflow() {
    let set = plans();
    // Each row pays exactly its own target incentive, 3 × 10^26.
    let row = |p: &str| {
        format!("{p},demand-generation,2026-Q1,300000000000000000000000000,2000000,2000000,3\n")
    };
    let header = "participant,plan,period,target_incentive,actual.pipeline,target.pipeline,rating.campaign_effectiveness\n";
    let two = format!("{header}{}{}", row("a"), row("b"));
    let usd: Currency = "USD".parse().unwrap();
    for threads in [1, 2] {
        let (payroll, summary) = stream(&set, &two, threads).unwrap();
        assert_eq!(
            summary.total(usd),
            Some(dec!(600000000000000000000000000.00))
        );
        assert!(
            payroll.contains(
                "a,2026-Q1,demand-generation,pipeline,225000000000000000000000000.00,USD\n"
            )
        );
    }
    // 9 × 10^26 has no `Decimal` with its two places, but the value is
    // exact with one place fewer (the place dropped is a zero): kept.
    let three = format!("{two}{}", row("c"));
    for threads in [1, 2] {
        let (_, summary) = stream(&set, &three, threads).unwrap();
        let total = summary.total(usd).unwrap();
        assert_eq!(total, dec!(900000000000000000000000000));
        assert_eq!(total.to_string(), "900000000000000000000000000.0");
    }
    // A cent more per row: each pays 225000000000000000000000000.0075 →
    // .01 and 75000000000000000000000000.0025 → .00, and three rows sum to
    // 900000000000000000000000000.03, which no `Decimal` holds: an
    // overflow, never the sum rounded to fewer places.
    let row = |p: &str| {
        format!("{p},demand-generation,2026-Q1,300000000000000000000000000.01,2000000,2000000,3\n")
    };
    let two = format!("{header}{}{}", row("a"), row("b"));
    let three = format!("{two}{}", row("c"));
    for threads in [1, 2] {
        let (_, summary) = stream(&set, &two, threads).unwrap();
        assert_eq!(
            summary.total(usd),
            Some(dec!(600000000000000000000000000.02))
        );
        let err = stream(&set, &three, threads).unwrap_err();
        assert!(matches!(err, Error::Overflow(_)), "{err}");
        assert!(err.to_string().contains("the total paid in USD"), "{err}");
    }
    // What `Decimal` alone would give: a sum with one place fewer, rounded.
    let rounded = dec!(600000000000000000000000000.02)
        .checked_add(dec!(300000000000000000000000000.01))
        .unwrap();
    assert_eq!(rounded, dec!(900000000000000000000000000.0));
}

/// With few keys held in memory, the check for repeats moves them to
/// temporary files: the payroll is the same bytes, and a repeat of a row
/// whose key was moved out is the same error, found once the file is read.
#[test]
fn keys_moved_out_of_memory_still_catch_every_repeat() {
    let set = plans();
    let text = generated(3_000);
    let small = |text: &str, threads: usize| {
        let mut out = Vec::new();
        csv::stream_payroll(
            &set,
            text.as_bytes(),
            Some("in.csv"),
            &mut out,
            &StreamOptions::new().threads(threads).keys_in_memory(100),
        )
        .map(|s| (String::from_utf8(out).unwrap(), s))
    };
    let (expected, summary) = stream(&set, &text, 1).unwrap();
    for threads in [1, 2] {
        let (out, s) = small(&text, threads).unwrap();
        assert_eq!(out, expected, "{threads} threads");
        assert_eq!(s, summary);
    }
    // Rows 2,900 and 2,950 (file lines 2,901 and 2,951) repeat rows 10
    // and 20, far outside the 100 keys held: the first repeat in the file
    // is reported, as when every key is held.
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    lines[2_900] = lines[10].clone();
    lines[2_950] = lines[20].clone();
    let repeated = lines.join("\n") + "\n";
    let held = stream(&set, &repeated, 1).unwrap_err();
    assert!(held.to_string().contains("on line 11;"), "{held}");
    assert_eq!(held.details().line, Some(2_901));
    for threads in [1, 2] {
        assert_eq!(
            small(&repeated, threads).unwrap_err(),
            held,
            "{threads} threads"
        );
    }
}
