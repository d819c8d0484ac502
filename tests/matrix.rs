//! The bonus matrix (issue 12, item 3): a component paid from two
//! measures at once, as a step table or bilinear between grid points.
//!
//! The worked examples are the issue's, as written: TI 10,000; rows
//! revenue attainment ≥ 90%, ≥ 100%, ≥ 110%; columns margin attainment
//! ≥ 95%, ≥ 100%, ≥ 105%; values 50/70/80%, 80/100/120%, 100/130/150% (row
//! by row); below the first row or column 0.

use incentive::payout::{MatrixHit, MatrixMode};
use incentive::statement::{MeasureTrace, RuleTrace};
use incentive::{Error, Exact, Inputs, Plan, lint};
use proptest::prelude::*;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

/// The issue's grid, in `mode`, with `grid` replacing the `[components.matrix]`
/// body's bounds and values when given.
fn text_with(mode: &str, below_first: &str, grid: &str) -> String {
    format!(
        r#"id = "executive"
name = "Executive bonus"
version = "2026.1"
currency = "USD"
pay_period = "year"
target_incentive = {{ amount = 10000 }}

[metrics.revenue]
[metrics.margin]

[measures.revenue]
metric = "revenue"
target = 50000000

[measures.margin]
metric = "margin"
target = "20%"

[[components]]
id = "bonus"
name = "Executive bonus"
weight = "100%"

[components.matrix]
rows = "revenue"
columns = "margin"
mode = "{mode}"
below_first = "{below_first}"
{grid}
"#
    )
}

const ISSUE_GRID: &str = r#"row_bounds = ["90%", "100%", "110%"]
column_bounds = ["95%", "100%", "105%"]
values = [
    ["50%", "70%", "80%"],
    ["80%", "100%", "120%"],
    ["100%", "130%", "150%"],
]"#;

fn text(mode: &str) -> String {
    text_with(mode, "zero", ISSUE_GRID)
}

fn plan(mode: &str) -> Plan {
    Plan::from_toml(&text(mode)).unwrap()
}

/// Inputs at revenue and margin attainments (targets 50,000,000 and 20%).
fn at(revenue: Decimal, margin: Decimal) -> Inputs {
    Inputs::new("erin", "executive")
        .actual("revenue", revenue * dec!(50000000))
        .actual("margin", margin * dec!(0.2))
}

/// The total, the same on every route: the explained statement, the
/// prepared buffer, and a row of values (no presence checks).
fn pays(plan: &Plan, inputs: &Inputs) -> Decimal {
    let statement = plan.evaluate(inputs).unwrap();
    crate::roundtrip::round_trip(&statement);
    let prepared = plan.prepare();
    let mut out = prepared.payout();
    prepared.evaluate_into(inputs, &mut out).unwrap();
    assert_eq!(out.total(), statement.total());
    assert_eq!(out.exact_total(), Some(statement.exact_total));
    let values = prepared.values(inputs).unwrap();
    prepared
        .evaluate_values(inputs.participant(), &values, &mut out)
        .unwrap();
    assert_eq!(out.total(), statement.total());
    statement.total()
}

#[test]
fn steps_pay_the_cell_of_the_highest_row_and_column_reached() {
    let p = plan("steps");
    // Revenue 104% reaches the 100% row, margin 101% the 100% column.
    assert_eq!(pays(&p, &at(dec!(1.04), dec!(1.01))), dec!(10000.00));
    // Exactly at the last bounds: the top corner.
    assert_eq!(pays(&p, &at(dec!(1.10), dec!(1.05))), dec!(15000.00));
    // Margin 94% is below the first column: zero, whatever revenue is.
    assert_eq!(pays(&p, &at(dec!(1.12), dec!(0.94))), dec!(0.00));
    // Revenue 89.99% is below the first row.
    assert_eq!(pays(&p, &at(dec!(0.8999), dec!(1.01))), dec!(0.00));
}

#[test]
fn bilinear_interpolates_between_grid_points() {
    let p = plan("bilinear");
    // Halfway between rows 2 and 3 and columns 2 and 3:
    // (100% + 120% + 130% + 150%) / 4 = 125%.
    assert_eq!(pays(&p, &at(dec!(1.05), dec!(1.025))), dec!(12500.00));
    let s = p.evaluate(&at(dec!(1.05), dec!(1.025))).unwrap();
    assert_eq!(s.lines[0].factor, Exact::from_decimal(dec!(1.25)));
}

