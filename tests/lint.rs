//! The plan lint: the acceptance cliffs of the retroactive plan, nothing
//! false on the other shipped plans, and each check on a plan built to
//! trip it.

use incentive::lint::{Finding, LintPolicy, Measured, PayUnit, Warning, lint};
use incentive::{Exact, Plan};
use rust_decimal_macros::dec;

use crate::{plan, plans, root};

/// The policy the `lint` example applies: at most 50% qualitative.
fn policy() -> LintPolicy {
    LintPolicy::new().with_max_qualitative_share(dec!(0.5))
}

fn cliff(
    w: &Warning,
) -> (
    Measured,
    rust_decimal::Decimal,
    Option<rust_decimal::Decimal>,
    Exact,
    Exact,
    Exact,
    Option<rust_decimal::Decimal>,
) {
    match &w.finding {
        Finding::Cliff {
            measured,
            at,
            below,
            pay_below,
            pay_at,
            jump,
            about,
            unit,
            ..
        } => {
            assert_eq!(*unit, PayUnit::Amount);
            (*measured, *at, *below, *pay_below, *pay_at, *jump, *about)
        }
        other => panic!("not a cliff: {other:?}"),
    }
}

// Acceptance: at 500,000 pay jumps from 39,999.9992 (just below, at 8%) to
// 60,000.00 (at 12%), about 20,000.00; at 750,000 from 89,999.9988 to
// 120,000.00, about 30,000.00. "Just below" is one cent below.
#[test]
fn the_retroactive_plan_has_two_cliffs_with_their_numbers() {
    let warnings = lint(&plan("account-executive-retroactive"), &policy());
    assert_eq!(warnings.len(), 2, "{warnings:#?}");
    let e = |d| Exact::from_decimal(d);

    let (measured, at, below, pay_below, pay_at, jump, about) = cliff(&warnings[0]);
    assert_eq!(measured, Measured::Actual);
    assert_eq!((at, below), (dec!(500000), Some(dec!(499999.99))));
    assert_eq!(pay_below, e(dec!(39999.9992)));
    assert_eq!(pay_at, e(dec!(60000.00)));
    assert_eq!(jump, e(dec!(20000.0008)));
    assert_eq!(about, Some(dec!(20000.00)));

    let (_, at, below, pay_below, pay_at, jump, about) = cliff(&warnings[1]);
    assert_eq!((at, below), (dec!(750000), Some(dec!(749999.99))));
    assert_eq!(pay_below, e(dec!(89999.9988)));
    assert_eq!(pay_at, e(dec!(120000.00)));
    assert_eq!(jump, e(dec!(30000.0012)));
    assert_eq!(about, Some(dec!(30000.00)));

    assert_eq!(
        warnings[0].to_string(),
        "plan `account-executive-retroactive`, component `commission`: cliff at actual 500000 \
         (100% of quota): retroactive tiers, band 2 (12%) replaces band 1 (8%) on the whole amount; \
         499999.99 pays 39999.9992, 500000 pays 60000: one more 0.01 of actual pays 20000.0008 more \
         (about 20000.00)"
    );
    assert_eq!(
        warnings[1].to_string(),
        "plan `account-executive-retroactive`, component `commission`: cliff at actual 750000 \
         (150% of quota): retroactive tiers, band 3 (16%) replaces band 2 (12%) on the whole amount; \
         749999.99 pays 89999.9988, 750000 pays 120000: one more 0.01 of actual pays 30000.0012 more \
         (about 30000.00)"
    );
}

// The engine agrees with the lint: evaluating one cent below and at the
// boundary pays what the warning says.
#[test]
fn the_cliff_is_what_the_engine_pays() {
    let p = plan("account-executive-retroactive");
    let pay = |actual| {
        let i =
            incentive::Inputs::new("x", "account-executive-retroactive").actual("bookings", actual);
        p.evaluate(&i).unwrap().line("commission").unwrap().exact
    };
    assert_eq!(pay(dec!(499999.99)), Exact::from_decimal(dec!(39999.9992)));
    assert_eq!(pay(dec!(500000)), Exact::from_decimal(dec!(60000)));
    assert_eq!(pay(dec!(749999.99)), Exact::from_decimal(dec!(89999.9988)));
    assert_eq!(pay(dec!(750000)), Exact::from_decimal(dec!(120000)));
}

