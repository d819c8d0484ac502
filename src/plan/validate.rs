//! Turning a [`PlanSpec`] into a checked [`Definition`]: every rule on
//! plan structure is checked here, once.

use std::collections::{BTreeMap, BTreeSet};

use rust_decimal::Decimal;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::spec::{Bounds, CapSpec, ComponentSpec, MatrixSpec, PlanSpec, TargetIncentiveSpec};
use super::{
    AdjustmentPlacement, Cap, Component, Definition, Gate, Kicker, Measure, Metric, Mix, Modifier,
    PayPeriod, Rule, TargetIncentive,
};
use crate::error::{Error, Result};
use crate::money::Currency;
use crate::money::exact_add;
use crate::number::Num;
use crate::payout::{Curve, LabelScale, Matrix, Point, Scale, Steps, TierBasis, Tiers, percent};
use crate::plan::Direction;
use crate::rounding::Rounding;
use crate::source::{item_at, line_column, parse_exact, toml_error};

/// Parses, checks, hands the checked definition to `then`, and locates
/// errors (of checking or of `then`) in the source.
pub(super) fn parse<T>(
    text: &str,
    file: Option<&str>,
    then: impl FnOnce(Definition) -> Result<T>,
) -> Result<T> {
    let root = parse_exact(text).map_err(|e| e.in_file(file))?;
    let tree = root.clone();
    let spec: PlanSpec = serde::Deserialize::deserialize(toml::de::Deserializer::from(root))
        .map_err(|e| {
            let mut err = toml_error(&e, text);
            if let Some(component) = e.span().and_then(|s| {
                item_at(&tree, "components", "id", s.start)
                    .or_else(|| item_at(&tree, "commissions", "id", s.start))
            }) {
                err = err.with_component(&component);
            }
            if let Some(id) = plan_id(&tree) {
                err = err.with_plan(&id);
            }
            err.in_file(file)
        })?;
    let id = spec.id.clone();
    validate(spec).and_then(then).map_err(|e| {
        let e = e.with_plan(&id);
        let d = e.details();
        let span = locate(&tree, d.component.as_deref(), d.field.as_deref());
        let e = match span {
            Some(start) => {
                let (line, column) = line_column(text, start);
                e.at(line, column)
            }
            None => e,
        };
        e.in_file(file)
    })
}

fn plan_id(tree: &Spanned<DeTable<'_>>) -> Option<String> {
    tree.get_ref()
        .get("id")?
        .get_ref()
        .as_str()
        .map(str::to_owned)
}

/// The tables of the arrays of components and of commissions.
fn components<'a, 'i>(
    tree: &'a Spanned<DeTable<'i>>,
) -> impl Iterator<Item = &'a Spanned<DeValue<'i>>> {
    ["components", "commissions"]
        .into_iter()
        .filter_map(|key| match tree.get_ref().get(key)?.get_ref() {
            DeValue::Array(a) => Some(a.iter()),
            _ => None,
        })
        .flatten()
}

/// The byte offset of `field` (a dotted path) inside `component`, or at the
/// top level; the nearest enclosing table where the field itself is absent.
/// A path that starts with a top-level table the component does not have
/// (`gates.…`, for an error about a gate on the component's rating) is
/// read from the top level.
fn locate(
    tree: &Spanned<DeTable<'_>>,
    component: Option<&str>,
    field: Option<&str>,
) -> Option<usize> {
    let mut table: &DeTable<'_> = tree.get_ref();
    let mut best: Option<usize> = None;
    let first = field.and_then(|f| f.split('.').next()).unwrap_or("");
    let top_level = matches!(
        table.get(first).map(|v| v.get_ref()),
        Some(DeValue::Table(_))
    );
    if let Some(c) = component {
        let item = components(tree).find(|item| match item.get_ref() {
            DeValue::Table(t) => t.get("id").and_then(|v| v.get_ref().as_str()) == Some(c),
            _ => false,
        })?;
        if let DeValue::Table(t) = item.get_ref() {
            if t.get(first).is_some() || !top_level {
                table = t;
                best = t.get("id").map(|v| v.span().start);
            }
        }
    }
    for key in field.unwrap_or("").split('.').filter(|k| !k.is_empty()) {
        let Some(value) = table.get(key) else { break };
        best = table
            .iter()
            .find(|(k, _)| k.get_ref() == key)
            .map(|(k, _)| k.span().start)
            .or(best);
        match value.get_ref() {
            DeValue::Table(t) => table = t,
            _ => break,
        }
    }
    best
}

fn points(raw: &[[Num; 2]]) -> Vec<Point> {
    raw.iter().map(|[x, y]| Point::new(x.0, y.0)).collect()
}

fn one_of<T: Copy>(field: &str, options: &[(&str, Option<T>)]) -> Result<T> {
    let given: Vec<(&str, T)> = options
        .iter()
        .filter_map(|(n, v)| v.map(|v| (*n, v)))
        .collect();
    let names: Vec<String> = options.iter().map(|(n, _)| format!("`{n}`")).collect();
    match given.as_slice() {
        [(_, v)] => Ok(*v),
        [] => Err(Error::plan(format!("give one of {}", names.join(", "))).with_field(field)),
        many => Err(Error::plan(format!(
            "give only one of {}; found {}",
            names.join(", "),
            many.iter()
                .map(|(n, _)| format!("`{n}`"))
                .collect::<Vec<_>>()
                .join(" and ")
        ))
        .with_field(field)),
    }
}

/// A condition's level: `at_least` (inclusive) or `above` (strict), one of
/// the two.
fn level(
    field: &str,
    at_least: Option<Decimal>,
    above: Option<Decimal>,
) -> Result<(Decimal, bool)> {
    let not_negative = |l: Decimal, key: &str| {
        if l.is_sign_negative() && !l.is_zero() {
            Err(Error::plan(format!(
                "is {l}; a level is an attainment, 0 or more (`above = 0` is any result above nothing)"
            ))
            .with_field(format!("{field}.{key}")))
        } else {
            Ok(l)
        }
    };
    match (at_least, above) {
        (Some(l), None) => Ok((not_negative(l, "at_least")?, false)),
        (None, Some(l)) => Ok((not_negative(l, "above")?, true)),
        (Some(_), Some(_)) => Err(Error::plan(
            "give one of `at_least` (reached, inclusive) or `above` (exceeded, strict), not both",
        )
        .with_field(format!("{field}.above"))),
        (None, None) => Err(Error::plan(
            "give the level: `at_least` (reached, inclusive) or `above` (exceeded, strict)",
        )
        .with_field(format!("{field}.at_least"))),
    }
}