#[test]
fn bilinear_holds_the_edge_and_declares_below_the_first_row() {
    let p = plan("bilinear");
    // Beyond the last row and column: the top corner, held.
    assert_eq!(pays(&p, &at(dec!(1.5), dec!(1.3))), dec!(15000.00));
    // Beyond the last row, between columns 1 and 2: 100% + (130% − 100%) / 2.
    assert_eq!(pays(&p, &at(dec!(1.2), dec!(0.975))), dec!(11500.00));
    // Below the first column: zero.
    assert_eq!(pays(&p, &at(dec!(1.05), dec!(0.9499))), dec!(0.00));
    // With `first-point`, below the first row is read as at it: 50% → 70%
    // halfway along the columns of row 1.
    let floor = Plan::from_toml(&text_with("bilinear", "first-point", ISSUE_GRID)).unwrap();
    assert_eq!(pays(&floor, &at(dec!(0.5), dec!(0.975))), dec!(6000.00));
    assert_eq!(pays(&floor, &at(dec!(0.5), dec!(0.5))), dec!(5000.00));
}

#[test]
fn thirds_are_exact_and_rounded_once() {
    // Revenue 3.1 against 3 (103.33…%) is a third of the way from the 100%
    // row to the 110% row; margin 30.5% against 30% (101.66…%) a third of
    // the way from the 100% column to the 105% one. Rows 2 and 3 read
    // 100% + 20% / 3 and 130% + 20% / 3; a third of the way between them
    // is 7/6 of target incentive, 11,666.66… rounded once.
    let p = plan("bilinear");
    let thirds = Inputs::new("t", "executive")
        .actual("revenue", dec!(3.1))
        .target("revenue", dec!(3))
        .actual("margin", dec!(0.305))
        .target("margin", dec!(0.3));
    let s = p.evaluate(&thirds).unwrap();
    assert_eq!(s.lines[0].factor, Exact::ratio(dec!(7), dec!(6)).unwrap());
    assert_eq!(pays(&p, &thirds), dec!(11666.67));
}

#[test]
fn the_statement_explains_both_measures_and_the_cells() {
    let p = plan("bilinear");
    let s = p.evaluate(&at(dec!(1.05), dec!(1.025))).unwrap();
    let line = &s.lines[0];
    let MeasureTrace::Matrix(m) = &line.measure else {
        panic!("{:?}", line.measure)
    };
    assert_eq!(m.rows.measure, "revenue");
    assert_eq!(m.columns.measure, "margin");
    let RuleTrace::Matrix(t) = &line.rule else {
        panic!("{:?}", line.rule)
    };
    assert_eq!(t.mode, MatrixMode::Bilinear);
    assert_eq!(
        t.rows.hit,
        MatrixHit::Between {
            index: 2,
            from: dec!(1),
            to: dec!(1.1)
        }
    );
    assert_eq!(t.cells.len(), 4);
    // As the plan-file reference shows it.
    let text = s.to_string();
    assert!(
        text.contains(
            "  1. Executive bonus (`bonus`), weight 100%, target incentive 10000\n\
             \x20    rows `revenue`: revenue actual 52500000 against target 50000000: attainment 105%; \
             columns `margin`: margin actual 0.205 against target 0.2: attainment 102.5%\n\
             \x20    bonus matrix (bilinear), `revenue` 105%: between rows 2 (100%) and 3 (110%), \
             `margin` 102.5%: between columns 2 (100%) and 3 (105%): interpolating cells \
             [2, 2] 100%, [2, 3] 120%, [3, 2] 130%, [3, 3] 150%: pays 125% of target incentive = 12500\n\
             \x20    amount 12500.00\n"
        ),
        "{text}"
    );

    let steps = plan("steps");
    let s = steps.evaluate(&at(dec!(1.12), dec!(0.94))).unwrap();
    assert!(
        s.to_string().contains(
            "     bonus matrix (steps), `revenue` 112%: row 3 (110%) reached, `margin` 94%: \
             below the first column (95%) (zero below the first row or column): pays 0% of target incentive = 0\n"
        ),
        "{s}"
    );
    let json = serde_json::to_value(&s).unwrap();
    assert_eq!(json["lines"][0]["rule"]["kind"], "matrix");
    assert_eq!(json["lines"][0]["rule"]["columns"]["hit"]["kind"], "below");
    assert_eq!(json["lines"][0]["measure"]["kind"], "matrix");
    assert_eq!(
        json["lines"][0]["measure"]["rows"]["value"]["attainment"],
        "1.12"
    );
}