// The shipped plans lint clean, except the retroactive account-executive
// plan, whose two cliffs are the point of shipping it: it is the worked
// example of why retroactive tiers are risky (see the cookbook), beside
// the marginal plan with the same bands and no cliff. The two commission
// plans (reseller, SDR) lint clean too.
#[test]
fn the_shipped_plans_lint_clean_or_explain_their_warnings() {
    let set = plans();
    assert_eq!(set.len(), 9);
    for p in set.iter() {
        let warnings = lint(p, &policy());
        let kinds: Vec<&str> = warnings.iter().map(Warning::kind).collect();
        match p.id() {
            "account-executive-retroactive" => assert_eq!(kinds, ["cliff", "cliff"]),
            _ => assert!(warnings.is_empty(), "{}: {warnings:#?}", p.id()),
        }
    }
}

fn demand_gen_with(from: &str, to: &str) -> Plan {
    let text = std::fs::read_to_string(root("plans/demand-generation.toml")).unwrap();
    assert!(text.contains(from), "{from}");
    Plan::from_toml(&text.replace(from, to)).unwrap()
}

const CURVE: &str = "points = [[0.5, 0.25], [1.0, 1.0], [1.5, 2.0]]";
const PIPELINE_RULE: &str = "curve = \"standard\"\n";

#[test]
fn a_step_table_above_its_threshold_is_a_cliff() {
    let p = demand_gen_with(
        PIPELINE_RULE,
        "target = 2000000\nsteps = [[0.9, 0.5], [1.0, 1.0], [1.2, 1.5]]\n",
    );
    let w = lint(&p, &policy());
    assert_eq!(w.len(), 2, "{w:#?}");
    // Component TI 3,750: step 2 pays 100% instead of 50% at 2,000,000.
    let (measured, at, below, pay_below, pay_at, jump, about) = cliff(&w[0]);
    assert_eq!(measured, Measured::Actual);
    assert_eq!((at, below), (dec!(2000000.0), Some(dec!(1999999.99))));
    assert_eq!(pay_below, Exact::from_decimal(dec!(1875)));
    assert_eq!(pay_at, Exact::from_decimal(dec!(3750)));
    assert_eq!(jump, Exact::from_decimal(dec!(1875)));
    assert_eq!(about, Some(dec!(1875.00)));
    assert_eq!(
        w[1].to_string(),
        "plan `demand-generation`, component `pipeline`: cliff at actual 2400000 (120% of quota): \
         step table, step 3 (150%) over step 2 (100%); 2399999.99 pays 3750, 2400000 pays 5625: \
         one more 0.01 of actual pays 1875 more (about 1875.00)"
    );
}

#[test]
fn without_a_quota_a_step_cliff_is_at_an_attainment() {
    let p = demand_gen_with(PIPELINE_RULE, "steps = [[0.9, 0.5], [1.0, 1.0]]\n");
    let w = lint(&p, &policy());
    assert_eq!(
        w[0].to_string(),
        "plan `demand-generation`, component `pipeline`: cliff at attainment 100%: step table, \
         step 2 (100%) over step 1 (50%); just below pays 1875, at it pays 3750: a jump of \
         1875 (about 1875.00)"
    );
    // With a quota from the policy, the same cliff is at an amount.
    let w = lint(&p, &policy().with_quota(dec!(2000000)));
    assert!(w[0].to_string().contains("cliff at actual 2000000"));
}

#[test]
fn marginal_tiers_have_no_cliff_and_retroactive_ones_without_a_quota_are_shares() {
    let text = std::fs::read_to_string(root("plans/account-executive-retroactive.toml")).unwrap();
    let p = Plan::from_toml(&text.replace("target = 500000\n", "")).unwrap();
    let w = lint(&p, &policy());
    assert_eq!(w.len(), 2);
    match &w[0].finding {
        Finding::Cliff {
            unit,
            pay_below,
            pay_at,
            jump,
            ..
        } => {
            assert_eq!(*unit, PayUnit::Quota);
            assert_eq!(*pay_below, Exact::from_decimal(dec!(0.08)));
            assert_eq!(*pay_at, Exact::from_decimal(dec!(0.12)));
            assert_eq!(*jump, Exact::from_decimal(dec!(0.04)));
        }
        other => panic!("{other:?}"),
    }
    // The quota from the policy gives the amounts back.
    let w = lint(&p, &policy().with_quota(dec!(500000)));
    assert_eq!(cliff(&w[0]).6, Some(dec!(20000.00)));
}