fn positive(field: &str, v: Decimal) -> Result<Decimal> {
    if v > Decimal::ZERO {
        Ok(v)
    } else {
        Err(Error::plan(format!("is {v}; it must be above 0")).with_field(field))
    }
}

fn cap(spec: &CapSpec, field: &str) -> Result<Cap> {
    #[derive(Clone, Copy)]
    enum Which {
        Pct(Decimal),
        Amt(Decimal),
    }
    let which = one_of(
        field,
        &[
            ("percent_of_target", spec.percent_of_target.map(Which::Pct)),
            ("amount", spec.amount.map(Which::Amt)),
        ],
    )?;
    Ok(match which {
        Which::Pct(p) => Cap::PercentOfTarget(positive(&format!("{field}.percent_of_target"), p)?),
        Which::Amt(a) => Cap::Amount(positive(&format!("{field}.amount"), a)?),
    })
}

fn names<'a>(keys: impl Iterator<Item = &'a String>) -> String {
    let v: Vec<String> = keys.map(|k| format!("`{k}`")).collect();
    if v.is_empty() {
        "none".into()
    } else {
        v.join(", ")
    }
}

fn check_id(field: &str, id: &str) -> Result<()> {
    if id.is_empty() || id.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(Error::plan(format!(
            "`{id}` is not a valid id; use letters, digits, `-` and `_`, with no spaces"
        ))
        .with_field(field));
    }
    Ok(())
}

/// Checks a name or label that statements show: one line of text, with
/// no control character (a CR or LF would forge a line of a text
/// statement).
pub(super) fn check_text(field: &str, text: &str) -> Result<()> {
    if text.trim().is_empty() {
        return Err(Error::plan(format!(
            "`{}` is blank; names and labels shown on statements say something",
            text.escape_debug()
        ))
        .with_field(field));
    }
    match text.chars().find(|c| c.is_control()) {
        Some(c) => Err(Error::plan(format!(
            "`{}` holds the control character {}; names and labels shown on statements are one line of text with no control characters",
            text.escape_debug(),
            c.escape_unicode()
        ))
        .with_field(field)),
        None => Ok(()),
    }
}

/// The checked target incentive, annual quota and period weights.
type CheckedTi = (
    Option<TargetIncentive>,
    Option<Decimal>,
    Option<Vec<Decimal>>,
);

/// Checks the `target_incentive` table: one form (`amount`, `annual`,
/// `percent_of_base`, or `ote` with `mix`), and the `quota` and
/// `period_weights` that go with an annual form.
fn target_incentive(ti: &TargetIncentiveSpec, period: PayPeriod) -> Result<CheckedTi> {
    #[derive(Clone, Copy)]
    enum Ti {
        Amount(Decimal),
        Annual(Decimal),
        Pct(Decimal),
    }
    let form = if ti.ote.is_some() || ti.mix.is_some() {
        // The pay mix form stands alone: the other forms are checked as
        // they always were, so their messages do not change.
        let others: Vec<&str> = [
            ("amount", ti.amount.is_some()),
            ("annual", ti.annual.is_some()),
            ("percent_of_base", ti.percent_of_base.is_some()),
        ]
        .into_iter()
        .filter_map(|(n, given)| given.then_some(n))
        .collect();
        if let Some(other) = others.first() {
            return Err(Error::plan(format!(
                "give `ote` with `mix`, or one of `amount`, `annual`, `percent_of_base`; found `ote`/`mix` and `{other}`"
            ))
            .with_field("target_incentive"));
        }
        let ote = ti.ote.ok_or_else(|| {
            Error::plan(
                "a `mix` divides on-target earnings; give them as `ote`, such as `ote = 200000`",
            )
            .with_field("target_incentive.mix")
        })?;
        let mix = ti.mix.as_deref().ok_or_else(|| {
            Error::plan(
                "`ote` needs a `mix`, the base and variable shares of on-target earnings, such as `mix = \"60/40\"`",
            )
            .with_field("target_incentive.ote")
        })?;
        let mix: Mix = mix
            .parse()
            .map_err(|m: String| Error::plan(m).with_field("target_incentive.mix"))?;
        TargetIncentive::Ote {
            ote: positive("target_incentive.ote", ote)?,
            mix,
        }
    } else if ti.amount.is_none() && ti.annual.is_none() && ti.percent_of_base.is_none() {
        return Err(Error::plan(
            "give one of `amount`, `annual`, `percent_of_base`, or `ote` with `mix`",
        )
        .with_field("target_incentive"));
    } else {
        match one_of(
            "target_incentive",
            &[
                ("amount", ti.amount.map(Ti::Amount)),
                ("annual", ti.annual.map(Ti::Annual)),
                ("percent_of_base", ti.percent_of_base.map(Ti::Pct)),
            ],
        )? {
            Ti::Amount(a) => TargetIncentive::Amount(positive("target_incentive.amount", a)?),
            Ti::Annual(a) => TargetIncentive::Annual(positive("target_incentive.annual", a)?),
            Ti::Pct(p) => {
                TargetIncentive::PercentOfBase(positive("target_incentive.percent_of_base", p)?)
            }
        }
    };
    let quota = match ti.quota {
        None => None,
        Some(q) => {
            if !matches!(
                form,
                TargetIncentive::Ote { .. } | TargetIncentive::PercentOfBase(_)
            ) {
                return Err(Error::plan(format!(
                    "a `quota` gives the implied commission rate of a pay mix (variable ÷ quota); this target incentive is {form}, with no base and variable: give `ote` and `mix`, or `percent_of_base`"
                ))
                .with_field("target_incentive.quota"));
            }
            Some(positive("target_incentive.quota", q)?)
        }
    };
    let weights = match &ti.period_weights {
        None => None,
        Some(raw) => {
            if let TargetIncentive::Amount(a) = form {
                return Err(Error::plan(format!(
                    "`amount` is {a} every {period}; period weights divide an annual target incentive, so give `annual`, `percent_of_base` or `ote` instead"
                ))
                .with_field("target_incentive.period_weights"));
            }
            let weights: Vec<Decimal> = raw.iter().map(|w| w.0).collect();
            super::pay::check_period_weights(&weights, period)
                .map_err(|m| Error::plan(m).with_field("target_incentive.period_weights"))?;
            Some(weights)
        }
    };
    Ok((Some(form), quota, weights))
}