#[test]
fn a_matrix_reads_a_quantitative_component_as_its_measure() {
    // Rows read the `bookings` component's attainment, which also pays on
    // its own curve; columns a named measure.
    let p = Plan::from_toml(
        r#"id = "mixed"
name = "Mixed"
version = "1"
currency = "USD"
pay_period = "quarter"
target_incentive = { amount = 10000 }
[metrics.bookings]
[metrics.margin]
[measures.margin]
metric = "margin"
[curves.linear]
points = [[0, 0], [2, 2]]
[[components]]
id = "bookings"
name = "Bookings"
weight = "50%"
metric = "bookings"
curve = "linear"
[[components]]
id = "grid"
name = "Grid"
weight = "50%"
matrix = { rows = "bookings", columns = "margin", mode = "steps", below_first = "zero", row_bounds = [1], column_bounds = [1, 1.1], values = [[1, 2]] }
"#,
    )
    .unwrap();
    let i = Inputs::new("x", "mixed")
        .actual("bookings", dec!(120))
        .target("bookings", dec!(100))
        .actual("margin", dec!(23))
        .target("margin", dec!(20));
    // Bookings 120% → 6,000.00; the grid's row 1, column 2 (115% ≥ 110%) → 200% of 5,000.
    assert_eq!(pays(&p, &i), dec!(16000.00));
    // The matrix names no target or rating of its own.
    let err = p.evaluate(&i.clone().target("grid", dec!(1))).unwrap_err();
    assert_eq!(err.details().field.as_deref(), Some("targets.grid"));
    let err = p.evaluate(&i.clone().rating("grid", dec!(1))).unwrap_err();
    assert_eq!(err.details().field.as_deref(), Some("ratings.grid"));
}

#[test]
fn a_missing_or_bad_measure_value_is_an_input_error_naming_the_matrix() {
    let p = plan("steps");
    let no_margin = Inputs::new("erin", "executive").actual("revenue", dec!(50000000));
    let err = p.evaluate(&no_margin).unwrap_err();
    assert!(matches!(err, Error::Input(_)));
    let d = err.details();
    assert_eq!(d.component.as_deref(), Some("bonus"));
    assert_eq!(d.field.as_deref(), Some("actuals.margin"));
    // Every route says the same.
    let prepared = p.prepare();
    let mut out = prepared.payout();
    assert_eq!(
        prepared.evaluate_into(&no_margin, &mut out).unwrap_err(),
        err
    );

    let zero_target = at(dec!(1), dec!(1)).target("margin", dec!(0));
    let err = p.evaluate(&zero_target).unwrap_err();
    let d = err.details();
    assert_eq!(d.component.as_deref(), Some("bonus"));
    assert_eq!(d.field.as_deref(), Some("targets.margin"));
    assert_eq!(d.message, "is 0; a target must be above 0");
    assert_eq!(
        prepared.evaluate_into(&zero_target, &mut out).unwrap_err(),
        err
    );
}

/// The plan error for `grid` in place of the issue's grid.
fn plan_error(mode: &str, grid: &str) -> incentive::ErrorDetails {
    Plan::from_toml_named(&text_with(mode, "zero", grid), "executive.toml")
        .unwrap_err()
        .details()
        .clone()
}

