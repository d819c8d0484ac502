//! `incentive lint`: checks beyond validity, each warning with its numbers.

use std::path::PathBuf;

use clap::Args;
use incentive::Plan;
use incentive::lint::{LintPolicy, lint as lint_plan};

use crate::{Outcome, files};

/// `incentive lint`.
#[derive(Debug, Args)]
pub struct LintArgs {
    /// Plan files or folders of plans.
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// Fail (exit status 1) on any warning, for CI.
    #[arg(long)]
    deny: bool,
    /// The largest share of target incentive rated or scored components may carry.
    #[arg(long, default_value = "50%")]
    max_qualitative_share: String,
    /// A quota to read commission rules at.
    #[arg(long)]
    quota: Option<String>,
    /// A base salary for plans paying a percent of base.
    #[arg(long)]
    base_salary: Option<String>,
}

/// Runs `incentive lint`: one line per plan and warning, then a summary.
pub fn lint(args: &LintArgs) -> Result<Outcome, String> {
    let mut policy =
        LintPolicy::new().with_max_qualitative_share(files::number(&args.max_qualitative_share)?);
    policy.quota = args.quota.as_deref().map(files::number).transpose()?;
    policy.base_salary = args.base_salary.as_deref().map(files::number).transpose()?;
    let mut plans = Vec::new();
    for p in &args.paths {
        plans.extend(files::plan_files(p)?);
    }
    let (mut invalid, mut warned) = (0, 0);
    for f in &plans {
        match Plan::load(f) {
            Err(e) => {
                invalid += 1;
                sayln!("{}: error: {e}", f.display());
            }
            Ok(plan) => {
                let warnings = lint_plan(&plan, &policy);
                if warnings.is_empty() {
                    sayln!("{}: ok", f.display());
                }
                for w in &warnings {
                    warned += 1;
                    sayln!("{}: warning: {w}", f.display());
                }
            }
        }
    }
    sayln!(
        "{} plans, {invalid} invalid, {warned} warnings",
        plans.len()
    );
    Ok(if invalid > 0 || args.deny && warned > 0 {
        Outcome::Failed
    } else {
        Outcome::Done
    })
}