fn validate(spec: PlanSpec) -> Result<Definition> {
    check_id("id", &spec.id)?;
    check_text("name", &spec.name)?;
    check_text("version", &spec.version)?;
    // Inputs name the plan by this id, and every inputs reader refuses a
    // plan id that a spreadsheet would read as a formula: such a plan
    // could never be named.
    if let Some(c) = spec
        .id
        .chars()
        .next()
        .filter(|c| crate::id::FORMULA_PREFIXES.contains(c))
    {
        return Err(Error::plan(format!(
            "`{}` starts with `{c}`, which a spreadsheet reads as a formula, and inputs cannot name such a plan; a plan id starts with a letter, a digit or another character than `=`, `+`, `-` or `@`",
            spec.id
        ))
        .with_field("id"));
    }
    let mut currency: Currency =
        spec.currency
            .parse()
            .map_err(|e: crate::money::CurrencyError| {
                Error::plan(e.to_string()).with_field("currency")
            })?;
    if let Some(units) = spec.minor_units {
        if units > 6 {
            return Err(
                Error::plan(format!("is {units}; minor units go from 0 to 6"))
                    .with_field("minor_units"),
            );
        }
        currency = currency.with_minor_units(units);
    }
    let (target_incentive, quota, period_weights) = match &spec.target_incentive {
        None => (None, None, None),
        Some(ti) => target_incentive(ti, spec.pay_period)?,
    };
    let rounding = Rounding::new(
        spec.rounding.mode,
        spec.rounding.scope,
        currency.minor_units(),
    );

    // Metrics: inputs, or ratios of two inputs.
    let mut metrics = BTreeMap::new();
    for (name, m) in &spec.metrics {
        check_id(&format!("metrics.{name}"), name)?;
        let metric = match &m.ratio {
            None => Metric::Input,
            Some(r) => {
                for (which, operand) in
                    [("numerator", &r.numerator), ("denominator", &r.denominator)]
                {
                    let field = format!("metrics.{name}.ratio.{which}");
                    match spec.metrics.get(operand) {
                        None => {
                            return Err(Error::plan(format!(
                                "metric `{operand}` is not declared; declare it under `[metrics]` (declared: {})",
                                names(spec.metrics.keys())
                            ))
                            .with_field(field));
                        }
                        Some(o) if o.ratio.is_some() => {
                            return Err(Error::plan(format!(
                                "metric `{operand}` is itself a ratio; a ratio's operands must be input metrics"
                            ))
                            .with_field(field));
                        }
                        Some(_) => {}
                    }
                }
                Metric::Ratio {
                    numerator: r.numerator.clone(),
                    denominator: r.denominator.clone(),
                }
            }
        };
        metrics.insert(name.clone(), metric);
    }

    let mut curves = BTreeMap::new();
    for (name, c) in &spec.curves {
        check_id(&format!("curves.{name}"), name)?;
        let curve = Curve::new(points(&c.points), c.extrapolate)
            .map_err(|m| Error::plan(m).with_field(format!("curves.{name}.points")))?;
        curves.insert(name.clone(), curve);
    }
    let mut scales = BTreeMap::new();
    for (name, s) in &spec.scales {
        check_id(&format!("scales.{name}"), name)?;
        scales.insert(name.clone(), scale(name, s)?);
    }

    if spec.components.is_empty() && spec.commissions.is_empty() {
        return Err(Error::plan(
            "a plan needs at least one `[[components]]` (a share of target incentive) or `[[commissions]]` (rates on transaction lines) table",
        )
        .with_field("components"));
    }
    if !spec.components.is_empty() && target_incentive.is_none() {
        return Err(Error::plan(
            "weighted `[[components]]` pay a share of target incentive, so the plan needs `target_incentive` (`amount`, `annual` or `percent_of_base`); a plan of `[[commissions]]` only needs none",
        )
        .with_field("target_incentive"));
    }
    let mut seen = BTreeSet::new();
    let mut components = Vec::with_capacity(spec.components.len());
    let mut weight_sum = Decimal::ZERO;
    for c in &spec.components {
        check_id("id", &c.id).map_err(|e| e.with_component(&c.id))?;
        check_text("name", &c.name).map_err(|e| e.with_component(&c.id))?;
        if !seen.insert(c.id.clone()) {
            return Err(Error::plan(format!(
                "component id `{}` appears twice; ids must be unique",
                c.id
            ))
            .with_component(&c.id)
            .with_field("id"));
        }
        let component =
            component(c, &metrics, &curves, &scales).map_err(|e| e.with_component(&c.id))?;
        weight_sum = exact_add(weight_sum, component.weight)
            .ok_or_else(|| Error::plan("weights are too large to add").with_field("weight"))?;
        components.push(component);
    }
    if !components.is_empty() && weight_sum != Decimal::ONE {
        let (own, weighted): (Vec<_>, Vec<_>) = components.iter().partition(|c| c.amount.is_some());
        if weighted.is_empty() {
            return Err(Error::plan(
                "every component gives its own `amount`, so none takes a share of `target_incentive`; give at least one a `weight`, the weights summing to exactly 100% (a plan of one fixed amount is one component of `weight = \"100%\"` with that `target_incentive`)",
            )
            .with_field("components.weight"));
        }
        let mut listed = weighted
            .iter()
            .map(|c| format!("`{}` {}", c.id, percent(c.weight)))
            .collect::<Vec<String>>()
            .join(" + ");
        if !own.is_empty() {
            let ids: Vec<String> = own.iter().map(|c| format!("`{}`", c.id)).collect();
            listed.push_str(&format!(
                "; {} with its own `amount`, outside the weights",
                ids.join(", ")
            ));
        }
        return Err(Error::plan(format!(
            "weights sum to {} ({}); they must sum to exactly 100%",
            percent(weight_sum),
            listed
        ))
        .with_field("components.weight"));
    }
    parts_apart(&components)?;
    let mut commissions = Vec::with_capacity(spec.commissions.len());
    for c in &spec.commissions {
        check_id("id", &c.id).map_err(|e| e.with_component(&c.id))?;
        check_text("name", &c.name).map_err(|e| e.with_component(&c.id))?;
        if !seen.insert(c.id.clone()) {
            return Err(Error::plan(format!(
                "component id `{}` appears twice; ids of components and commissions must be unique",
                c.id
            ))
            .with_component(&c.id)
            .with_field("id"));
        }
        commissions.push(super::commission::commission(c).map_err(|e| e.with_component(&c.id))?);
    }
    let plan_cap = spec.cap.as_ref().map(|c| cap(c, "cap")).transpose()?;
    if matches!(plan_cap, Some(Cap::PercentOfTarget(_))) && target_incentive.is_none() {
        return Err(Error::plan(
            "a cap as a percent of target incentive needs the plan's `target_incentive`; give the cap as an `amount`",
        )
        .with_field("cap"));
    }
    let adjustments = spec.adjustments.unwrap_or_default();
    if adjustments == AdjustmentPlacement::InsideCap && plan_cap.is_none() {
        return Err(Error::plan(
            "`inside-cap` places the inputs' manual adjustments under the plan's `cap`, and this plan has none; add a `cap`, or use `outside-cap`",
        )
        .with_field("adjustments"));
    }
    let clawback = spec.clawback.as_ref().map(clawback).transpose()?;
    let mut transaction_metrics = BTreeMap::new();
    for (name, m) in &spec.metrics {
        if let Some(t) = &m.transactions {
            if m.ratio.is_some() {
                return Err(Error::plan(
                    "a ratio metric is derived from its operands; give `transactions` on them instead",
                )
                .with_field(format!("metrics.{name}.transactions")));
            }
            transaction_metrics.insert(name.clone(), t.clone());
        }
    }

    // Named measures: quantitative, not paid, driving gates, modifiers and
    // kickers. Their names share one namespace with component ids.
    let mut measures = BTreeMap::new();
    for (name, m) in &spec.measures {
        let field = format!("measures.{name}");
        check_id(&field, name)?;
        if seen.contains(name) {
            return Err(Error::plan(format!(
                "`{name}` is both a component id and a measure name; a condition could not tell them apart"
            ))
            .with_field(field));
        }
        let measure = quantitative(
            &m.metric,
            m.target,
            m.direction,
            m.formula,
            m.baseline,
            &metrics,
        )
        .map_err(|e| prefix_field(e, &field))?;
        measures.insert(name.clone(), measure);
    }
    // A condition reads the attainment of a quantitative component or of a
    // named measure.
    let condition_measure = |field: &str, name: &str| -> Result<()> {
        let is_component = components
            .iter()
            .any(|c| c.id == name && matches!(c.measure, Measure::Quantitative { .. }));
        if is_component || measures.contains_key(name) {
            return Ok(());
        }
        let mut valid: Vec<&String> = components
            .iter()
            .filter(|c| matches!(c.measure, Measure::Quantitative { .. }))
            .map(|c| &c.id)
            .collect();
        valid.extend(measures.keys());
        Err(Error::plan(format!(
            "`{name}` is neither a quantitative component nor a measure of this plan; conditions read the attainment of {}",
            names(valid.into_iter())
        ))
        .with_field(field))
    };
    // A bonus matrix reads two of the same measures.
    for c in &components {
        let Measure::Matrix { rows, columns } = &c.measure else {
            continue;
        };
        for (field, name) in [("matrix.rows", rows), ("matrix.columns", columns)] {
            let is_component = components
                .iter()
                .any(|x| &x.id == name && x.is_quantitative());
            if is_component || measures.contains_key(name) {
                continue;
            }
            let mut valid: Vec<&String> = components
                .iter()
                .filter(|x| x.is_quantitative())
                .map(|x| &x.id)
                .collect();
            valid.extend(measures.keys());
            return Err(Error::plan(format!(
                "`{name}` is neither a quantitative component nor a measure of this plan; a matrix reads the attainment of {}",
                names(valid.into_iter())
            ))
            .with_component(&c.id)
            .with_field(field));
        }
    }
    let mut gates = BTreeMap::new();
    for (name, g) in &spec.gates {
        let field = format!("gates.{name}");
        check_id(&field, name)?;
        let gate = match (&g.measure, &g.rating) {
            (Some(measure), None) => {
                if g.labels.is_some() {
                    return Err(Error::plan(
                        "`in` lists the labels of a label gate on a `rating`; a gate on a `measure` reads `at_least`",
                    )
                    .with_field(format!("{field}.in")));
                }
                condition_measure(&format!("{field}.measure"), measure)?;
                let (at_least, strict) = level(&field, g.at_least, g.above)?;
                Gate::Attainment {
                    measure: measure.clone(),
                    at_least,
                    strict,
                }
            }
            (None, Some(rating)) => label_gate(&field, g, rating, &components)?,
            (Some(_), Some(_)) => {
                return Err(Error::plan(
                    "give only one of `measure` (a gate on an attainment) and `rating` (a gate on a label)",
                )
                .with_field(field));
            }
            (None, None) => {
                return Err(Error::plan(
                    "give `measure` and `at_least` (a gate on an attainment), or `rating` and `in` (a gate on a label)",
                )
                .with_field(field));
            }
        };
        gates.insert(name.clone(), gate);
    }
    let mut modifiers = BTreeMap::new();
    for (name, m) in &spec.modifiers {
        let field = format!("modifiers.{name}");
        check_id(&field, name)?;
        condition_measure(&format!("{field}.measure"), &m.measure)?;
        let curve = curves.get(&m.curve).cloned().ok_or_else(|| {
            Error::plan(format!(
                "curve `{}` is not defined; defined curves: {}",
                m.curve,
                names(curves.keys())
            ))
            .with_field(format!("{field}.curve"))
        })?;
        modifiers.insert(
            name.clone(),
            Modifier {
                measure: m.measure.clone(),
                curve_name: m.curve.clone(),
                curve,
                below_first: m.below_first,
            },
        );
    }
    let mut kickers = Vec::with_capacity(spec.kickers.len());
    let mut kicker_ids = BTreeSet::new();
    for k in &spec.kickers {
        let field = format!("kickers.{}", k.id);
        check_id(&field, &k.id)?;
        check_text(&format!("{field}.name"), &k.name)?;
        if !kicker_ids.insert(k.id.clone()) {
            return Err(Error::plan(format!(
                "kicker id `{}` appears twice; ids must be unique",
                k.id
            ))
            .with_field(field));
        }
        condition_measure(&format!("{field}.measure"), &k.measure)?;
        positive(&format!("{field}.amount"), k.amount)?;
        let (at_least, strict) = level(&field, k.at_least, k.above)?;
        kickers.push(Kicker {
            id: k.id.clone(),
            name: k.name.clone(),
            measure: k.measure.clone(),
            at_least,
            strict,
            amount: k.amount,
        });
    }
    let gate_ref = |field: &str, name: &Option<String>| -> Result<()> {
        match name {
            Some(n) if !gates.contains_key(n) => Err(Error::plan(format!(
                "gate `{n}` is not defined; defined gates: {}",
                names(gates.keys())
            ))
            .with_field(field)),
            _ => Ok(()),
        }
    };
    let modifier_ref = |field: &str, name: &Option<String>| -> Result<()> {
        match name {
            Some(n) if !modifiers.contains_key(n) => Err(Error::plan(format!(
                "modifier `{n}` is not defined; defined modifiers: {}",
                names(modifiers.keys())
            ))
            .with_field(field)),
            _ => Ok(()),
        }
    };
    gate_ref("gate", &spec.gate)?;
    modifier_ref("modifier", &spec.modifier)?;
    for c in &components {
        gate_ref("gate", &c.gate).map_err(|e| e.with_component(&c.id))?;
        modifier_ref("modifier", &c.modifier).map_err(|e| e.with_component(&c.id))?;
    }
    let year = super::policy::validate(spec.year.as_ref(), currency.minor_units())?;
    match (
        spec.pay_period == PayPeriod::Custom,
        year.periods.is_empty(),
    ) {
        (true, true) => {
            return Err(Error::plan(
                "missing `periods`: a plan with `pay_period = \"custom\"` lists its periods, such as `periods = [{ label = \"2026-P01\", start = 2026-01-01, end = 2026-01-28 }, ...]`",
            )
            .with_field("year.periods"));
        }
        (false, false) => {
            return Err(Error::plan(format!(
                "a plan paid every {} makes its own periods; `periods` applies only with `pay_period = \"custom\"`",
                spec.pay_period
            ))
            .with_field("year.periods"));
        }
        _ => {}
    }
    match (spec.pay_period.anchored_days(), year.anchor) {
        (Some(_), None) => {
            return Err(Error::plan(format!(
                "missing `anchor`: a plan paid every {} needs the first day of any one of its pay periods, such as `anchor = 2026-01-02`",
                spec.pay_period
            ))
            .with_field("year.anchor"));
        }
        (None, Some(anchor)) => {
            return Err(Error::plan(format!(
                "is {anchor}, but a plan paid every {} starts its periods on calendar dates; `anchor` applies only with `pay_period = \"week\"` or `\"biweek\"`",
                spec.pay_period
            ))
            .with_field("year.anchor"));
        }
        _ => {}
    }
    Ok(Definition {
        id: spec.id,
        name: spec.name,
        version: spec.version,
        description: spec.description,
        currency,
        pay_period: spec.pay_period,
        target_incentive,
        quota,
        period_weights,
        adjustments,
        rounding,
        metrics,
        components,
        commissions,
        negative: spec.negative.unwrap_or_default(),
        cap: plan_cap,
        measures,
        gates,
        modifiers,
        kickers,
        gate: spec.gate,
        modifier: spec.modifier,
        clawback,
        transaction_metrics,
        year,
    })
}