#[test]
fn rows_or_columns_not_increasing_are_plan_errors_at_their_line() {
    let d = plan_error(
        "steps",
        r#"row_bounds = ["90%", "110%", "100%"]
column_bounds = ["95%", "100%", "105%"]
values = [[0, 0, 0], [0, 0, 0], [0, 0, 0]]"#,
    );
    assert_eq!(d.file.as_deref(), Some("executive.toml"));
    assert_eq!(d.plan.as_deref(), Some("executive"));
    assert_eq!(d.component.as_deref(), Some("bonus"));
    assert_eq!(d.field.as_deref(), Some("matrix.row_bounds"));
    assert_eq!(d.line, Some(29));
    assert_eq!(
        d.message,
        "row 3 starts at 100%, not above row 2 at 110%; bounds must be strictly increasing"
    );
    let d = plan_error(
        "bilinear",
        r#"row_bounds = ["90%", "100%", "110%"]
column_bounds = ["95%", "95%", "105%"]
values = [[0, 0, 0], [0, 0, 0], [0, 0, 0]]"#,
    );
    assert_eq!(d.component.as_deref(), Some("bonus"));
    assert_eq!(d.field.as_deref(), Some("matrix.column_bounds"));
    assert_eq!(d.line, Some(30));
    assert_eq!(
        d.message,
        "column 2 starts at 95%, not above column 1 at 95%; bounds must be strictly increasing"
    );
    let d = plan_error("steps", "row_bounds = []\ncolumn_bounds = [1]\nvalues = []");
    assert_eq!(d.field.as_deref(), Some("matrix.row_bounds"));
    assert_eq!(d.message, "is empty; a matrix needs at least 1 row");
}

#[test]
fn a_grid_not_of_the_declared_shape_is_a_plan_error() {
    let d = plan_error(
        "steps",
        r#"row_bounds = ["90%", "100%", "110%"]
column_bounds = ["95%", "100%", "105%"]
values = [["50%", "70%", "80%"], ["80%", "100%", "120%"]]"#,
    );
    assert_eq!(d.component.as_deref(), Some("bonus"));
    assert_eq!(d.field.as_deref(), Some("matrix.values"));
    assert_eq!(d.line, Some(31));
    assert_eq!(
        d.message,
        "has 2 rows, but `row_bounds` declares 3; give 3 rows of 3 values, one row per row bound and one value per column bound"
    );
    let d = plan_error(
        "steps",
        r#"row_bounds = ["90%", "100%", "110%"]
column_bounds = ["95%", "100%", "105%"]
values = [["50%", "70%", "80%"], ["80%", "100%"], ["100%", "130%", "150%"]]"#,
    );
    assert_eq!(d.field.as_deref(), Some("matrix.values"));
    assert_eq!(
        d.message,
        "row 2 has 2 values, but `column_bounds` declares 3; give 3 rows of 3 values, one row per row bound and one value per column bound"
    );
    let d = plan_error(
        "steps",
        r#"row_bounds = ["90%"]
column_bounds = ["95%", "100%"]
values = [["50%", "-1%"]]"#,
    );
    assert_eq!(d.field.as_deref(), Some("matrix.values"));
    assert_eq!(
        d.message,
        "row 1, column 2 pays -1%; a payout must be 0 or more"
    );
}

#[test]
fn a_measure_that_does_not_exist_is_a_plan_error_naming_the_field() {
    let typo = text("steps").replace("columns = \"margin\"", "columns = \"margn\"");
    let err = Plan::from_toml_named(&typo, "executive.toml").unwrap_err();
    assert!(matches!(err, Error::Plan(_)));
    let d = err.details();
    assert_eq!(d.component.as_deref(), Some("bonus"));
    assert_eq!(d.field.as_deref(), Some("matrix.columns"));
    assert_eq!(d.line, Some(26));
    assert_eq!(
        d.message,
        "`margn` is neither a quantitative component nor a measure of this plan; a matrix reads the attainment of `margin`, `revenue`"
    );
    // The same measure twice.
    let twice = text("steps").replace("columns = \"margin\"", "columns = \"revenue\"");
    let d = Plan::from_toml(&twice).unwrap_err().details().clone();
    assert_eq!(d.field.as_deref(), Some("matrix.columns"));
    assert_eq!(
        d.message,
        "`rows` and `columns` both read `revenue`; a matrix pays from two different measures"
    );
}

