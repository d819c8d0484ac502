//! Ratings as labels and weighted scores (issue 12, items 7 and 8): a
//! scale of named ratings mapped to payouts, a gate on a rated component's
//! label, and a rule applied to the weighted sum of several ratings (an
//! MBO score). Each is a rule of the compiled program, explained on the
//! statement, and paid the same by every route.

use incentive::simulate::{Distribution, Field, Vary};
use incentive::statement::{AdjustmentDetail, MeasureTrace, RuleTrace};
use incentive::year::Calendar;
use incentive::{
    Assignment, Error, ErrorDetails, Explain, Inputs, Plan, PlanBook, PlanSet, Simulation,
    YearInputs, YearState, lint, what_if,
};
use proptest::prelude::*;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

// ---------------------------------------------------------------------------
// The plans of the worked examples.

/// Issue 12, "label gate": scale `below` 0%, `meets` 100%, `exceeds` 125%,
/// `outstanding` 150%; the plan pays only if `performance` is `meets` or
/// better. TI 10,000 a year: revenue 60% on a linear curve against a
/// target of 1,000,000, performance 40% on the labelled scale.
const LABEL_GATE: &str = r#"id = "label-gate"
name = "Bonus at meets or better"
version = "2026.1"
currency = "USD"
pay_period = "year"
target_incentive = { amount = 10000 }
gate = "meets_or_better"

[metrics.revenue]

[curves.linear]
points = [[0, 0], [1, 1], [2, 2]]

[scales.performance]
labels = [["below", "0%"], ["meets", "100%"], ["exceeds", "125%"], ["outstanding", "150%"]]

[gates.meets_or_better]
rating = "performance"
in = ["meets", "exceeds", "outstanding"]

[[components]]
id = "revenue"
name = "Revenue"
weight = "60%"
metric = "revenue"
target = 1000000
curve = "linear"

[[components]]
id = "performance"
name = "Performance"
weight = "40%"
rating = "performance"
"#;

/// Issue 12, "weighted score": component TI 2,000; objectives weighted
/// 40/30/30; score curve 3.0 → 50%, 4.0 → 100%, 5.0 → 150%.
const MBO: &str = r#"id = "mbo"
name = "Objectives"
version = "2026.1"
currency = "USD"
pay_period = "year"
target_incentive = { amount = 2000 }

[curves.score]
points = [[3, "50%"], [4, "100%"], [5, "150%"]]

[[components]]
id = "objectives"
name = "Objectives"
weight = "100%"
score = { min = 1, max = 5, of = [["objective_a", "40%"], ["objective_b", "30%"], ["objective_c", "30%"]] }
curve = "score"
"#;

fn label_gate() -> Plan {
    Plan::from_toml(LABEL_GATE).unwrap()
}

fn mbo() -> Plan {
    Plan::from_toml(MBO).unwrap()
}

fn rated(label: &str) -> Inputs {
    Inputs::new("ana", "label-gate")
        .actual("revenue", dec!(1100000))
        .label("performance", label)
}

fn objectives(a: Decimal, b: Decimal, c: Decimal) -> Inputs {
    Inputs::new("obi", "mbo")
        .rating("objective_a", a)
        .rating("objective_b", b)
        .rating("objective_c", c)
}

// ---------------------------------------------------------------------------
// The worked examples.

// Issue 12: "label gate | `below` → total 0.00, the gate's trace on the
// statement".
#[test]
fn below_meets_pays_nothing_and_the_gate_says_why() {
    let s = label_gate().evaluate(&rated("below")).unwrap();
    assert_eq!(s.total(), dec!(0.00));
    // The lines pay as their rules say; the plan gate takes it all back.
    assert_eq!(s.line("revenue").unwrap().amount, dec!(6600.00));
    assert_eq!(s.line("performance").unwrap().amount, dec!(0.00));
    let gate = &s.adjustments[0];
    assert_eq!(gate.kind, "plan-gate");
    assert_eq!(gate.amount, dec!(-6600.00));
    let Some(AdjustmentDetail::LabelGate(t)) = &gate.detail else {
        panic!("{:?}", gate.detail)
    };
    assert!(!t.held);
    assert_eq!(t.label, "below");
    assert_eq!(
        gate.to_string(),
        "gate `meets_or_better` failed: `performance` is rated `below`, not one of `meets`, `exceeds`, `outstanding`: -6600.00"
    );
    let line = s.line("performance").unwrap();
    assert_eq!(
        line.measure,
        MeasureTrace::Label {
            scale: "performance".into(),
            label: "below".into()
        }
    );
    let text = s.to_string();
    assert!(
        text.contains("     label `below` on scale `performance`\n"),
        "{text}"
    );
    assert!(
        text.contains("     scale `below` → 0%: pays 0% of target incentive = 0\n"),
        "{text}"
    );
    assert!(text.contains("\ntotal 0.00 USD"), "{text}");
}

// Issue 12: "label gate | `exceeds` → paid as usual".
#[test]
fn exceeds_is_paid_as_usual() {
    let s = label_gate().evaluate(&rated("exceeds")).unwrap();
    // 110% × 6,000 + 125% × 4,000.
    assert_eq!(s.line("revenue").unwrap().amount, dec!(6600.00));
    assert_eq!(s.line("performance").unwrap().amount, dec!(5000.00));
    assert_eq!(s.total(), dec!(11600.00));
    assert_eq!(
        s.line("performance").unwrap().rule,
        RuleTrace::Label {
            label: "exceeds".into(),
            pays: dec!(1.25)
        }
    );
    let gate = &s.adjustments[0];
    assert_eq!(gate.amount, dec!(0.00));
    assert_eq!(
        gate.description,
        "gate `meets_or_better` held: `performance` is rated `exceeds`, one of `meets`, `exceeds`, `outstanding`"
    );
    let json = serde_json::to_value(&s).unwrap();
    assert_eq!(json["lines"][1]["measure"]["kind"], "label");
    assert_eq!(json["lines"][1]["measure"]["label"], "exceeds");
    assert_eq!(json["lines"][1]["rule"]["pays"], "1.25");
    assert_eq!(json["adjustments"][0]["detail"]["kind"], "label-gate");
    assert_eq!(json["adjustments"][0]["detail"]["held"], true);
}

