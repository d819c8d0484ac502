//! The same-book benchmark's book, shared by `examples/book.rs` and
//! `benches/same_book.rs` (each includes this file with `#[path]`): the
//! product-manager plan of `/work/shared/design/architecture.md` ("The
//! same-book benchmark"), the seeded rows, the hand-written exact loop, and
//! one function per engine route. Every route returns the book's total, so
//! the callers can assert that they agree.

use incentive::simulate::Field;
use incentive::{Inputs, Payout, Plan, PreparedPlan, Result};
use rust_decimal::Decimal;

/// The plan, inline: TI 6,000 a quarter, half-up per line; three
/// quantitative components on one curve (50% → 0, 100% → 100%,
/// 150% → 200%, flat after) and two ratings on the five-point scale.
/// The close rate is an input metric given directly (not a ratio).
pub const PLAN: &str = r#"
id = "product-manager-book"
name = "Product manager (same-book benchmark)"
version = "bench"
currency = "USD"
pay_period = "quarter"
target_incentive = { amount = 6000 }
rounding = { mode = "half-up", scope = "line" }

[metrics.booked]
description = "Product revenue booked in the quarter, USD"

[metrics.pipeline]
description = "Product revenue pipeline, USD"

[metrics.close_rate]
description = "Close rate, given directly"

[curves.standard]
points = [[0.5, 0], [1.0, 1.0], [1.5, 2.0]]

[scales.five-point]
min = 1
max = 5
ratings = [[1, 0], [2, 0.5], [3, 1.0], [4, 1.25], [5, 1.5]]

[[components]]
id = "booked"
name = "Product revenue booked versus planned"
weight = "40%"
metric = "booked"
target = 2000000
curve = "standard"

[[components]]
id = "pipeline"
name = "Product revenue pipeline"
weight = "20%"
metric = "pipeline"
target = 6000000
curve = "standard"

[[components]]
id = "close_rate"
name = "Close rate"
weight = "15%"
metric = "close_rate"
target = 0.25
curve = "standard"

[[components]]
id = "market_perception"
name = "Market perception"
weight = "15%"
rating = "five-point"

[[components]]
id = "field_readiness"
name = "Field readiness"
weight = "10%"
rating = "five-point"
"#;

/// One participant of the book, as drawn.
#[derive(Clone, Copy, Debug)]
pub struct Row {
    /// Booked revenue, whole dollars, in [1,000,000, 3,000,000).
    pub booked: u64,
    /// Pipeline, whole dollars, in [3,000,000, 9,000,000).
    pub pipeline: u64,
    /// Close rate in hundredths, in [10, 40).
    pub close_rate: u64,
    /// Market perception rating, in [1, 6).
    pub market_perception: u64,
    /// Field readiness rating, in [1, 6).
    pub field_readiness: u64,
}

/// xorshift64 from seed 7 (`x ^= x << 13; x ^= x >> 7; x ^= x << 17`).
#[derive(Debug)]
struct XorShift(u64);

impl XorShift {
    /// One draw in [lo, hi): `lo + x % (hi - lo)` after advancing `x`.
    fn draw(&mut self, lo: u64, hi: u64) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        lo + x % (hi - lo)
    }
}

/// The first `n` rows of the book: five draws a row, in field order.
pub fn book(n: usize) -> Vec<Row> {
    let mut rng = XorShift(7);
    (0..n)
        .map(|_| Row {
            booked: rng.draw(1_000_000, 3_000_000),
            pipeline: rng.draw(3_000_000, 9_000_000),
            close_rate: rng.draw(10, 40),
            market_perception: rng.draw(1, 6),
            field_readiness: rng.draw(1, 6),
        })
        .collect()
}

/// The target incentive in cents.
const TI_CENTS: i128 = 600_000;

/// Weights in basis points.
const W_BOOKED: i128 = 4_000;
const W_PIPELINE: i128 = 2_000;
const W_CLOSE_RATE: i128 = 1_500;
const W_MARKET_PERCEPTION: i128 = 1_500;
const W_FIELD_READINESS: i128 = 1_000;
const BP: i128 = 10_000;

/// One line's amount in cents: `TI_CENTS × weight_bp × num / (BP × den)`,
/// rounded half-up (every amount here is non-negative) by one division:
/// `⌊(2n + d) / 2d⌋`.
#[inline(always)]
fn line(weight_bp: i128, num: i128, den: i128) -> i128 {
    let n = TI_CENTS * weight_bp * num;
    let d = BP * den;
    (2 * n + d) / (2 * d)
}

/// The curve's payout factor for `actual` against `target`, as a numerator
/// over `target`. Points (0.5, 0), (1, 1), (1.5, 2), flat after, zero
/// below: both segments have slope 2, so between the first and last point
/// the factor is `2a − 1 = (2·actual − target) / target`.
#[inline(always)]
fn curve(actual: i128, target: i128) -> i128 {
    let twice = 2 * actual;
    if twice <= target {
        0
    } else if twice >= 3 * target {
        2 * target
    } else {
        twice - target
    }
}

