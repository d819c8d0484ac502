//! Reading the files every command shares: plans, inputs and credit data.

use std::path::{Path, PathBuf};

use annotate_snippets::{Level, Renderer, Snippet};

use incentive::credit::CreditData;
use incentive::{Inputs, Plan, PlanSet};

/// An engine error as a person reads it: its message, and when it names
/// a file and line that can be read, that line with the place underlined.
pub fn render(e: &incentive::Error) -> String {
    let text = e.to_string();
    let d = e.details();
    let (Some(file), Some(line)) = (&d.file, d.line) else {
        return text;
    };
    let Ok(source) = std::fs::read_to_string(file) else {
        return text;
    };
    let Some(shown) = line.checked_sub(1).and_then(|i| source.lines().nth(i)) else {
        return text;
    };
    // A TOML column counts characters; a CSV column counts fields, so the
    // whole row is marked.
    let span = match d.column {
        Some(col) if !is_csv(Path::new(file)) => {
            let start = shown
                .char_indices()
                .nth(col.saturating_sub(1))
                .map_or(shown.len(), |(i, _)| i);
            let rest = shown.get(start..).unwrap_or("");
            let len = rest
                .find(|c: char| c.is_whitespace() || c == '=' || c == ',')
                .filter(|n| *n > 0)
                .unwrap_or(rest.len().max(1));
            start..(start + len).min(shown.len().max(start + 1))
        }
        _ => 0..shown.len(),
    };
    let kind = e.kind().to_string();
    let message = Level::Error.title("").snippet(
        Snippet::source(shown)
            .line_start(line)
            .origin(file)
            .annotation(Level::Error.span(span).label(&kind)),
    );
    let rendered = Renderer::plain().render(message).to_string();
    // The renderer's first line is its title; the message is ours.
    match rendered.split_once('\n') {
        Some((_, snippet)) => format!("{text}\n{snippet}"),
        None => text,
    }
}

/// A plan file, or every `*.toml` plan in a folder.
pub fn plans(path: &Path) -> Result<PlanSet, String> {
    if path.is_dir() {
        PlanSet::load_dir(path).map_err(|e| render(&e))
    } else {
        let mut set = PlanSet::new();
        set.insert(plan(path)?).map_err(|e| render(&e))?;
        Ok(set)
    }
}

/// One plan file.
pub fn plan(path: &Path) -> Result<Plan, String> {
    Plan::load(path).map_err(|e| render(&e))
}

/// Inputs from a TOML file (`[[participants]]`) or a CSV export (one row
/// per participant and period, its columns checked against `set`).
pub fn inputs(set: &PlanSet, path: &Path) -> Result<Vec<Inputs>, String> {
    if is_csv(path) {
        incentive::csv::load_inputs_for(set, path).map_err(|e| render(&e))
    } else {
        Inputs::load_list(path).map_err(|e| render(&e))
    }
}

/// Credit data from TOML (transactions, hierarchy, cancellations,
/// collections) or a CSV of transactions.
pub fn credit_data(path: &Path) -> Result<CreditData, String> {
    if is_csv(path) {
        incentive::csv::load_credit_data(path).map_err(|e| render(&e))
    } else {
        CreditData::load(path).map_err(|e| render(&e))
    }
}

/// Whether `path` names a CSV file.
pub fn is_csv(path: &Path) -> bool {
    path.extension()
        .is_some_and(|x| x.eq_ignore_ascii_case("csv"))
}

/// The `*.toml` plan files of a folder (sorted), or the file itself.
pub fn plan_files(path: &Path) -> Result<Vec<PathBuf>, String> {
    if !path.is_dir() {
        return Ok(vec![path.to_path_buf()]);
    }
    let read = |e: std::io::Error| format!("`{}`: {e}", path.display());
    let mut files = Vec::new();
    for entry in std::fs::read_dir(path).map_err(read)? {
        let p = entry.map_err(read)?.path();
        if p.is_file() && p.extension().is_some_and(|x| x == "toml") {
            files.push(p);
        }
    }
    files.sort();
    Ok(files)
}

/// A decimal or a percent, read exactly (`50%`, `0.5`, `400000`).
pub fn number(text: &str) -> Result<rust_decimal::Decimal, String> {
    let (body, percent) = match text.strip_suffix('%') {
        Some(b) => (b, true),
        None => (text, false),
    };
    let bad = || format!("`{text}` is not a number; give one such as 0.5, 50% or 400000");
    let mut d = rust_decimal::Decimal::from_str_exact(body.trim()).map_err(|_| bad())?;
    if percent {
        d.set_scale(d.scale() + 2).map_err(|_| bad())?;
    }
    Ok(d)
}