#[test]
fn a_matrix_has_no_measure_or_rule_of_its_own_and_no_unknown_fields() {
    let with = |extra: &str| {
        let text = text("steps").replace(
            "weight = \"100%\"\n",
            &format!("weight = \"100%\"\n{extra}\n"),
        );
        Plan::from_toml(&text).unwrap_err().details().clone()
    };
    let d = with("metric = \"revenue\"");
    assert_eq!(d.component.as_deref(), Some("bonus"));
    assert_eq!(d.field.as_deref(), Some("metric"));
    assert_eq!(d.line, Some(23));
    assert_eq!(
        d.message,
        "`metric` does not apply here: a bonus matrix reads its two measures, `matrix.rows` and `matrix.columns`, and pays through its grid"
    );
    assert_eq!(with("curve = \"x\"").field.as_deref(), Some("curve"));
    let d = with("measurement = \"ytd\"");
    assert_eq!(d.field.as_deref(), Some("measurement"));
    let typo = text("steps").replace("below_first", "below_frist");
    let d = Plan::from_toml(&typo).unwrap_err().details().clone();
    assert_eq!(d.component.as_deref(), Some("bonus"));
    assert!(
        d.message.starts_with("unknown field `below_frist`"),
        "{}",
        d.message
    );
    let no_mode = text("steps").replace("mode = \"steps\"\n", "");
    let d = Plan::from_toml(&no_mode).unwrap_err().details().clone();
    assert!(d.message.contains("missing field `mode`"), "{}", d.message);
}

#[test]
fn the_lint_reads_a_matrix() {
    // The issue's grid rises along every row and column: nothing to report.
    assert!(lint::lint(&plan("steps"), &lint::LintPolicy::default()).is_empty());
    assert!(lint::lint(&plan("bilinear"), &lint::LintPolicy::default()).is_empty());
    let falling = text_with(
        "steps",
        "zero",
        r#"row_bounds = ["90%", "100%"]
column_bounds = ["95%", "100%"]
values = [["50%", "40%"], ["30%", "100%"]]"#,
    );
    let w = lint::lint(
        &Plan::from_toml(&falling).unwrap(),
        &lint::LintPolicy::default(),
    );
    let found: Vec<String> = w.iter().map(ToString::to_string).collect();
    assert_eq!(
        found,
        [
            "plan `executive`, component `bonus`: decreasing: bonus matrix (steps) along `margin` in row 1 (`revenue` at 90%) pays 50% at 95% but 40% at 100%; more attainment pays less",
            "plan `executive`, component `bonus`: decreasing: bonus matrix (steps) along `revenue` in column 1 (`margin` at 95%) pays 50% at 90% but 30% at 100%; more attainment pays less",
        ]
    );
    // A cap below what the grid pays at target (100%, 100%: 100% of TI).
    let capped = text("steps").replace(
        "weight = \"100%\"\n",
        "weight = \"100%\"\ncap = { amount = 9000 }\n",
    );
    let w = lint::lint(
        &Plan::from_toml(&capped).unwrap(),
        &lint::LintPolicy::default(),
    );
    assert_eq!(w.len(), 1);
    assert_eq!(w[0].kind(), "cap-below-target");
    let zero = text_with(
        "bilinear",
        "zero",
        "row_bounds = [1]\ncolumn_bounds = [1]\nvalues = [[0]]",
    );
    let w = lint::lint(
        &Plan::from_toml(&zero).unwrap(),
        &lint::LintPolicy::default(),
    );
    assert_eq!(
        w[0].to_string(),
        "plan `executive`, component `bonus`: never pays: every cell of the bonus matrix pays 0%"
    );
}

#[test]
fn goal_seek_and_simulation_refuse_a_matrix_rather_than_answer_wrongly() {
    let p = plan("steps");
    let err = incentive::goal_seek(&p, &at(dec!(1), dec!(1)), "revenue", dec!(1), dec!(0.01))
        .unwrap_err();
    assert!(matches!(err, Error::Input(_)));
    let d = err.details();
    assert_eq!(d.component.as_deref(), Some("bonus"));
    assert_eq!(d.field.as_deref(), Some("actuals.revenue"));
    assert_eq!(
        d.message,
        "goal seek needs a payout that never falls as `revenue` rises, and component `bonus` is a bonus matrix reading it through `revenue`; goal seek does not search a matrix, whose rise with one measure depends on the other"
    );
}

