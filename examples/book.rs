//! The same-book benchmark as a program, for instruction counts: one mode,
//! one book, the total printed.
//!
//! ```text
//! cargo run --release --example book -- MODE N
//! valgrind --tool=callgrind --callgrind-out-file=/tmp/cg.%p target/release/examples/book MODE N
//! ```
//!
//! MODE is one of
//!
//! - `limit`: the hand-written exact loop (`i128`, one half-up division a
//!   line), the reference the engine is judged against;
//! - `values`: [`PreparedPlan::evaluate_values`] with one reused `Payout`;
//! - `inputs`: [`PreparedPlan::evaluate_into`] on `Inputs` built beforehand;
//! - `explained`: [`PreparedPlan::statement`], fully explained;
//! - `general`: [`Plan::evaluate`], the general engine;
//! - `setup`: draws the rows and parses and prepares the plan, nothing
//!   else (as does any mode with N = 0);
//! - `all`: every mode above on the same rows, asserting equal totals.
//!
//! The book is the one of the design notes ("The same-book benchmark"):
//! the product-manager plan inline and N rows from xorshift64, seed 7
//! (`examples/book/common.rs`, shared with `benches/same_book.rs`). The rows
//! (and the values or `Inputs` a mode reads) are built before the measured
//! loop, which is the one `measure` function, so that an instruction count
//! of N rows less one of 0 rows, over N, is the cost of a statement plus
//! that of building its row; `--toggle-collect='book::measure'` counts the
//! loop alone. For N = 1,000,000 every mode must print
//! 5742039800.94 (asserted).
//!
//! Exit status 0 on success, 1 on an engine error or a wrong total, 2 on
//! bad usage.

#[path = "book/common.rs"]
mod common;

use std::hint::black_box;
use std::process::ExitCode;

use incentive::{Payout, Plan, PreparedPlan};
use rust_decimal::Decimal;

use common::Row;

fn usage() -> ExitCode {
    eprintln!("usage: book limit|values|inputs|explained|general|setup|all N");
    ExitCode::from(2)
}

/// The exact total of the first 1,000,000 rows, in cents (the design
/// notes' figure).
const TOTAL_1M_CENTS: i128 = 574_203_980_094;

/// The modes that evaluate the book.
const MODES: [&str; 5] = ["limit", "values", "inputs", "explained", "general"];

/// What a mode reads, built before it is measured.
enum Book {
    Limit(Vec<Row>),
    Values(PreparedPlan, Vec<Decimal>, Payout),
    Inputs(PreparedPlan, Vec<incentive::Inputs>, Payout),
    Explained(PreparedPlan, Vec<incentive::Inputs>),
    General(Plan, Vec<incentive::Inputs>),
}

fn setup(mode: &str, rows: Vec<Row>, plan: Plan) -> Option<Book> {
    let prepared = plan.prepare();
    Some(match mode {
        "limit" => Book::Limit(rows),
        "values" => {
            let values = common::values(&prepared, &rows);
            let out = prepared.payout();
            Book::Values(prepared, values, out)
        }
        "inputs" => {
            let out = prepared.payout();
            Book::Inputs(prepared, common::inputs(&rows), out)
        }
        "explained" => Book::Explained(prepared, common::inputs(&rows)),
        "general" => Book::General(plan, common::inputs(&rows)),
        _ => return None,
    })
}

/// The measured loop: one mode over the whole book.
#[inline(never)]
fn measure(book: &mut Book) -> incentive::Result<Decimal> {
    match book {
        Book::Limit(rows) => Ok(common::cents(common::limit(black_box(rows)))),
        Book::Values(p, values, out) => common::by_values(p, black_box(values), out),
        Book::Inputs(p, inputs, out) => common::by_inputs(p, black_box(inputs), out),
        Book::Explained(p, inputs) => common::explained(p, black_box(inputs)),
        Book::General(plan, inputs) => common::general(plan, black_box(inputs)),
    }
}

/// Runs `mode` over `rows` and returns its total.
fn run(mode: &str, rows: Vec<Row>, plan: Plan) -> Result<Decimal, String> {
    let mut book = setup(mode, rows, plan).ok_or_else(|| format!("unknown mode `{mode}`"))?;
    measure(&mut book).map_err(|e| format!("{mode}: {e}"))
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [mode, n] = args.as_slice() else {
        return usage();
    };
    let Ok(n) = n.parse::<usize>() else {
        return usage();
    };
    if !matches!(mode.as_str(), "setup" | "all") && !MODES.contains(&mode.as_str()) {
        return usage();
    }
    let plan = match common::plan() {
        Ok(p) => p,
        Err(e) => {
            eprintln!("book: the plan does not parse: {e}");
            return ExitCode::FAILURE;
        }
    };
    let rows = common::book(n);
    if mode == "setup" || n == 0 {
        let prepared = plan.prepare();
        black_box((&rows, &prepared));
        println!(
            "setup: {} rows, {} fields",
            rows.len(),
            prepared.fields().len()
        );
        return ExitCode::SUCCESS;
    }
    let modes: Vec<&str> = if mode == "all" {
        MODES.to_vec()
    } else {
        vec![mode.as_str()]
    };
    let mut totals = Vec::new();
    for m in modes {
        match run(m, rows.clone(), plan.clone()) {
            Ok(total) => {
                println!("{m}: {n} statements, total {total:.2}");
                totals.push(total);
            }
            Err(e) => {
                eprintln!("book: {e}");
                return ExitCode::FAILURE;
            }
        }
    }
    if totals.windows(2).any(|w| w.first() != w.last()) {
        eprintln!("book: the modes disagree");
        return ExitCode::FAILURE;
    }
    let expected = common::cents(TOTAL_1M_CENTS);
    if n == 1_000_000 && totals.iter().any(|t| *t != expected) {
        eprintln!("book: the total of 1,000,000 rows must be {expected}");
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}