/// The five-point scale's payout for a rating, in percent (over 100).
#[inline(always)]
fn scale(rating: u64) -> i128 {
    match rating {
        1 => 0,
        2 => 50,
        3 => 100,
        4 => 125,
        5 => 150,
        _ => unreachable!("the book draws ratings in [1, 6)"),
    }
}

/// The hand-written exact loop: each line one fraction in `i128`, one
/// half-up division per line, summed in cents. No floats, no `Decimal`.
pub fn limit(rows: &[Row]) -> i128 {
    let mut cents = 0i128;
    for r in rows {
        cents += line(W_BOOKED, curve(r.booked.into(), 2_000_000), 2_000_000)
            + line(W_PIPELINE, curve(r.pipeline.into(), 6_000_000), 6_000_000)
            + line(W_CLOSE_RATE, curve(r.close_rate.into(), 25), 25)
            + line(W_MARKET_PERCEPTION, scale(r.market_perception), 100)
            + line(W_FIELD_READINESS, scale(r.field_readiness), 100);
    }
    cents
}

/// A total in cents as the `Decimal` the engine's routes return.
pub fn cents(total: i128) -> Decimal {
    Decimal::from_i128_with_scale(total, 2)
}

/// The plan, parsed and validated.
pub fn plan() -> Result<Plan> {
    Plan::from_toml(PLAN)
}

/// The row's values for [`PreparedPlan::evaluate_values`], in
/// [`PreparedPlan::fields`] order (the plan's fixed targets included).
fn row_values(fields: &[Field], r: &Row) -> Vec<Decimal> {
    fields
        .iter()
        .map(|f| match f {
            Field::Actual(m) if m == "booked" => Decimal::from(r.booked),
            Field::Actual(m) if m == "pipeline" => Decimal::from(r.pipeline),
            Field::Actual(m) if m == "close_rate" => {
                Decimal::from_i128_with_scale(r.close_rate.into(), 2)
            }
            Field::Target(c) if c == "booked" => Decimal::from(2_000_000),
            Field::Target(c) if c == "pipeline" => Decimal::from(6_000_000),
            Field::Target(c) if c == "close_rate" => Decimal::new(25, 2),
            Field::Rating(c) if c == "market_perception" => Decimal::from(r.market_perception),
            Field::Rating(c) if c == "field_readiness" => Decimal::from(r.field_readiness),
            other => unreachable!("the book's plan reads no `{other}`"),
        })
        .collect()
}

/// Every row's values, one after another (`fields().len()` a row).
pub fn values(prepared: &PreparedPlan, rows: &[Row]) -> Vec<Decimal> {
    rows.iter()
        .flat_map(|r| row_values(prepared.fields(), r))
        .collect()
}

/// Every row as [`Inputs`]: actuals and ratings (the targets are the
/// plan's).
pub fn inputs(rows: &[Row]) -> Vec<Inputs> {
    rows.iter()
        .enumerate()
        .map(|(i, r)| {
            Inputs::new(format!("p{i:07}"), "product-manager-book")
                .actual("booked", Decimal::from(r.booked))
                .actual("pipeline", Decimal::from(r.pipeline))
                .actual(
                    "close_rate",
                    Decimal::from_i128_with_scale(r.close_rate.into(), 2),
                )
                .rating("market_perception", Decimal::from(r.market_perception))
                .rating("field_readiness", Decimal::from(r.field_readiness))
        })
        .collect()
}

/// The engine from a row of values, one reused [`Payout`].
pub fn by_values(prepared: &PreparedPlan, values: &[Decimal], out: &mut Payout) -> Result<Decimal> {
    let mut total = Decimal::ZERO;
    for row in values.chunks_exact(prepared.fields().len()) {
        prepared.evaluate_values("p", row, out)?;
        total += out.total();
    }
    Ok(total)
}

/// The engine from [`Inputs`], no explanation, one reused [`Payout`].
pub fn by_inputs(prepared: &PreparedPlan, inputs: &[Inputs], out: &mut Payout) -> Result<Decimal> {
    let mut total = Decimal::ZERO;
    for i in inputs {
        prepared.evaluate_into(i, out)?;
        total += out.total();
    }
    Ok(total)
}

/// The prepared plan's explained statements.
pub fn explained(prepared: &PreparedPlan, inputs: &[Inputs]) -> Result<Decimal> {
    let mut total = Decimal::ZERO;
    for i in inputs {
        total += prepared.statement(i)?.total();
    }
    Ok(total)
}

/// The general engine: [`Plan::evaluate`], fully explained.
pub fn general(plan: &Plan, inputs: &[Inputs]) -> Result<Decimal> {
    let mut total = Decimal::ZERO;
    for i in inputs {
        total += plan.evaluate(i)?.total();
    }
    Ok(total)
}
