//! Lints plan files: checks beyond validity (cliffs, decreasing rules, caps
//! below target, components that never pay, the qualitative share), each
//! warning with the numbers.
//!
//! ```text
//! cargo run --example lint -- plans/                       # every *.toml in a folder
//! cargo run --example lint -- plans/demand-generation.toml # or given files
//! cargo run --example lint -- --deny plans/                # exit 1 on any warning (for CI)
//! cargo run --example lint -- --max-qualitative-share 25% --quota 400000 plans/
//! ```
//!
//! The qualitative share limit defaults to 50%. Exit status 0 when every
//! plan is valid (and, with `--deny`, has no warning), 1 otherwise, 2 on
//! bad usage.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use incentive::Plan;
use incentive::lint::{LintPolicy, lint};
use rust_decimal::Decimal;

fn usage() -> ExitCode {
    eprintln!(
        "usage: lint [--deny] [--max-qualitative-share PERCENT] [--quota AMOUNT] [--base-salary AMOUNT] PLAN_FILE_OR_FOLDER..."
    );
    ExitCode::from(2)
}

/// A decimal or percent, read exactly (`50%`, `0.5`, `400000`).
fn number(text: &str) -> Option<Decimal> {
    let (body, percent) = match text.strip_suffix('%') {
        Some(b) => (b, true),
        None => (text, false),
    };
    let mut d = Decimal::from_str_exact(body).ok()?;
    if percent {
        d.set_scale(d.scale() + 2).ok()?;
    }
    Some(d)
}

fn plan_files(path: &Path) -> std::io::Result<Vec<PathBuf>> {
    if !path.is_dir() {
        return Ok(vec![path.to_path_buf()]);
    }
    let mut files = Vec::new();
    for entry in std::fs::read_dir(path)? {
        let p = entry?.path();
        if p.is_file() && p.extension().is_some_and(|x| x == "toml") {
            files.push(p);
        }
    }
    files.sort();
    Ok(files)
}

fn main() -> ExitCode {
    let mut policy = LintPolicy::new().with_max_qualitative_share(Decimal::new(5, 1));
    let mut deny = false;
    let mut paths = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let mut value = |set: &mut dyn FnMut(Decimal)| match args.next().as_deref().and_then(number)
        {
            Some(d) => {
                set(d);
                true
            }
            None => false,
        };
        let ok = match a.as_str() {
            "--deny" => {
                deny = true;
                true
            }
            "--max-qualitative-share" => value(&mut |d| policy.max_qualitative_share = Some(d)),
            "--quota" => value(&mut |d| policy.quota = Some(d)),
            "--base-salary" => value(&mut |d| policy.base_salary = Some(d)),
            s if s.starts_with('-') => false,
            _ => {
                paths.push(PathBuf::from(&a));
                true
            }
        };
        if !ok {
            return usage();
        }
    }
    if paths.is_empty() {
        return usage();
    }
    let mut files = Vec::new();
    for p in &paths {
        match plan_files(p) {
            Ok(f) => files.extend(f),
            Err(e) => {
                eprintln!("error: `{}`: {e}", p.display());
                return ExitCode::FAILURE;
            }
        }
    }
    let (mut invalid, mut warned) = (0, 0);
    for f in &files {
        match Plan::load(f) {
            Err(e) => {
                invalid += 1;
                println!("{}: error: {e}", f.display());
            }
            Ok(plan) => {
                let warnings = lint(&plan, &policy);
                if warnings.is_empty() {
                    println!("{}: ok", f.display());
                }
                for w in &warnings {
                    warned += 1;
                    println!("{}: warning: {w}", f.display());
                }
            }
        }
    }
    println!(
        "{} plans, {invalid} invalid, {warned} warnings",
        files.len()
    );
    if invalid > 0 || (deny && warned > 0) {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}