#[cfg(feature = "simulate")]
#[test]
fn a_simulation_does_not_draw_a_matrix() {
    use incentive::simulate::Distribution;
    let mut plans = incentive::PlanSet::new();
    plans.insert(plan("steps")).unwrap();
    let people = [at(dec!(1), dec!(1))];
    let err = incentive::Simulation::new(&plans, &people)
        .draw("bonus", Distribution::normal(dec!(1), dec!(0.1)).unwrap())
        .run()
        .unwrap_err();
    assert_eq!(err.details().component.as_deref(), Some("bonus"));
    assert_eq!(
        err.details().message,
        "component `bonus` cannot be drawn: it is a bonus matrix of `revenue` and `margin`; it has no measure of its own to draw, and its measures are not drawn"
    );
}

/// Bounds strictly increasing from 50%, in hundredths.
fn bounds(n: std::ops::Range<usize>) -> impl Strategy<Value = Vec<Decimal>> {
    prop::collection::vec(1i64..=40, n).prop_map(|steps| {
        let mut x = 50i64;
        steps
            .into_iter()
            .map(|d| {
                x += d;
                Decimal::new(x, 2)
            })
            .collect()
    })
}

/// A grid non-decreasing along rows and columns: each value the larger of
/// its upper and left neighbours plus an increment.
fn monotone_grid(rows: usize, columns: usize) -> impl Strategy<Value = Vec<Vec<Decimal>>> {
    prop::collection::vec(0i64..=50, rows * columns).prop_map(move |inc| {
        let mut g = vec![vec![0i64; columns]; rows];
        for i in 0..rows {
            for j in 0..columns {
                let up = if i > 0 { g[i - 1][j] } else { 0 };
                let left = if j > 0 { g[i][j - 1] } else { 0 };
                g[i][j] = up.max(left) + inc[i * columns + j];
            }
        }
        g.into_iter()
            .map(|r| r.into_iter().map(|v| Decimal::new(v, 2)).collect())
            .collect()
    })
}

/// Any grid of payouts 0 or more.
fn any_grid(rows: usize, columns: usize) -> impl Strategy<Value = Vec<Vec<Decimal>>> {
    prop::collection::vec(0i64..=300, rows * columns).prop_map(move |v| {
        v.chunks(columns)
            .map(|r| r.iter().map(|x| Decimal::new(*x, 2)).collect())
            .collect()
    })
}

fn list(v: &[Decimal]) -> String {
    let items: Vec<String> = v.iter().map(|x| format!("\"{x}\"")).collect();
    format!("[{}]", items.join(", "))
}

fn grid_plan(
    mode: &str,
    below: &str,
    rb: &[Decimal],
    cb: &[Decimal],
    values: &[Vec<Decimal>],
) -> Plan {
    let rows: Vec<String> = values.iter().map(|r| list(r)).collect();
    let grid = format!(
        "row_bounds = {}\ncolumn_bounds = {}\nvalues = [{}]",
        list(rb),
        list(cb),
        rows.join(", ")
    );
    Plan::from_toml(&text_with(mode, below, &grid)).unwrap()
}

fn shape() -> impl Strategy<Value = (Vec<Decimal>, Vec<Decimal>)> {
    (bounds(1..5), bounds(1..5))
}

fn mode() -> impl Strategy<Value = &'static str> {
    prop_oneof![Just("steps"), Just("bilinear")]
}

fn below() -> impl Strategy<Value = &'static str> {
    prop_oneof![Just("zero"), Just("first-point")]
}