/// Checks a clawback: a window in days, or bands of days and shares.
fn clawback(spec: &super::spec::ClawbackSpec) -> Result<super::Clawback> {
    match (spec.window_days, &spec.bands) {
        (Some(w), None) => Ok(super::Clawback::Window(w)),
        (None, Some(raw)) => {
            let mut bands: Vec<(u32, Decimal)> = Vec::with_capacity(raw.len());
            for (i, [d, share]) in raw.iter().enumerate() {
                let field = format!("clawback.bands.{i}");
                let days = u32::try_from(d.0.normalize().mantissa())
                    .ok()
                    .filter(|_| d.0.fract().is_zero() && !d.0.is_sign_negative())
                    .ok_or_else(|| {
                        Error::plan(format!("{} is not a whole number of days of 0 or more", d.0))
                            .with_field(field.clone())
                    })?;
                if i == 0 && days != 0 {
                    return Err(Error::plan(format!(
                        "the first band starts at day {days}; it must start at day 0"
                    ))
                    .with_field(field));
                }
                if bands.last().is_some_and(|(prev, _)| days <= *prev) {
                    return Err(Error::plan(format!(
                        "day {days} is not after the band before; days must increase"
                    ))
                    .with_field(field));
                }
                if share.0.is_sign_negative() && !share.0.is_zero() || share.0 > Decimal::ONE {
                    return Err(Error::plan(format!(
                        "share {} is outside 0% to 100%",
                        percent(share.0)
                    ))
                    .with_field(field));
                }
                bands.push((days, share.0));
            }
            if bands.is_empty() {
                return Err(Error::plan("`bands` needs at least one band").with_field("clawback.bands"));
            }
            Ok(super::Clawback::Bands(bands))
        }
        _ => Err(Error::plan(
            "give one of `window_days` (everything within so many days) or `bands` (a share by days)",
        )
        .with_field("clawback")),
    }
}