#[test]
fn a_decreasing_curve_is_reported() {
    let p = demand_gen_with(
        CURVE,
        "points = [[0.5, 0.25], [1.0, 1.0], [1.5, 0.5]]\nextrapolate = true",
    );
    let w = lint(&p, &policy());
    assert_eq!(w.len(), 1);
    assert_eq!(w[0].kind(), "decreasing");
    assert_eq!(
        w[0].to_string(),
        "plan `demand-generation`, component `pipeline`: decreasing: curve `standard` pays 100% at \
         100% but 50% at 150%; more attainment pays less, and the curve extrapolates, so pay keeps \
         falling beyond the last point"
    );
}

#[test]
fn a_scale_that_pays_less_for_a_better_rating_is_reported() {
    let p = demand_gen_with(
        "[4, \"125%\"], [5, \"150%\"]",
        "[4, \"125%\"], [5, \"100%\"]",
    );
    let w = lint(&p, &policy());
    assert_eq!(
        w[0].to_string(),
        "plan `demand-generation`, component `campaign_effectiveness`: decreasing: rating scale \
         pays 125% at 4 but 100% at 5; more rating pays less"
    );
}

#[test]
fn caps_below_target_are_reported() {
    let p = demand_gen_with(
        "curve = \"standard\"\n",
        "curve = \"standard\"\ncap = { percent_of_target = \"90%\" }\n",
    );
    let w = lint(&p, &policy());
    assert_eq!(
        w[0].to_string(),
        "plan `demand-generation`, component `pipeline`: cap below target: the cap (90% of target \
         incentive) of 3375 is below the payout at target, 3750, so a participant exactly at target is cut"
    );
    let text = std::fs::read_to_string(root("plans/demand-generation.toml")).unwrap();
    let p = Plan::from_toml(&format!("cap = {{ amount = 4000 }}\n{text}")).unwrap();
    let w = lint(&p, &policy());
    assert_eq!(
        w[0].to_string(),
        "plan `demand-generation`: cap below target: the cap (4000) of 4000 is below the payout at \
         target, 5000, so a participant exactly at target is cut"
    );
    // A cap at or above target is fine.
    let p = Plan::from_toml(&format!("cap = {{ percent_of_target = 2 }}\n{text}")).unwrap();
    assert!(lint(&p, &policy()).is_empty());
    // Retroactive tiers pay 12% of the quota at quota: 60,000, above a
    // 50,000 cap though the target incentive is 40,000.
    let text = std::fs::read_to_string(root("plans/account-executive-retroactive.toml")).unwrap();
    let p = Plan::from_toml(&format!("cap = {{ amount = 50000 }}\n{text}")).unwrap();
    let w = lint(&p, &policy());
    // The cap absorbs the second cliff and most of the first.
    let kinds: Vec<&str> = w.iter().map(Warning::kind).collect();
    assert_eq!(kinds, ["cliff", "cap-below-target"], "{w:#?}");
    assert_eq!(cliff(&w[0]).5, Exact::from_decimal(dec!(10000.0008)));
    assert_eq!(
        w[1].to_string(),
        "plan `account-executive-retroactive`: cap below target: the cap (50000) of 50000 is below \
         the payout at target, 60000, so a participant exactly at target is cut"
    );
    // The marginal plan pays 40,000 at quota: under the same cap.
    let text = std::fs::read_to_string(root("plans/account-executive-marginal.toml")).unwrap();
    let p = Plan::from_toml(&format!("cap = {{ amount = 50000 }}\n{text}")).unwrap();
    assert!(lint(&p, &policy()).is_empty());
}