// Issue 12: "weighted score | objectives weighted 40/30/30 rated 4, 3 and
// 4 | score 3.7 → 85% → 1,700.00".
#[test]
fn an_mbo_score_of_three_objectives_pays_1700() {
    let s = mbo()
        .evaluate(&objectives(dec!(4), dec!(3), dec!(4)))
        .unwrap();
    assert_eq!(s.total(), dec!(1700.00));
    let line = s.line("objectives").unwrap();
    assert_eq!(line.factor.to_decimal(), Some(dec!(0.85)));
    let MeasureTrace::WeightedScore { parts, score, .. } = &line.measure else {
        panic!("{:?}", line.measure)
    };
    assert_eq!(score.to_decimal(), Some(dec!(3.7)));
    let shown: Vec<(&str, Decimal, Decimal)> = parts
        .iter()
        .map(|p| (p.part.as_str(), p.rating, p.weight))
        .collect();
    assert_eq!(
        shown,
        [
            ("objective_a", dec!(4), dec!(0.40)),
            ("objective_b", dec!(3), dec!(0.30)),
            ("objective_c", dec!(4), dec!(0.30)),
        ]
    );
    let text = s.to_string();
    assert!(
        text.contains(
            "     weighted score 3.7 (range 1 to 5) = `objective_a` 4 × 40% + `objective_b` 3 × 30% + `objective_c` 4 × 30%\n"
        ),
        "{text}"
    );
    assert!(
        text.contains(
            "     curve `score` between 3 → 50% and 4 → 100%: pays 85% of target incentive = 1700\n"
        ),
        "{text}"
    );
    let json = serde_json::to_value(&s).unwrap();
    assert_eq!(json["lines"][0]["measure"]["kind"], "weighted-score");
    assert_eq!(json["lines"][0]["measure"]["score"], "3.7");
    assert_eq!(
        json["lines"][0]["measure"]["parts"][1]["part"],
        "objective_b"
    );
}

// ---------------------------------------------------------------------------
// Every route pays the same.

/// What a route paid: line amounts and total, or the kind of error.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Outcome {
    Paid(Vec<Decimal>, Decimal),
    Plan,
    Input,
    Other(String),
}

fn outcome_of_error(e: &Error) -> Outcome {
    match e {
        Error::Plan(_) => Outcome::Plan,
        Error::Input(_) => Outcome::Input,
        other => Outcome::Other(other.to_string()),
    }
}

fn of<T>(r: Result<T, Error>, f: impl FnOnce(T) -> Outcome) -> Outcome {
    r.map_or_else(|e| outcome_of_error(&e), f)
}

/// Every route: `Plan::evaluate`, `evaluate_into`, the values row, a
/// batch with and without explanations, a plan year of one full period
/// and a one-trial simulation that draws nothing.
fn routes(plan: &Plan, inputs: &Inputs) -> Vec<(&'static str, Outcome)> {
    let prepared = plan.prepare();
    let paid = |s: &incentive::Statement| {
        Outcome::Paid(s.lines.iter().map(|l| l.amount).collect(), s.total())
    };
    let payout = |p: &incentive::Payout| {
        Outcome::Paid(p.lines().iter().map(|l| l.amount).collect(), p.total())
    };
    let evaluated = plan.evaluate(inputs);
    if let Ok(s) = &evaluated {
        crate::roundtrip::round_trip(s);
    }
    let mut out = vec![("Plan::evaluate", of(evaluated, |s| paid(&s)))];
    let mut buf = prepared.payout();
    out.push((
        "evaluate_into",
        of(prepared.evaluate_into(inputs, &mut buf), |()| payout(&buf)),
    ));
    let mut buf = prepared.payout();
    let values = prepared
        .values(inputs)
        .and_then(|row| prepared.evaluate_values(inputs.participant(), &row, &mut buf));
    out.push(("values", of(values, |()| payout(&buf))));
    for (name, explain) in [("batch-skip", Explain::Skip), ("batch-full", Explain::Full)] {
        let batch = prepared.batch(std::slice::from_ref(inputs), explain);
        out.push((
            name,
            of(batch, |b| match b.statements().first() {
                Some(s) => paid(s),
                None => Outcome::Paid(b.components().iter().map(|(_, v)| *v).collect(), b.total()),
            }),
        ));
    }
    out.push(("plan-year", plan_year(plan, inputs)));
    let mut set = PlanSet::new();
    set.insert(plan.clone()).unwrap();
    let people = [inputs.clone()];
    let sim = Simulation::new(&set, &people)
        .trials(1)
        .seed(3)
        .run_serial();
    out.push((
        "simulation",
        of(sim, |r| {
            Outcome::Paid(
                r.by_component.iter().map(|(_, _, v)| *v).collect(),
                r.mean_cost,
            )
        }),
    ));
    out
}

/// The participant in the plan for the whole of 2026: its one period
/// pays what a single statement pays.
fn plan_year(plan: &Plan, inputs: &Inputs) -> Outcome {
    let run = || -> Result<Outcome, Error> {
        let calendar = Calendar::new(plan.year().fiscal_start_month, plan.pay_period())?;
        let year = calendar.plan_year(2026)?;
        let first = year.periods().first().unwrap();
        let mut data = Inputs::new(inputs.participant(), inputs.plan()).with_period(first.label());
        for (k, v) in inputs.actuals() {
            data = data.actual(k.clone(), *v);
        }
        for (k, v) in inputs.ratings() {
            data = data.rating(k.clone(), *v);
        }
        for (k, v) in inputs.labels() {
            data = data.label(k.clone(), v.clone());
        }
        let mut book = PlanBook::new();
        book.insert(plan.clone())?;
        let year_inputs = YearInputs::new(inputs.participant(), 2026)
            .assign(Assignment::new(plan.id(), first.start()))
            .period(data);
        let (period, _) = book.evaluate_period(&year_inputs, first.label(), &YearState::new())?;
        Ok(Outcome::Paid(
            period.lines.iter().map(|l| l.earned).collect(),
            period.total,
        ))
    };
    run().unwrap_or_else(|e| outcome_of_error(&e))
}