fn prefix_field(e: Error, prefix: &str) -> Error {
    let mut e = e;
    let d = e.details_mut();
    d.field = Some(match d.field.take() {
        Some(f) => format!("{prefix}.{f}"),
        None => prefix.to_owned(),
    });
    e
}

/// Checks a quantitative measure's metric, target, direction and formula.
fn quantitative(
    metric: &str,
    target: Option<Decimal>,
    direction: Option<Direction>,
    formula: Option<crate::plan::LowerIsBetter>,
    baseline: Option<Decimal>,
    metrics: &BTreeMap<String, Metric>,
) -> Result<Measure> {
    if !metrics.contains_key(metric) {
        return Err(Error::plan(format!(
            "metric `{metric}` is not declared, so no input provides it; declare it under `[metrics]` (declared: {})",
            names(metrics.keys())
        ))
        .with_field("metric"));
    }
    if let Some(t) = target {
        positive("target", t)?;
    }
    let direction = direction.unwrap_or_default();
    match (direction, formula) {
        (Direction::HigherIsBetter, Some(_)) => {
            return Err(Error::plan(
                "a `formula` applies only with `direction = \"lower-is-better\"`",
            )
            .with_field("formula"));
        }
        (Direction::LowerIsBetter, None) => {
            return Err(Error::plan(
                "a lower-is-better measure needs a `formula`: \"target-over-actual\" or \"two-minus-actual-over-target\"",
            )
            .with_field("formula"));
        }
        _ => {}
    }
    if let Some(b) = baseline {
        if direction == Direction::LowerIsBetter {
            return Err(Error::plan(
                "a baseline measures attainment from the baseline up to the goal; it needs `direction = \"higher-is-better\"`",
            )
            .with_field("baseline"));
        }
        if let Some(t) = target {
            if t <= b {
                return Err(Error::plan(format!(
                    "the baseline {b} is at or above the goal (target) {t}; attainment runs from the baseline up to the goal, so the goal must be above it"
                ))
                .with_field("baseline"));
            }
        }
    }
    Ok(Measure::Quantitative {
        metric: metric.to_owned(),
        target,
        direction,
        formula,
        baseline,
    })
}

/// Refuses `field` when it is `present` on a component it does not apply
/// to, saying `why`.
fn refuse(field: &str, present: bool, why: &str) -> Result<()> {
    if present {
        Err(Error::plan(format!("`{field}` does not apply here: {why}")).with_field(field))
    } else {
        Ok(())
    }
}