#[test]
fn components_that_can_never_pay_are_reported() {
    let p = demand_gen_with(CURVE, "points = [[0.5, 0], [1.0, 0]]");
    let w = lint(&p, &policy());
    assert_eq!(
        w[0].to_string(),
        "plan `demand-generation`, component `pipeline`: never pays: curve `standard` pays 0% at every point"
    );
    // A score curve that only pays above the score's range.
    let text = std::fs::read_to_string(root("plans/sales-enablement.toml")).unwrap();
    let p = Plan::from_toml(&text.replace(
        "points = [[3.0, 0], [4.0, 1.0], [5.0, 1.5]]",
        "points = [[5.0, 0], [6.0, 1.0]]",
    ))
    .unwrap();
    let w = lint(&p, &policy());
    assert_eq!(
        w[0].to_string(),
        "plan `sales-enablement`, component `sales_satisfaction`: never pays: curve `satisfaction` \
         pays 0% at every point up to 5 (the highest score the measure can reach)"
    );
}

#[test]
fn the_qualitative_share_is_checked_against_the_policy() {
    let channel = plan("channel-marketing");
    assert!(lint(&channel, &policy()).is_empty());
    assert!(lint(&channel, &LintPolicy::new()).is_empty());
    let w = lint(
        &channel,
        &LintPolicy::new().with_max_qualitative_share(dec!(0.25)),
    );
    assert_eq!(
        w[0].to_string(),
        "plan `channel-marketing`: qualitative share: rated and scored components \
         (`partner_satisfaction`, `channel_strategy`) carry 50% of target incentive, above the policy's 25%"
    );
}

#[test]
fn warnings_serialize_with_numbers_as_strings() {
    let w = lint(&plan("account-executive-retroactive"), &policy());
    let json = serde_json::to_value(&w[0]).unwrap();
    assert_eq!(json["finding"]["kind"], "cliff");
    assert_eq!(json["finding"]["pay_below"], "39999.9992");
    assert_eq!(json["finding"]["about"], "20000.00");
    assert_eq!(json["component"], "commission");
}

mod laws {
    use incentive::lint::{Finding, LintPolicy, PayUnit, lint};
    use incentive::{Inputs, Plan};
    use proptest::prelude::*;
    use rust_decimal::Decimal;

    use crate::root;

    /// A one-component plan: retroactive tiers or a step table on
    /// attainment, with the quota in the plan.
    fn plan(steps: bool, table: &[(Decimal, Decimal)], quota: Decimal) -> Plan {
        let rows: Vec<String> = table
            .iter()
            .map(|(x, y)| format!("[\"{x}\", \"{y}\"]"))
            .collect();
        let rule = if steps {
            format!("steps = [{}]", rows.join(", "))
        } else {
            format!(
                "tiers = {{ mode = \"retroactive\", bands = [{}] }}",
                rows.join(", ")
            )
        };
        Plan::from_toml(&format!(
            "id = \"p\"\nname = \"P\"\nversion = \"1\"\ncurrency = \"USD\"\npay_period = \"quarter\"\n\
             target_incentive = {{ amount = \"10000\" }}\n[metrics.m]\n\
             [[components]]\nid = \"c\"\nname = \"C\"\nweight = 1\nmetric = \"m\"\ntarget = \"{quota}\"\n{rule}\n"
        ))
        .unwrap()
    }

    fn table() -> impl Strategy<Value = Vec<(Decimal, Decimal)>> {
        prop::collection::vec((1i64..=80, 0i64..=40), 1..5).prop_map(|rows| {
            let mut x = 0i64;
            rows.into_iter()
                .enumerate()
                .map(|(i, (dx, y))| {
                    if i > 0 {
                        x += dx;
                    }
                    (Decimal::new(x, 2), Decimal::new(y, 2))
                })
                .collect()
        })
    }