#[track_caller]
fn assert_every_route(plan: &Plan, inputs: &Inputs, want: &Outcome) {
    let wrong: Vec<String> = routes(plan, inputs)
        .into_iter()
        .filter(|(_, o)| o != want)
        .map(|(name, o)| format!("  {name}: {o:?}"))
        .collect();
    assert!(
        wrong.is_empty(),
        "every route must give {want:?}; these do not:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn every_route_pays_the_worked_examples() {
    let plan = label_gate();
    assert_every_route(
        &plan,
        &rated("below"),
        &Outcome::Paid(vec![dec!(6600.00), dec!(0.00)], dec!(0.00)),
    );
    assert_every_route(
        &plan,
        &rated("exceeds"),
        &Outcome::Paid(vec![dec!(6600.00), dec!(5000.00)], dec!(11600.00)),
    );
    assert_every_route(
        &mbo(),
        &objectives(dec!(4), dec!(3), dec!(4)),
        &Outcome::Paid(vec![dec!(1700.00)], dec!(1700.00)),
    );
}

#[test]
fn every_route_refuses_the_same_bad_inputs() {
    let plan = label_gate();
    // An unknown label, a missing one, a number for a labelled component.
    assert_every_route(&plan, &rated("great"), &Outcome::Input);
    let missing = Inputs::new("ana", "label-gate").actual("revenue", dec!(1100000));
    assert_every_route(&plan, &missing, &Outcome::Input);
    let as_number = missing.clone().rating("performance", dec!(3));
    assert_every_route(&plan, &as_number, &Outcome::Input);
    let mbo = mbo();
    // A part off the range, a part missing, the score itself given.
    assert_every_route(
        &mbo,
        &objectives(dec!(4), dec!(6), dec!(4)),
        &Outcome::Input,
    );
    let two = Inputs::new("obi", "mbo")
        .rating("objective_a", dec!(4))
        .rating("objective_b", dec!(3));
    assert_every_route(&mbo, &two, &Outcome::Input);
    let whole = Inputs::new("obi", "mbo").rating("objectives", dec!(3.7));
    assert_every_route(&mbo, &whole, &Outcome::Input);
}

// A component gate on another component's label, and a labelled
// component paid under an attainment gate: the line carries the trace.
#[test]
fn a_component_gate_on_a_label_is_on_its_line() {
    let text = LABEL_GATE
        .replace("gate = \"meets_or_better\"\n", "")
        .replace(
            "curve = \"linear\"\n",
            "curve = \"linear\"\ngate = \"meets_or_better\"\n",
        );
    let plan = Plan::from_toml(&text).unwrap();
    let s = plan.evaluate(&rated("below")).unwrap();
    let revenue = s.line("revenue").unwrap();
    assert_eq!(revenue.amount, dec!(0.00));
    let gate = revenue.label_gate.as_deref().unwrap();
    assert!(!gate.held);
    assert!(revenue.gate.is_none());
    assert!(s.adjustments.is_empty());
    let json = serde_json::to_value(&s).unwrap();
    assert_eq!(json["lines"][0]["label_gate"]["label"], "below");
    assert_eq!(json["lines"][0]["label_gate"]["held"], false);
    assert!(json["lines"][1].get("label_gate").is_none());
    assert!(s.to_string().contains(
        "     gate `meets_or_better` failed: `performance` is rated `below`, not one of `meets`, `exceeds`, `outstanding`\n"
    ));
    assert_every_route(
        &plan,
        &rated("outstanding"),
        &Outcome::Paid(vec![dec!(6600.00), dec!(6000.00)], dec!(12600.00)),
    );
    assert_every_route(
        &plan,
        &rated("below"),
        &Outcome::Paid(vec![dec!(0.00), dec!(0.00)], dec!(0.00)),
    );
}

// A plan year measuring both year to date: each period's labels and part
// ratings reach the year-to-date measurement, which pays what the year
// earns minus what was paid.
#[test]
fn a_plan_year_measures_labels_and_parts_year_to_date() {
    let plan = Plan::from_toml(
        r#"id = "mbo-ytd"
name = "Objectives, year to date"
version = "2026.1"
currency = "USD"
pay_period = "quarter"
target_incentive = { amount = 2000 }

[curves.score]
points = [[3, "50%"], [4, "100%"], [5, "150%"]]

[scales.review]
labels = [["below", "0%"], ["meets", "100%"], ["exceeds", "125%"]]

[gates.meets]
rating = "performance"
in = ["meets", "exceeds"]

[[components]]
id = "objectives"
name = "Objectives"
weight = "50%"
score = { min = 1, max = 5, of = [["objective_a", "40%"], ["objective_b", "30%"], ["objective_c", "30%"]] }
curve = "score"
measurement = "ytd"
gate = "meets"

[[components]]
id = "performance"
name = "Performance"
weight = "50%"
rating = "review"
measurement = "ytd"
"#,
    )
    .unwrap();
    let mut book = PlanBook::new();
    book.insert(plan).unwrap();
    let quarter = |q: u32, b: Decimal, label: &str| {
        Inputs::new("obi", "mbo-ytd")
            .with_period(format!("2026-Q{q}"))
            .rating("objective_a", dec!(4))
            .rating("objective_b", b)
            .rating("objective_c", dec!(4))
            .label("performance", label)
    };
    let year = YearInputs::new("obi", 2026)
        .assign(Assignment::new("mbo-ytd", "2026-01-01".parse().unwrap()))
        .period(quarter(1, dec!(3), "exceeds"))
        .period(quarter(2, dec!(4), "meets"));
    let state = YearState::new();
    let (q1, state) = book.evaluate_period(&year, "2026-Q1", &state).unwrap();
    // 85% and 125% of 1,000.00 each.
    let paid = |p: &incentive::PeriodStatement| -> Vec<Decimal> {
        p.lines.iter().map(|l| l.amount).collect()
    };
    assert_eq!(paid(&q1), [dec!(850.00), dec!(1250.00)]);
    // The year to date: 100% of 2,000.00 each, less what Q1 paid.
    let (q2, _) = book.evaluate_period(&year, "2026-Q2", &state).unwrap();
    assert_eq!(paid(&q2), [dec!(1150.00), dec!(750.00)]);
    assert_eq!(q2.total, dec!(1900.00));
}

// ---------------------------------------------------------------------------
// The values route: a label is its position on the scale.

#[test]
fn a_label_is_its_position_in_a_row_of_values() {
    let prepared = label_gate().prepare();
    assert_eq!(
        prepared.fields(),
        &[
            Field::Actual("revenue".into()),
            Field::Target("revenue".into()),
            Field::Label("performance".into()),
        ]
    );
    assert_eq!(prepared.fields()[2].to_string(), "labels.performance");
    let row = prepared.values(&rated("outstanding")).unwrap();
    assert_eq!(row, [dec!(1100000), dec!(1000000), dec!(4)]);
    let mut out = prepared.payout();
    prepared.evaluate_values("ana", &row, &mut out).unwrap();
    assert_eq!(out.total(), dec!(12600.00));
    // Back to inputs: the position gives the label.
    let back = prepared.inputs_from_values("ana", &row);
    assert_eq!(back.labels()["performance"], "outstanding");

    // A position off the scale is refused, never read as a label.
    for off in [dec!(0), dec!(5), dec!(2.5), dec!(-1)] {
        let row = [dec!(1100000), dec!(1000000), off];
        let err = prepared.evaluate_values("ana", &row, &mut out).unwrap_err();
        assert_eq!(
            *err.details(),
            ErrorDetails {
                participant: Some("ana".into()),
                plan: Some("label-gate".into()),
                component: Some("performance".into()),
                field: Some("labels.performance".into()),
                message: format!(
                    "label position {off} is not on the scale of component `performance`; a label is its position on the scale, from 1 (`below`) to 4 (`outstanding`)"
                ),
                kind: Some(incentive::ErrorKind::OffScale),
                ..ErrorDetails::default()
            }
        );
        // Its inputs name no label of the scale either.
        let inputs = prepared.inputs_from_values("ana", &row);
        assert!(label_gate().evaluate(&inputs).is_err());
    }
}

#[test]
fn the_parts_of_a_weighted_score_are_columns_of_their_own() {
    let prepared = mbo().prepare();
    assert_eq!(
        prepared.fields(),
        &[
            Field::Rating("objective_a".into()),
            Field::Rating("objective_b".into()),
            Field::Rating("objective_c".into()),
        ]
    );
    let mut out = prepared.payout();
    prepared
        .evaluate_values("obi", &[dec!(5), dec!(5), dec!(5)], &mut out)
        .unwrap();
    assert_eq!(out.total(), dec!(3000.00));
    assert!(out.lines()[0].at_cap);
}

// ---------------------------------------------------------------------------
// Errors name the file, component and field.

#[test]
fn a_gate_naming_a_label_the_scale_lacks_is_a_plan_error() {
    let text = LABEL_GATE.replace(
        "in = [\"meets\", \"exceeds\", \"outstanding\"]",
        "in = [\"meets\", \"exceeds\", \"excellent\"]",
    );
    let err = Plan::from_toml_named(&text, "label-gate.toml").unwrap_err();
    assert!(matches!(err, Error::Plan(_)));
    assert_eq!(
        *err.details(),
        ErrorDetails {
            file: Some("label-gate.toml".into()),
            line: Some(19),
            column: Some(1),
            plan: Some("label-gate".into()),
            component: Some("performance".into()),
            field: Some("gates.meets_or_better.in".into()),
            message: "label `excellent` is not on scale `performance`, which component `performance` is rated on; its labels are `below`, `meets`, `exceeds`, `outstanding`".into(),
            ..ErrorDetails::default()
        }
    );
}

/// The message names the scale, which need not be named as the component.
#[test]
fn an_unknown_label_names_the_scale_not_the_component() {
    let text = LABEL_GATE
        .replace("[scales.performance]", "[scales.review]")
        .replace(
            "weight = \"40%\"\nrating = \"performance\"",
            "weight = \"40%\"\nrating = \"review\"",
        );
    let plan = Plan::from_toml(&text).unwrap();
    let message = "`great` is not a label of scale `review`; its labels are `below`, `meets`, `exceeds`, `outstanding`";
    let err = plan.evaluate(&rated("great")).unwrap_err();
    assert_eq!(err.details().message, message);
    assert_eq!(err.details().component.as_deref(), Some("performance"));
    let err = plan.prepare().values(&rated("great")).unwrap_err();
    assert_eq!(err.details().message, message);
}

#[test]
fn an_unknown_label_in_the_inputs_lists_the_valid_labels() {
    let err = label_gate().evaluate(&rated("great")).unwrap_err();
    assert!(matches!(err, Error::Input(_)));
    assert_eq!(
        *err.details(),
        ErrorDetails {
            participant: Some("ana".into()),
            plan: Some("label-gate".into()),
            component: Some("performance".into()),
            field: Some("labels.performance".into()),
            message: "`great` is not a label of scale `performance`; its labels are `below`, `meets`, `exceeds`, `outstanding`".into(),
            ..ErrorDetails::default()
        }
    );
    // The values route says the same.
    let err = label_gate().prepare().values(&rated("great")).unwrap_err();
    assert_eq!(err.details().field.as_deref(), Some("labels.performance"));
    assert_eq!(err.details().participant.as_deref(), Some("ana"));
}

#[test]
fn weights_of_a_weighted_score_must_add_up_to_100() {
    let text = MBO.replace("[\"objective_c\", \"30%\"]", "[\"objective_c\", \"20%\"]");
    let err = Plan::from_toml_named(&text, "mbo.toml").unwrap_err();
    assert!(matches!(err, Error::Plan(_)));
    assert_eq!(
        *err.details(),
        ErrorDetails {
            file: Some("mbo.toml".into()),
            line: Some(15),
            column: Some(29),
            plan: Some("mbo".into()),
            component: Some("objectives".into()),
            field: Some("score.of".into()),
            message: "the parts' weights sum to 90% (`objective_a` 40% + `objective_b` 30% + `objective_c` 20%); they must sum to exactly 100%".into(),
            ..ErrorDetails::default()
        }
    );
}

/// The message of loading `text`, which must fail as a plan error, and
/// its component and field.
fn plan_error(text: &str) -> (Option<String>, Option<String>, String) {
    let err = Plan::from_toml(text).unwrap_err();
    assert!(matches!(err, Error::Plan(_)), "{err}");
    let d = err.details().clone();
    (d.component, d.field, d.message)
}

#[test]
fn labelled_scales_and_label_gates_are_checked() {
    let cases: Vec<(String, Option<&str>, &str, &str)> = vec![
        (
            LABEL_GATE.replace("labels = [[\"below\"", "min = 1\nlabels = [[\"below\""),
            None,
            "scales.performance.min",
            "`min` does not apply to a labelled scale, whose `labels` are its ratings; give either `labels` or `min`, `max` and `ratings`",
        ),
        (
            LABEL_GATE.replace("[\"exceeds\", \"125%\"]", "[\"meets\", \"125%\"]"),
            None,
            "scales.performance.labels",
            "label `meets` appears twice; each label may appear once",
        ),
        (
            LABEL_GATE.replace("[\"below\", \"0%\"]", "[\" below\", \"0%\"]"),
            None,
            "scales.performance.labels",
            "label 1 is ` below`; a label is non-empty text with no spaces around it",
        ),
        (
            LABEL_GATE.replace("[\"below\", \"0%\"]", "[\"below\", \"-10%\"]"),
            None,
            "scales.performance.labels",
            "label `below` pays -0.10; a payout must be 0 or more",
        ),
        (
            LABEL_GATE.replace(
                "labels = [[\"below\", \"0%\"], [\"meets\", \"100%\"], [\"exceeds\", \"125%\"], [\"outstanding\", \"150%\"]]",
                "max = 5\nratings = [[1, 0], [5, 1]]",
            ),
            None,
            "scales.performance",
            "missing `min`: a numeric scale gives `min`, `max` and `ratings`; a labelled scale gives `labels` instead",
        ),
        (
            LABEL_GATE.replace("rating = \"performance\"\nin", "rating = \"revenue\"\nin"),
            None,
            "gates.meets_or_better.rating",
            "`revenue` is not a component rated on a labelled scale; a gate on a `rating` reads the label of `performance`",
        ),
        (
            LABEL_GATE.replace("in = [\"meets\", \"exceeds\", \"outstanding\"]", "in = []"),
            Some("performance"),
            "gates.meets_or_better.in",
            "`in` lists no label, so the gate could never hold; list the labels that let it hold, of `below`, `meets`, `exceeds`, `outstanding`",
        ),
        (
            LABEL_GATE.replace(
                "in = [\"meets\", \"exceeds\", \"outstanding\"]",
                "in = [\"meets\", \"meets\"]",
            ),
            Some("performance"),
            "gates.meets_or_better.in",
            "label `meets` appears twice in `in`; list each label once",
        ),
        (
            LABEL_GATE.replace("in = [\"meets\", \"exceeds\", \"outstanding\"]\n", ""),
            None,
            "gates.meets_or_better",
            "a gate on a `rating` needs `in`, the labels that let it hold, such as `in = [\"meets\", \"exceeds\"]`; the labels of scale `performance` are `below`, `meets`, `exceeds`, `outstanding`",
        ),
        (
            LABEL_GATE.replace("rating = \"performance\"\nin", "rating = \"performance\"\nat_least = 1\nin"),
            None,
            "gates.meets_or_better.at_least",
            "`at_least` applies to a gate on a `measure`; a gate on a `rating` lists the labels that let it hold in `in`",
        ),
        (
            LABEL_GATE.replace("rating = \"performance\"\nin", "measure = \"revenue\"\nrating = \"performance\"\nin"),
            None,
            "gates.meets_or_better",
            "give only one of `measure` (a gate on an attainment) and `rating` (a gate on a label)",
        ),
        (
            LABEL_GATE.replace(
                "rating = \"performance\"\nin = [\"meets\", \"exceeds\", \"outstanding\"]",
                "description = \"nothing\"",
            ),
            None,
            "gates.meets_or_better",
            "give `measure` and `at_least` (a gate on an attainment), or `rating` and `in` (a gate on a label)",
        ),
        (
            LABEL_GATE.replace(
                "rating = \"performance\"\nin = [\"meets\", \"exceeds\", \"outstanding\"]",
                "measure = \"revenue\"",
            ),
            None,
            "gates.meets_or_better.at_least",
            "give the level: `at_least` (reached, inclusive) or `above` (exceeded, strict)",
        ),
        (
            LABEL_GATE.replace(
                "rating = \"performance\"\nin = [\"meets\", \"exceeds\", \"outstanding\"]",
                "measure = \"revenue\"\nat_least = 1\nin = [\"meets\"]",
            ),
            None,
            "gates.meets_or_better.in",
            "`in` lists the labels of a label gate on a `rating`; a gate on a `measure` reads `at_least`",
        ),
        (
            // A labelled component has no rule of its own.
            LABEL_GATE.replace(
                "weight = \"40%\"\nrating = \"performance\"",
                "weight = \"40%\"\nrating = \"performance\"\ncurve = \"linear\"",
            ),
            Some("performance"),
            "curve",
            "`curve` does not apply here: a rating pays through its scale",
        ),
    ];
    for (text, component, field, message) in cases {
        let (c, f, m) = plan_error(&text);
        assert_eq!(
            (c.as_deref(), f.as_deref(), m.as_str()),
            (component, Some(field), message),
            "{text}"
        );
    }
}

#[test]
fn weighted_scores_are_checked() {
    let with_parts = |parts: &str| {
        MBO.replace(
            "[[\"objective_a\", \"40%\"], [\"objective_b\", \"30%\"], [\"objective_c\", \"30%\"]]",
            parts,
        )
    };
    let cases: Vec<(String, &str)> = vec![
        (
            with_parts("[]"),
            "`of` lists no part; give `[part, weight]` pairs, such as `of = [[\"objective_a\", \"60%\"], [\"objective_b\", \"40%\"]]`",
        ),
        (
            with_parts("[[\"a\", \"50%\"], [\"a\", \"50%\"]]"),
            "part `a` appears twice; list each part once",
        ),
        (
            with_parts("[[\"objectives\", \"100%\"]]"),
            "part `objectives` has the component's own id; the inputs rate each part by its name, so name it apart from the component",
        ),
        (
            with_parts("[[\"a\", \"0%\"], [\"b\", \"100%\"]]"),
            "part `a` weighs 0%; a part's weight must be above 0% and at most 100%",
        ),
        (
            with_parts("[[\"a\", \"150%\"], [\"b\", \"-50%\"]]"),
            "part `a` weighs 150%; a part's weight must be above 0% and at most 100%",
        ),
        (
            with_parts("[[\"a b\", \"100%\"]]"),
            "`a b` is not a valid id; use letters, digits, `-` and `_`, with no spaces",
        ),
        (
            with_parts("[[\"a\", \"33.33%\"], [\"b\", \"33.33%\"], [\"c\", \"33.33%\"]]"),
            "the parts' weights sum to 99.99% (`a` 33.33% + `b` 33.33% + `c` 33.33%); they must sum to exactly 100%",
        ),
        (
            MBO.replace(
                "curve = \"score\"",
                "tiers = { mode = \"marginal\", bands = [[0, \"1%\"]] }",
            ),
            "a score cannot pay through `tiers`, which need an amount; use `curve` or `steps`",
        ),
    ];
    for (text, message) in cases {
        let (c, f, m) = plan_error(&text);
        let field = if message.starts_with("a score cannot") {
            "tiers"
        } else {
            "score.of"
        };
        assert_eq!(
            (c.as_deref(), f.as_deref(), m.as_str()),
            (Some("objectives"), Some(field), message),
            "{text}"
        );
    }
    // A part named like another component, or like another score's part.
    let two = format!(
        "{MBO}\n[[components]]\nid = \"objective_b\"\nname = \"B\"\nweight = \"50%\"\nscore = {{ min = 1, max = 5 }}\ncurve = \"score\"\n"
    )
    .replace("weight = \"100%\"", "weight = \"50%\"");
    let (c, f, m) = plan_error(&two);
    assert_eq!(
        (c.as_deref(), f.as_deref(), m.as_str()),
        (
            Some("objectives"),
            Some("score.of"),
            "part `objective_b` is also the id of a component; the inputs rate each by its name, so give the part another name"
        )
    );
    let again = format!(
        "{MBO}\n[[components]]\nid = \"more\"\nname = \"More\"\nweight = \"50%\"\nscore = {{ min = 1, max = 5, of = [[\"objective_c\", \"100%\"]] }}\ncurve = \"score\"\n"
    )
    .replace("weight = \"100%\"", "weight = \"50%\"");
    let (c, f, m) = plan_error(&again);
    assert_eq!(
        (c.as_deref(), f.as_deref(), m.as_str()),
        (
            Some("more"),
            Some("score.of"),
            "part `objective_c` is also a part of component `objectives`; the inputs rate each by its name, so give the part another name"
        )
    );
}

#[test]
fn inputs_for_labels_and_parts_are_checked() {
    let plan = label_gate();
    let err = |i: &Inputs| plan.evaluate(i).unwrap_err().details().clone();
    let missing = Inputs::new("ana", "label-gate").actual("revenue", dec!(1100000));
    let d = err(&missing);
    assert_eq!(
        (
            d.component.as_deref(),
            d.field.as_deref(),
            d.message.as_str()
        ),
        (
            Some("performance"),
            Some("labels.performance"),
            "missing label for component `performance`; a missing label is never read as any label"
        )
    );
    let d = err(&missing.clone().rating("performance", dec!(3)));
    assert_eq!(
        (d.field.as_deref(), d.message.as_str()),
        (
            Some("ratings.performance"),
            "`performance` is rated on labelled scale `performance`; give its label as `labels.performance`, one of `below`, `meets`, `exceeds`, `outstanding`"
        )
    );
    let d = err(&rated("meets").label("revenue", "meets"));
    assert_eq!(
        (d.field.as_deref(), d.message.as_str()),
        (
            Some("labels.revenue"),
            "`revenue` is not a component of this plan rated on a labelled scale; labels are for `performance`"
        )
    );

    let mbo = mbo();
    let err = |i: &Inputs| mbo.evaluate(i).unwrap_err().details().clone();
    let d = err(&objectives(dec!(4), dec!(5.5), dec!(4)));
    assert_eq!(
        (
            d.component.as_deref(),
            d.field.as_deref(),
            d.message.as_str()
        ),
        (
            Some("objectives"),
            Some("ratings.objective_b"),
            "rating 5.5 is outside the range 1 to 5 of component `objectives`'s weighted score"
        )
    );
    let d = err(&Inputs::new("obi", "mbo").rating("objective_a", dec!(4)));
    assert_eq!(
        (
            d.component.as_deref(),
            d.field.as_deref(),
            d.message.as_str()
        ),
        (
            Some("objectives"),
            Some("ratings.objective_b"),
            "missing rating for `objective_b`, a part of component `objectives`'s weighted score; a missing rating is never read as zero"
        )
    );
    let d = err(&Inputs::new("obi", "mbo").rating("objectives", dec!(3.7)));
    assert_eq!(
        (d.field.as_deref(), d.message.as_str()),
        (
            Some("ratings.objectives"),
            "`objectives` is a weighted score of `objective_a`, `objective_b`, `objective_c`; rate each part instead"
        )
    );
}

#[test]
fn labels_come_from_toml_and_json_inputs() {
    let list = Inputs::list_from_toml(
        "[[participants]]\nparticipant = \"ana\"\nplan = \"label-gate\"\n\
         actuals = { revenue = 1100000 }\nlabels = { performance = \"exceeds\" }\n",
    )
    .unwrap();
    assert_eq!(
        label_gate().evaluate(&list[0]).unwrap().total(),
        dec!(11600.00)
    );
    let json = serde_json::to_string(&rated("meets")).unwrap();
    assert!(
        json.contains(r#""labels":{"performance":"meets"}"#),
        "{json}"
    );
    let back: Inputs = serde_json::from_str(&json).unwrap();
    assert_eq!(back, rated("meets"));
    // Inputs without labels serialize as before.
    let plain = serde_json::to_string(&Inputs::new("x", "y")).unwrap();
    assert!(!plain.contains("labels"), "{plain}");
}

// ---------------------------------------------------------------------------
// Routes around the evaluation: what-if, simulation, lint.

#[test]
fn what_if_varies_a_part_and_refuses_a_label() {
    let rows = what_if(
        &mbo(),
        &objectives(dec!(4), dec!(3), dec!(4)),
        &Vary::Rating("objective_b".into()),
        &[dec!(3), dec!(5)],
    )
    .unwrap();
    // 3.7 → 85%; 4.3 → 115%.
    assert_eq!(rows[0].total, dec!(1700.00));
    assert_eq!(rows[1].total, dec!(2300.00));
    let err = what_if(
        &label_gate(),
        &rated("meets"),
        &Vary::Rating("performance".into()),
        &[dec!(1)],
    )
    .unwrap_err();
    assert_eq!(err.details().field.as_deref(), Some("labels.performance"));
    assert!(err.to_string().contains(
        "`performance` is rated with the labels of scale `performance`, not a number to vary"
    ));
}

#[test]
fn a_simulation_keeps_labels_and_parts_and_refuses_to_draw_them() {
    let mut set = PlanSet::new();
    set.insert(label_gate()).unwrap();
    set.insert(mbo()).unwrap();
    let people = [rated("exceeds"), objectives(dec!(4), dec!(3), dec!(4))];
    let report = Simulation::new(&set, &people)
        .trials(3)
        .run_serial()
        .unwrap();
    assert_eq!(report.mean_cost, dec!(13300.00));
    // Drawing revenue still reads the participant's label.
    let drawn = Simulation::new(&set, &people[..1])
        .draw("revenue", Distribution::empirical(vec![dec!(1.2)]).unwrap())
        .trials(2)
        .run_serial()
        .unwrap();
    assert_eq!(drawn.mean_cost, dec!(12200.00));
    for (component, why) in [
        (
            "performance",
            "component `performance` cannot be drawn: it is rated with the labels of a scale, and a draw is a number; leave it at each participant's label",
        ),
        (
            "objectives",
            "component `objectives` cannot be drawn: it is a weighted score of several ratings, and a draw is one number; leave it at each participant's ratings",
        ),
    ] {
        let err = Simulation::new(&set, &people)
            .draw(component, Distribution::empirical(vec![dec!(3)]).unwrap())
            .run_serial()
            .unwrap_err();
        assert!(matches!(err, Error::Input(_)));
        assert_eq!(err.details().component.as_deref(), Some(component));
        assert_eq!(err.details().message, why);
    }
}

#[test]
fn lint_reads_labelled_scales_and_weighted_scores() {
    let policy = lint::LintPolicy::new().with_max_qualitative_share(dec!(0.5));
    assert!(lint::lint(&label_gate(), &policy).is_empty());
    let w = lint::lint(&mbo(), &policy);
    assert_eq!(w.len(), 1);
    assert_eq!(w[0].kind(), "qualitative-share");
    // A scale that pays nothing anywhere.
    let zero = LABEL_GATE
        .replace(
            "\"100%\"], [\"exceeds\", \"125%\"], [\"outstanding\", \"150%\"]]",
            "\"0%\"]]",
        )
        .replace(
            "in = [\"meets\", \"exceeds\", \"outstanding\"]",
            "in = [\"meets\"]",
        );
    let w = lint::lint(&Plan::from_toml(&zero).unwrap(), &lint::LintPolicy::new());
    assert_eq!(w.len(), 1);
    assert_eq!(
        w[0].to_string(),
        "plan `label-gate`, component `performance`: never pays: every label on the scale pays 0%"
    );
    // A step table on a weighted score: its cliffs are read on the score.
    let steps = MBO.replace("curve = \"score\"", "steps = [[3, \"50%\"], [4, \"100%\"]]");
    let w = lint::lint(&Plan::from_toml(&steps).unwrap(), &lint::LintPolicy::new());
    assert_eq!(w.len(), 1, "{w:?}");
    assert_eq!(
        w[0].to_string(),
        "plan `mbo`, component `objectives`: cliff at score 4: step table, step 2 (100%) over step 1 (50%); just below pays 1000, at it pays 2000: a jump of 1000 (about 1000.00)"
    );
    // A weighted score that cannot reach its curve's paying points.
    let low = MBO.replace("min = 1, max = 5", "min = 0, max = 2");
    let w = lint::lint(&Plan::from_toml(&low).unwrap(), &lint::LintPolicy::new());
    assert_eq!(
        w[0].to_string(),
        "plan `mbo`, component `objectives`: never pays: curve `score` pays 0% at every point up to 2 (the highest score the measure can reach)"
    );
}

#[cfg(feature = "csv")]
#[test]
fn csv_reads_and_writes_labels_and_parts() {
    use incentive::csv;
    let mut plans = PlanSet::new();
    plans.insert(label_gate()).unwrap();
    plans.insert(mbo()).unwrap();
    let text = "participant,plan,actual.revenue,label.performance,rating.objective_a,rating.objective_b,rating.objective_c\n\
                ana,label-gate,1100000,exceeds,,,\n\
                obi,mbo,,,4,3,4\n";
    let inputs = csv::read_inputs_for(&plans, text, Some("review.csv")).unwrap();
    assert_eq!(inputs[0], rated("exceeds"));
    assert_eq!(inputs[1], objectives(dec!(4), dec!(3), dec!(4)));
    let totals: Vec<Decimal> = plans
        .evaluate_all(&inputs)
        .unwrap()
        .iter()
        .map(|s| s.total())
        .collect();
    assert_eq!(totals, [dec!(11600.00), dec!(1700.00)]);
    // Written back and read again: the same inputs.
    let written = csv::write_inputs(&inputs).unwrap();
    assert_eq!(
        written,
        "participant,plan,actual.revenue,rating.objective_a,rating.objective_b,rating.objective_c,label.performance\n\
         ana,label-gate,1100000,,,,exceeds\n\
         obi,mbo,,4,3,4,\n"
    );
    assert_eq!(csv::read_inputs(&written, None).unwrap(), inputs);

    // An unknown label is refused where it is, with the valid labels.
    let bad = text.replace("exceeds", "great");
    let err = csv::read_inputs_for(&plans, &bad, Some("review.csv")).unwrap_err();
    assert_eq!(
        *err.details(),
        ErrorDetails {
            file: Some("review.csv".into()),
            line: Some(2),
            column: Some(4),
            participant: Some("ana".into()),
            plan: Some("label-gate".into()),
            component: Some("performance".into()),
            field: Some("label.performance".into()),
            message: "`great` is not a label of scale `performance`; its labels are `below`, `meets`, `exceeds`, `outstanding`".into(),
            ..ErrorDetails::default()
        }
    );
    // A label column for a component that has none, a rating for one
    // that has labels.
    let err = csv::read_inputs_for(
        &plans,
        "participant,plan,label.revenue\nana,label-gate,meets\n",
        None,
    )
    .unwrap_err();
    assert_eq!(
        err.details().message,
        "`revenue` is not a component of plan `label-gate` rated on a labelled scale; labels are for `performance`"
    );
    let err = csv::read_inputs_for(
        &plans,
        "participant,plan,rating.performance\nana,label-gate,3\n",
        None,
    )
    .unwrap_err();
    assert_eq!(
        err.details().message,
        "`performance` is rated on labelled scale `performance` in plan `label-gate`; give its label in `label.performance`, one of `below`, `meets`, `exceeds`, `outstanding`"
    );
    let err =
        csv::read_inputs("participant,plan,labels.performance\nana,x,meets\n", None).unwrap_err();
    assert!(
        err.to_string()
            .ends_with("did you mean `label.performance`?"),
        "{err}"
    );
    // A label a cell cannot give back is refused rather than changed.
    let err = csv::write_inputs(&[Inputs::new("ana", "label-gate").label("performance", " meets")])
        .unwrap_err();
    assert_eq!(err.details().field.as_deref(), Some("labels.performance"));
}

// ---------------------------------------------------------------------------
// The laws.

/// Three weights in whole percents adding up to exactly 100%.
fn weights() -> impl Strategy<Value = [Decimal; 3]> {
    (1i64..=98)
        .prop_flat_map(|a| (Just(a), 1i64..=(99 - a)))
        .prop_map(|(a, b)| {
            [
                Decimal::new(a, 2),
                Decimal::new(b, 2),
                Decimal::new(100 - a - b, 2),
            ]
        })
}

/// A rating from 1 to 5 in tenths.
fn rating() -> impl Strategy<Value = Decimal> {
    (10i64..=50).prop_map(|r| Decimal::new(r, 1))
}

/// A non-decreasing curve over scores 1 to 5: strictly increasing scores,
/// payouts that never fall.
fn score_curve() -> impl Strategy<Value = Vec<(Decimal, Decimal)>> {
    prop::collection::vec((1i64..=100, 0i64..=60), 2..6).prop_map(|steps| {
        let (mut x, mut y) = (50i64, 0i64);
        steps
            .into_iter()
            .map(|(dx, dy)| {
                x += dx;
                y += dy;
                (Decimal::new(x, 2), Decimal::new(y, 2))
            })
            .collect()
    })
}

fn mbo_plan(weights: &[Decimal; 3], curve: &[(Decimal, Decimal)], steps: bool) -> Plan {
    let points: Vec<String> = curve
        .iter()
        .map(|(x, y)| format!("[\"{x}\", \"{y}\"]"))
        .collect();
    let rule = if steps {
        format!("steps = [{}]", points.join(", "))
    } else {
        "curve = \"c\"".to_owned()
    };
    Plan::from_toml(&format!(
        r#"id = "mbo"
name = "MBO"
version = "1"
currency = "USD"
pay_period = "quarter"
target_incentive = {{ amount = "2000.01" }}

[curves.c]
points = [{}]

[[components]]
id = "objectives"
name = "Objectives"
weight = "100%"
score = {{ min = 1, max = 5, of = [["a", "{}"], ["b", "{}"], ["c", "{}"]] }}
{rule}
"#,
        points.join(", "),
        weights[0],
        weights[1],
        weights[2]
    ))
    .unwrap()
}

fn pays(plan: &Plan, r: &[Decimal; 3]) -> Decimal {
    let inputs = Inputs::new("p", "mbo")
        .rating("a", r[0])
        .rating("b", r[1])
        .rating("c", r[2]);
    let total = plan.evaluate(&inputs).unwrap().total();
    // The values route pays the same.
    let prepared = plan.prepare();
    let mut out = prepared.payout();
    prepared.evaluate_values("p", r, &mut out).unwrap();
    assert_eq!(out.total(), total);
    total
}

proptest! {
    // Issue 12, acceptance: "the weighted score is monotone (raising any
    // part's rating never lowers the payout on a non-decreasing curve)".
    #[test]
    fn raising_a_part_never_lowers_the_payout(
        w in weights(),
        curve in score_curve(),
        steps in any::<bool>(),
        r in [rating(), rating(), rating()],
        part in 0usize..3,
        up in 1i64..=40,
    ) {
        let plan = mbo_plan(&w, &curve, steps);
        let mut higher = r;
        higher[part] = (r[part] + Decimal::new(up, 1)).min(dec!(5));
        let (low, high) = (pays(&plan, &r), pays(&plan, &higher));
        prop_assert!(low <= high, "{r:?} pays {low}, {higher:?} pays {high}");
        // And the score is the exact weighted sum.
        let s = plan
            .evaluate(&Inputs::new("p", "mbo").rating("a", r[0]).rating("b", r[1]).rating("c", r[2]))
            .unwrap();
        let MeasureTrace::WeightedScore { score, .. } = &s.lines[0].measure else {
            panic!("{:?}", s.lines[0].measure)
        };
        prop_assert_eq!(score.to_decimal(), Some(r[0] * w[0] + r[1] * w[1] + r[2] * w[2]));
    }

    // Issue 12, acceptance: "a labelled scale pays exactly its mapped
    // payout for every label".
    #[test]
    fn a_labelled_scale_pays_its_mapped_payout_for_every_label(
        pays in prop::collection::vec(0i64..=30_000, 1..8),
        places in 0u32..=4,
        ti in 1i64..=9_999_999,
    ) {
        let labels: Vec<(String, Decimal)> = pays
            .iter()
            .enumerate()
            .map(|(i, p)| (format!("level-{i}"), Decimal::new(*p, places)))
            .collect();
        let scale: Vec<String> = labels
            .iter()
            .map(|(l, p)| format!("[\"{l}\", \"{p}\"]"))
            .collect();
        let ti = Decimal::new(ti, 2);
        let plan = Plan::from_toml(&format!(
            r#"id = "labels"
name = "Labels"
version = "1"
currency = "USD"
pay_period = "month"
target_incentive = {{ amount = "{ti}" }}

[scales.s]
labels = [{}]

[[components]]
id = "r"
name = "R"
weight = "100%"
rating = "s"
"#,
            scale.join(", ")
        ))
        .unwrap();
        let prepared = plan.prepare();
        let mut out = prepared.payout();
        for (position, (label, payout)) in labels.iter().enumerate() {
            let inputs = Inputs::new("p", "labels").label("r", label.clone());
            let s = plan.evaluate(&inputs).unwrap();
            let line = &s.lines[0];
            prop_assert_eq!(line.factor.to_decimal(), Some(*payout));
            prop_assert_eq!(line.exact.to_decimal(), Some(ti * payout));
            prop_assert_eq!(
                s.total(),
                (ti * payout).round_dp_with_strategy(2, rust_decimal::RoundingStrategy::MidpointAwayFromZero)
            );
            prop_assert_eq!(
                &line.rule,
                &RuleTrace::Label { label: label.clone(), pays: *payout }
            );
            // The values route: the label as its position.
            let row = prepared.values(&inputs).unwrap();
            prop_assert_eq!(row.clone(), vec![Decimal::from(position + 1)]);
            prepared.evaluate_values("p", &row, &mut out).unwrap();
            prop_assert_eq!(out.total(), s.total());
        }
    }
}