/// A component that pays at target: no measure, no rule.
fn fixed_component(
    c: &ComponentSpec,
    weight: Decimal,
    amount: Option<Decimal>,
) -> Result<Component> {
    let why = "a component that pays at target has no measure or rule";
    for (field, present) in [
        ("metric", c.metric.is_some()),
        ("rating", c.rating.is_some()),
        ("score", c.score.is_some()),
        ("curve", c.curve.is_some()),
        ("steps", c.steps.is_some()),
        ("tiers", c.tiers.is_some()),
        ("multipliers", c.multipliers.is_some()),
        ("target", c.target.is_some()),
        ("direction", c.direction.is_some()),
        ("formula", c.formula.is_some()),
        ("baseline", c.baseline.is_some()),
        ("bounds", c.bounds.is_some()),
        ("modifier", c.modifier.is_some()),
        ("matrix", c.matrix.is_some()),
    ] {
        refuse(field, present, why)?;
    }
    if let Some(m) = c.measurement.filter(|m| m.is_to_date()) {
        return Err(Error::plan(format!(
            "a component that pays at target has nothing to measure {m}"
        ))
        .with_field("measurement"));
    }
    Ok(Component {
        id: c.id.clone(),
        name: c.name.clone(),
        description: c.description.clone(),
        weight,
        amount,
        measure: Measure::Fixed,
        rule: Rule::AtTarget,
        cap: c.cap.as_ref().map(|s| cap(s, "cap")).transpose()?,
        gate: c.gate.clone(),
        modifier: None,
        measurement: crate::plan::Measurement::Period,
    })
}

fn component(
    c: &ComponentSpec,
    metrics: &BTreeMap<String, Metric>,
    curves: &BTreeMap<String, Curve>,
    scales: &BTreeMap<String, ScaleDef>,
) -> Result<Component> {
    let (weight, amount) = match (c.weight, c.amount) {
        (Some(w), None) => {
            if w <= Decimal::ZERO || w > Decimal::ONE {
                return Err(Error::plan(format!(
                    "is {}; a weight must be above 0% and at most 100%",
                    percent(w)
                ))
                .with_field("weight"));
            }
            (w, None)
        }
        (None, Some(a)) => (Decimal::ZERO, Some(positive("amount", a)?)),
        (Some(_), Some(_)) => {
            return Err(Error::plan(
                "give one of `weight` (a share of the plan's target incentive) or `amount` (the component's own target incentive), not both",
            )
            .with_field("amount"));
        }
        (None, None) => {
            return Err(Error::plan(
                "give the component's `weight` (a share of the plan's target incentive, such as \"25%\") or its own `amount`",
            )
            .with_field("weight"));
        }
    };
    if c.pays.is_some() {
        return fixed_component(c, weight, amount);
    }
    if let Some(m) = &c.matrix {
        let (measure, rule) = matrix(c, m)?;
        return finish(c, weight, amount, measure, rule);
    }
    #[derive(Clone, Copy)]
    enum Kind {
        Metric,
        Rating,
        Score,
    }
    let kind = one_of(
        "metric",
        &[
            ("metric", c.metric.as_ref().map(|_| Kind::Metric)),
            ("rating", c.rating.as_ref().map(|_| Kind::Rating)),
            ("score", c.score.as_ref().map(|_| Kind::Score)),
        ],
    )?;
    let not_here = refuse;
    let rule_from = |numeric_only: bool| -> Result<Rule> {
        #[derive(Clone, Copy)]
        enum R {
            Curve,
            Steps,
            Tiers,
            Multipliers,
        }
        let r = one_of(
            "curve",
            &[
                ("curve", c.curve.as_ref().map(|_| R::Curve)),
                ("steps", c.steps.as_ref().map(|_| R::Steps)),
                ("tiers", c.tiers.as_ref().map(|_| R::Tiers)),
                (
                    "multipliers",
                    c.multipliers.as_ref().map(|_| R::Multipliers),
                ),
            ],
        )?;
        let exclusive = c.bounds == Some(Bounds::Exclusive);
        if c.bounds.is_some() && matches!(r, R::Curve) {
            return Err(Error::plan(
                "`bounds` applies to the bands of `steps`, `tiers` and `multipliers`; a curve is continuous (write a jump as two points at one attainment)",
            )
            .with_field("bounds"));
        }
        Ok(match r {
            R::Curve => {
                let name = c.curve.clone().unwrap_or_default();
                let curve = curves.get(&name).cloned().ok_or_else(|| {
                    Error::plan(format!(
                        "curve `{name}` is not defined; defined curves: {}",
                        names(curves.keys())
                    ))
                    .with_field("curve")
                })?;
                Rule::Curve { name, curve }
            }
            R::Steps => {
                let raw = c.steps.as_deref().unwrap_or_default();
                let steps =
                    Steps::new(points(raw)).map_err(|m| Error::plan(m).with_field("steps"))?;
                Rule::Steps(if exclusive { steps.exclusive() } else { steps })
            }
            R::Multipliers => {
                let m = c
                    .multipliers
                    .as_ref()
                    .ok_or_else(|| Error::plan("missing multipliers"))?;
                let bands = m.bands.iter().map(|[x, y]| (x.0, y.0)).collect();
                let t = Tiers::new(TierBasis::Attainment, m.mode, bands).map_err(|m| {
                    Error::plan(m.replace("rate", "multiplier")).with_field("multipliers.bands")
                })?;
                Rule::Multipliers(if exclusive { t.exclusive() } else { t })
            }
            R::Tiers => {
                if numeric_only {
                    return Err(Error::plan(
                        "a score cannot pay through `tiers`, which need an amount; use `curve` or `steps`",
                    )
                    .with_field("tiers"));
                }
                let t = c
                    .tiers
                    .as_ref()
                    .ok_or_else(|| Error::plan("missing tiers"))?;
                let bands = t.bands.iter().map(|[x, y]| (x.0, y.0)).collect();
                let t = Tiers::new(t.basis, t.mode, bands)
                    .map_err(|m| Error::plan(m).with_field("tiers.bands"))?;
                Rule::Tiers(if exclusive { t.exclusive() } else { t })
            }
        })
    };
    let (measure, rule) = match kind {
        Kind::Metric => {
            let metric = c.metric.clone().unwrap_or_default();
            let measure = quantitative(
                &metric,
                c.target,
                c.direction,
                c.formula,
                c.baseline,
                metrics,
            )?;
            let rule = rule_from(false)?;
            let lower = matches!(
                measure,
                Measure::Quantitative {
                    direction: Direction::LowerIsBetter,
                    ..
                }
            );
            if matches!(rule, Rule::Tiers(_)) && lower {
                return Err(Error::plan(
                    "tiers pay a rate on the actual amount, so they need `direction = \"higher-is-better\"`; use `curve` or `steps` for a lower-is-better measure",
                )
                .with_field("tiers"));
            }
            (measure, rule)
        }
        Kind::Rating => {
            let why = "a rating pays through its scale";
            not_here("curve", c.curve.is_some(), why)?;
            not_here("steps", c.steps.is_some(), why)?;
            not_here("tiers", c.tiers.is_some(), why)?;
            not_here("target", c.target.is_some(), "a rating has no target")?;
            not_here(
                "direction",
                c.direction.is_some(),
                "a rating has no direction",
            )?;
            not_here("formula", c.formula.is_some(), "a rating has no formula")?;
            not_here("baseline", c.baseline.is_some(), "a rating has no baseline")?;
            not_here("multipliers", c.multipliers.is_some(), why)?;
            not_here("bounds", c.bounds.is_some(), why)?;
            let name = c.rating.clone().unwrap_or_default();
            let scale = scales.get(&name).cloned().ok_or_else(|| {
                Error::plan(format!(
                    "scale `{name}` is not defined; defined scales: {}",
                    names(scales.keys())
                ))
                .with_field("rating")
            })?;
            match scale {
                ScaleDef::Numeric(scale) => (Measure::Rating { scale: name }, Rule::Scale(scale)),
                ScaleDef::Labels(scale) => (Measure::Label { scale: name }, Rule::Labels(scale)),
            }
        }
        Kind::Score => {
            not_here("target", c.target.is_some(), "a score has no target")?;
            not_here(
                "direction",
                c.direction.is_some(),
                "a score has no direction",
            )?;
            not_here("formula", c.formula.is_some(), "a score has no formula")?;
            not_here("baseline", c.baseline.is_some(), "a score has no baseline")?;
            let s = c
                .score
                .as_ref()
                .ok_or_else(|| Error::plan("missing score"))?;
            if s.min >= s.max {
                return Err(Error::plan(format!(
                    "the range {} to {} is empty; `min` must be below `max`",
                    s.min, s.max
                ))
                .with_field("score"));
            }
            let measure = match &s.of {
                None => Measure::Score {
                    min: s.min,
                    max: s.max,
                },
                Some(of) => Measure::Weighted {
                    min: s.min,
                    max: s.max,
                    parts: weighted_parts(&c.id, of)?,
                },
            };
            (measure, rule_from(true)?)
        }
    };
    finish(c, weight, amount, measure, rule)
}