    proptest! {
        // Every cliff the lint reports is what the engine pays one cent
        // below and at the boundary, and every rise in the table above the
        // threshold is reported.
        #[test]
        fn cliffs_are_what_the_engine_pays(
            steps in any::<bool>(),
            table in table(),
            quota in (1i64..=100_000_000).prop_map(|q| Decimal::new(q, 2)),
        ) {
            let p = plan(steps, &table, quota);
            let warnings = lint(&p, &LintPolicy::default());
            let rises = table.windows(2).filter(|w| w[1].1 > w[0].1).count();
            let mut cliffs = 0;
            for w in &warnings {
                if let Finding::Cliff { unit: PayUnit::Amount, at, below: Some(below), pay_below, pay_at, jump, .. } = &w.finding {
                    cliffs += 1;
                    let pay = |actual: Decimal| {
                        let i = Inputs::new("x", "p").actual("m", actual);
                        p.evaluate(&i).unwrap().line("c").unwrap().exact
                    };
                    if *below >= Decimal::ZERO {
                        prop_assert_eq!(pay(*below), *pay_below);
                    }
                    prop_assert_eq!(pay(*at), *pay_at);
                    prop_assert!(jump.is_positive());
                }
            }
            prop_assert_eq!(cliffs, rises);
        }

        // The lint never panics on any plan that parses.
        #[test]
        fn lint_never_panics_on_mutated_plans(
            which in 0usize..6,
            position in any::<prop::sample::Index>(),
            replacement in "[-0-9a-z.%_\"\\[\\]{}=, ]{0,12}",
            quota in proptest::option::of((0i64..=1_000_000).prop_map(Decimal::from)),
        ) {
            let files = [
                "demand-generation", "product-manager", "sales-enablement",
                "channel-marketing", "account-executive-marginal", "account-executive-retroactive",
            ];
            let text = std::fs::read_to_string(root(&format!("plans/{}.toml", files[which]))).unwrap();
            let chars: Vec<char> = text.chars().collect();
            let at = position.index(chars.len());
            let end = (at + replacement.len().min(8)).min(chars.len());
            let mutated: String = chars[..at].iter().copied().chain(replacement.chars()).chain(chars[end..].iter().copied()).collect();
            if let Ok(p) = Plan::from_toml(&mutated) {
                let mut policy = LintPolicy::new().with_max_qualitative_share(Decimal::new(5, 1));
                if let Some(q) = quota {
                    policy = policy.with_quota(q).with_base_salary(q);
                }
                let _ = lint(&p, &policy);
            }
        }
    }
}

// A modifier that can zero the plan: the company-revenue modifier of the
// shared-goals issue (80% → 0.5, 100% → 1.0, 120% → 1.5), zero below 80%.
#[test]
fn flags_a_modifier_that_can_zero_the_plan() {
    let text = std::fs::read_to_string(crate::root("plans/product-manager.toml")).unwrap();
    let modifier = |below_first: &str, first: &str| {
        format!(
            "modifier = \"company\"\n{text}\n[metrics.company_revenue]\n[measures.company_revenue]\nmetric = \"company_revenue\"\n\
             [curves.company]\npoints = [[0.8, {first}], [1.0, 1.0], [1.2, 1.5]]\n\
             [modifiers.company]\nmeasure = \"company_revenue\"\ncurve = \"company\"\nbelow_first = \"{below_first}\"\n"
        )
    };
    let policy = incentive::lint::LintPolicy::new();
    let zeroing = incentive::Plan::from_toml(&modifier("zero", "0.5")).unwrap();
    let w = incentive::lint::lint(&zeroing, &policy);
    assert_eq!(w.len(), 1);
    assert_eq!(w[0].kind(), "modifier-can-zero");
    assert_eq!(
        w[0].to_string(),
        "plan `product-manager`: modifier `company` can zero the plan: below 80% attainment of `company_revenue` it multiplies the total by 0"
    );
    // Holding the first point's 0.5 below 80% never zeroes the plan...
    let floored = incentive::Plan::from_toml(&modifier("first-point", "0.5")).unwrap();
    assert!(incentive::lint::lint(&floored, &policy).is_empty());
    // ... unless the curve itself reaches 0.
    let curve_zero = incentive::Plan::from_toml(&modifier("first-point", "0")).unwrap();
    assert_eq!(
        incentive::lint::lint(&curve_zero, &policy)[0].to_string(),
        "plan `product-manager`: modifier `company` can zero the plan: its curve multiplies the total by 0 at 80% attainment of `company_revenue`"
    );
}