proptest! {
    // Both modes pay exactly the grid's value at every grid point, on
    // every route.
    #[test]
    fn lookups_are_exact_at_every_grid_point(
        (rb, cb, values) in shape().prop_flat_map(|(rb, cb)| {
            let g = any_grid(rb.len(), cb.len());
            (Just(rb), Just(cb), g)
        }),
        mode in mode(),
        below in below(),
    ) {
        let p = grid_plan(mode, below, &rb, &cb, &values);
        for (i, r) in rb.iter().enumerate() {
            for (j, c) in cb.iter().enumerate() {
                let inputs = at(*r, *c);
                let s = p.evaluate(&inputs).unwrap();
                prop_assert_eq!(s.lines[0].factor, Exact::from_decimal(values[i][j]));
                let exact = Exact::from_decimal(values[i][j] * dec!(10000));
                prop_assert_eq!(s.lines[0].exact, exact);
                prop_assert_eq!(pays(&p, &inputs), s.total());
            }
        }
    }

    // A grid non-decreasing along its rows and columns pays
    // non-decreasingly in each measure, exactly and after rounding, in
    // both modes and whatever applies below the first row or column.
    #[test]
    fn monotone_grids_pay_monotonically_in_each_measure(
        (rb, cb, values) in shape().prop_flat_map(|(rb, cb)| {
            let g = monotone_grid(rb.len(), cb.len());
            (Just(rb), Just(cb), g)
        }),
        mode in mode(),
        below in below(),
        a in 0i64..=25_000,
        b in 0i64..=25_000,
        other in 0i64..=25_000,
    ) {
        let p = grid_plan(mode, below, &rb, &cb, &values);
        let (lo, hi) = (Decimal::new(a.min(b), 4), Decimal::new(a.max(b), 4));
        let other = Decimal::new(other, 4);
        // Along the rows, the column measure held.
        let s_lo = p.evaluate(&at(lo, other)).unwrap();
        let s_hi = p.evaluate(&at(hi, other)).unwrap();
        prop_assert!(s_lo.lines[0].exact <= s_hi.lines[0].exact);
        prop_assert!(s_lo.total() <= s_hi.total());
        // Along the columns, the row measure held.
        let s_lo = p.evaluate(&at(other, lo)).unwrap();
        let s_hi = p.evaluate(&at(other, hi)).unwrap();
        prop_assert!(s_lo.lines[0].exact <= s_hi.lines[0].exact);
        prop_assert!(s_lo.total() <= s_hi.total());
        prop_assert_eq!(pays(&p, &at(hi, other)), p.evaluate(&at(hi, other)).unwrap().total());
    }
}

/// A matrix built in code reports how it was built.
#[test]
fn a_matrix_reports_its_mode_bounds_and_values() {
    use incentive::payout::{BelowFirst, Matrix, MatrixMode};
    let values = vec![vec![dec!(0.5), dec!(0.75)], vec![dec!(1), dec!(1.5)]];
    let m = Matrix::new(
        MatrixMode::Bilinear,
        BelowFirst::FirstPoint,
        vec![dec!(0.9), dec!(1.1)],
        vec![dec!(0.8), dec!(1.2)],
        values.clone(),
    )
    .unwrap();
    assert_eq!(m.mode(), MatrixMode::Bilinear);
    assert_eq!(m.below_first(), BelowFirst::FirstPoint);
    assert_eq!(m.row_bounds(), [dec!(0.9), dec!(1.1)]);
    assert_eq!(m.column_bounds(), [dec!(0.8), dec!(1.2)]);
    assert_eq!(m.values(), values.as_slice());
    // Halfway along both axes: (0.5 + 0.75 + 1 + 1.5) / 4 = 0.9375.
    let half = |v: Decimal| incentive::Exact::from_decimal(v);
    assert_eq!(
        m.payout(half(dec!(1.0)), half(dec!(1.0))),
        Some(half(dec!(0.9375)))
    );
}

/// A matrix line is at its cap only at the grid's last row and last
/// column: 110% and 105% pays 150%, the most it can; the last row alone
/// or the last column alone is not the top.
#[test]
fn a_matrix_line_is_at_cap_only_at_the_last_row_and_column() {
    let prepared = plan("steps").prepare();
    let mut out = prepared.payout();
    let mut at_cap = |revenue: Decimal, margin: Decimal| {
        prepared
            .evaluate_into(&at(revenue, margin), &mut out)
            .unwrap();
        (out.total(), out.lines()[0].at_cap)
    };
    assert_eq!(at_cap(dec!(1.2), dec!(1.1)), (dec!(15000.00), true));
    assert_eq!(at_cap(dec!(1.1), dec!(1.05)), (dec!(15000.00), true));
    assert_eq!(at_cap(dec!(1.1), dec!(1.0)), (dec!(13000.00), false));
    assert_eq!(at_cap(dec!(1.0), dec!(1.05)), (dec!(12000.00), false));
    assert_eq!(at_cap(dec!(1.0), dec!(1.0)), (dec!(10000.00), false));
}