/// A component with its checked measure and rule: the parts every
/// component has.
fn finish(
    c: &ComponentSpec,
    weight: Decimal,
    amount: Option<Decimal>,
    measure: Measure,
    rule: Rule,
) -> Result<Component> {
    let cap = c.cap.as_ref().map(|s| cap(s, "cap")).transpose()?;
    let measurement = c.measurement.unwrap_or_default();
    if amount.is_some() && measurement.is_to_date() {
        return Err(Error::plan(format!(
            "a component with its own `amount` is measured per period; give it a `weight` to measure it {measurement}"
        ))
        .with_field("measurement"));
    }
    Ok(Component {
        id: c.id.clone(),
        name: c.name.clone(),
        description: c.description.clone(),
        weight,
        amount,
        measure,
        rule,
        cap,
        gate: c.gate.clone(),
        modifier: c.modifier.clone(),
        measurement,
    })
}

/// Checks a bonus matrix component: no measure or rule of its own besides
/// the matrix, a grid of the declared shape with increasing bounds, and two
/// different measures (that they exist is checked with the plan's
/// measures).
fn matrix(c: &ComponentSpec, m: &MatrixSpec) -> Result<(Measure, Rule)> {
    let why = "a bonus matrix reads its two measures, `matrix.rows` and `matrix.columns`, and pays through its grid";
    for (field, present) in [
        ("metric", c.metric.is_some()),
        ("rating", c.rating.is_some()),
        ("score", c.score.is_some()),
        ("target", c.target.is_some()),
        ("direction", c.direction.is_some()),
        ("formula", c.formula.is_some()),
        ("curve", c.curve.is_some()),
        ("steps", c.steps.is_some()),
        ("tiers", c.tiers.is_some()),
        ("multipliers", c.multipliers.is_some()),
        ("baseline", c.baseline.is_some()),
        ("bounds", c.bounds.is_some()),
    ] {
        refuse(field, present, why)?;
    }
    if c.measurement.is_some_and(|m| m.is_to_date()) {
        return Err(Error::plan(
            "a bonus matrix is measured per period: its measures' targets are the period's; use `measurement = \"period\"` or leave it out",
        )
        .with_field("measurement"));
    }
    if m.rows == m.columns {
        return Err(Error::plan(format!(
            "`rows` and `columns` both read `{}`; a matrix pays from two different measures",
            m.columns
        ))
        .with_field("matrix.columns"));
    }
    let nums = |v: &[Num]| -> Vec<Decimal> { v.iter().map(|n| n.0).collect() };
    let grid = Matrix::build(
        m.mode,
        m.below_first,
        nums(&m.row_bounds),
        nums(&m.column_bounds),
        m.values.iter().map(|r| nums(r)).collect(),
    )
    .map_err(|(field, message)| Error::plan(message).with_field(format!("matrix.{field}")))?;
    Ok((
        Measure::Matrix {
            rows: m.rows.clone(),
            columns: m.columns.clone(),
        },
        Rule::Matrix(grid),
    ))
}

/// A checked scale: numbers with a payout each, or labels.
#[derive(Clone)]
enum ScaleDef {
    Numeric(Scale),
    Labels(LabelScale),
}

/// Checks a scale: `min`, `max`, optional `step` and `ratings` (numeric),
/// or `labels` alone (labelled).
fn scale(name: &str, s: &super::spec::ScaleSpec) -> Result<ScaleDef> {
    let field = |key: &str| format!("scales.{name}.{key}");
    if let Some(labels) = &s.labels {
        for (key, given) in [
            ("min", s.min.is_some()),
            ("max", s.max.is_some()),
            ("step", s.step.is_some()),
            ("ratings", s.ratings.is_some()),
        ] {
            if given {
                return Err(Error::plan(format!(
                    "`{key}` does not apply to a labelled scale, whose `labels` are its ratings; give either `labels` or `min`, `max` and `ratings`"
                ))
                .with_field(field(key)));
            }
        }
        for (label, _) in labels {
            check_text(&field("labels"), label)?;
        }
        let labels = labels.iter().map(|(l, p)| (l.clone(), p.0)).collect();
        return LabelScale::new(labels)
            .map(ScaleDef::Labels)
            .map_err(|m| Error::plan(m).with_field(field("labels")));
    }
    let missing = |key: &str| {
        Error::plan(format!(
            "missing `{key}`: a numeric scale gives `min`, `max` and `ratings`; a labelled scale gives `labels` instead"
        ))
        .with_field(format!("scales.{name}"))
    };
    let min = s.min.ok_or_else(|| missing("min"))?;
    let max = s.max.ok_or_else(|| missing("max"))?;
    let ratings = s.ratings.as_deref().ok_or_else(|| missing("ratings"))?;
    // The step and the range are checked here too, to name their own
    // field rather than `ratings`.
    if let Some(step) = s.step.filter(|step| *step <= Decimal::ZERO) {
        return Err(
            Error::plan(format!("the step is {step}; it must be above 0"))
                .with_field(field("step")),
        );
    }
    if max < min {
        return Err(
            Error::plan(format!("`min` {min} is above `max` {max}")).with_field(field("min"))
        );
    }
    Scale::new(min, max, s.step.unwrap_or(Decimal::ONE), points(ratings))
        .map(ScaleDef::Numeric)
        .map_err(|m| Error::plan(m).with_field(field("ratings")))
}

/// Checks a gate on the label of `rating`, a component rated on a
/// labelled scale: `in` lists labels of that scale, each once.
fn label_gate(
    field: &str,
    g: &super::spec::GateSpec,
    rating: &str,
    components: &[Component],
) -> Result<Gate> {
    for (key, given) in [
        ("at_least", g.at_least.is_some()),
        ("above", g.above.is_some()),
    ] {
        if given {
            return Err(Error::plan(format!(
                "`{key}` applies to a gate on a `measure`; a gate on a `rating` lists the labels that let it hold in `in`"
            ))
            .with_field(format!("{field}.{key}")));
        }
    }
    let labelled = |c: &&Component| matches!(c.rule, Rule::Labels(_));
    let Some((component, Rule::Labels(scale), Measure::Label { scale: scale_name })) = components
        .iter()
        .filter(labelled)
        .find(|c| c.id == rating)
        .map(|c| (c, &c.rule, &c.measure))
    else {
        return Err(Error::plan(format!(
            "`{rating}` is not a component rated on a labelled scale; a gate on a `rating` reads the label of {}",
            names(components.iter().filter(labelled).map(|c| &c.id))
        ))
        .with_field(format!("{field}.rating")));
    };
    let labels = g.labels.clone().ok_or_else(|| {
        Error::plan(format!(
            "a gate on a `rating` needs `in`, the labels that let it hold, such as `in = [\"meets\", \"exceeds\"]`; the labels of scale `{scale_name}` are {}",
            scale.list()
        ))
        .with_field(field)
    })?;
    let at = |e: Error| {
        e.with_component(&component.id)
            .with_field(format!("{field}.in"))
    };
    if labels.is_empty() {
        return Err(at(Error::plan(format!(
            "`in` lists no label, so the gate could never hold; list the labels that let it hold, of {}",
            scale.list()
        ))));
    }
    for (i, label) in labels.iter().enumerate() {
        if scale.position(label).is_none() {
            return Err(at(Error::plan(format!(
                "label `{label}` is not on scale `{scale_name}`, which component `{}` is rated on; its labels are {}",
                component.id,
                scale.list()
            ))));
        }
        if labels.iter().take(i).any(|l| l == label) {
            return Err(at(Error::plan(format!(
                "label `{label}` appears twice in `in`; list each label once"
            ))));
        }
    }
    Ok(Gate::Label {
        component: component.id.clone(),
        labels,
    })
}

/// Checks the parts of a weighted score: valid names, each once and none
/// the component's own id, weights above 0% and at most 100% that add up
/// to exactly 100%.
fn weighted_parts(id: &str, of: &[(String, Num)]) -> Result<Vec<(String, Decimal)>> {
    let field = "score.of";
    if of.is_empty() {
        return Err(Error::plan(
            "`of` lists no part; give `[part, weight]` pairs, such as `of = [[\"objective_a\", \"60%\"], [\"objective_b\", \"40%\"]]`",
        )
        .with_field(field));
    }
    let mut parts: Vec<(String, Decimal)> = Vec::with_capacity(of.len());
    let mut sum = Decimal::ZERO;
    for (part, weight) in of {
        check_id(field, part)?;
        if part == id {
            return Err(Error::plan(format!(
                "part `{part}` has the component's own id; the inputs rate each part by its name, so name it apart from the component"
            ))
            .with_field(field));
        }
        if parts.iter().any(|(p, _)| p == part) {
            return Err(
                Error::plan(format!("part `{part}` appears twice; list each part once"))
                    .with_field(field),
            );
        }
        let w = weight.0;
        if w <= Decimal::ZERO || w > Decimal::ONE {
            return Err(Error::plan(format!(
                "part `{part}` weighs {}; a part's weight must be above 0% and at most 100%",
                percent(w)
            ))
            .with_field(field));
        }
        sum = exact_add(sum, w)
            .ok_or_else(|| Error::plan("weights are too large to add").with_field(field))?;
        parts.push((part.clone(), w));
    }
    if sum != Decimal::ONE {
        let listed: Vec<String> = parts
            .iter()
            .map(|(p, w)| format!("`{p}` {}", percent(*w)))
            .collect();
        return Err(Error::plan(format!(
            "the parts' weights sum to {} ({}); they must sum to exactly 100%",
            percent(sum),
            listed.join(" + ")
        ))
        .with_field(field));
    }
    Ok(parts)
}

/// Refuses a weighted score's part named like a component or like a part
/// of another weighted score: the inputs' ratings name each once.
fn parts_apart(components: &[Component]) -> Result<()> {
    let mut seen: BTreeMap<&str, Option<&str>> =
        components.iter().map(|c| (c.id.as_str(), None)).collect();
    for c in components {
        let Measure::Weighted { parts, .. } = &c.measure else {
            continue;
        };
        for (part, _) in parts {
            if let Some(owner) = seen.insert(part, Some(&c.id)) {
                let what = match owner {
                    None => "the id of a component".to_owned(),
                    Some(other) => format!("a part of component `{other}`"),
                };
                return Err(Error::plan(format!(
                    "part `{part}` is also {what}; the inputs rate each by its name, so give the part another name"
                ))
                .with_component(&c.id)
                .with_field("score.of"));
            }
        }
    }
    Ok(())
}
