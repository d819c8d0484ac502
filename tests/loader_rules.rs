//! Every rule the plan loader enforces, as listed in the plan-file
//! reference (`src/docs/plan_file.md`, "What the loader checks"): each
//! listed rule has at least one case that takes a shipped plan, breaks
//! exactly that rule by a text edit, and checks the error's kind, the
//! component and field it names and its message. A second test keeps the
//! reference's list and this table the same.

use std::collections::{BTreeMap, BTreeSet};

use incentive::{Error, ErrorKind, Plan, PlanBook, PlanSet};

use crate::root;

/// How the edited plan is loaded.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Via {
    /// `Plan::from_toml`.
    Plan,
    /// `Plan::from_toml`, then `PlanBook::insert`.
    Book,
    /// Inserted twice into one `PlanBook`.
    BookTwice,
    /// Inserted twice into one `PlanSet`.
    SetTwice,
}

struct Case {
    /// The rule, exactly as the reference lists it.
    rule: &'static str,
    /// The shipped plan under `plans/`, with an optional `+base` edit that
    /// makes a valid plan of a shape no shipped plan has (see [`base`]).
    plan: &'static str,
    /// The text edit that breaks the rule.
    edit: fn(&str) -> String,
    via: Via,
    kind: ErrorKind,
    component: Option<&'static str>,
    field: Option<&'static str>,
    /// A fragment of `details().message`.
    message: &'static str,
}

fn case(
    rule: &'static str,
    plan: &'static str,
    edit: fn(&str) -> String,
    component: Option<&'static str>,
    field: Option<&'static str>,
    message: &'static str,
) -> Case {
    Case {
        rule,
        plan,
        edit,
        via: Via::Plan,
        kind: ErrorKind::InvalidPlan,
        component,
        field,
        message,
    }
}

impl Case {
    fn via(mut self, via: Via) -> Case {
        self.via = via;
        self
    }

    fn kind(mut self, kind: ErrorKind) -> Case {
        self.kind = kind;
        self
    }
}

/// `text` with its one `from` replaced by `to`; a `from` found zero or
/// several times is a broken case.
fn swap(text: &str, from: &str, to: &str) -> String {
    assert_eq!(
        text.matches(from).count(),
        1,
        "`{from}` is not in the plan exactly once"
    );
    text.replacen(from, to, 1)
}

/// `text` with `line` added after its one `anchor`.
fn after(text: &str, anchor: &str, line: &str) -> String {
    swap(text, anchor, &format!("{anchor}\n{line}"))
}

/// A top-level key, before every table.
fn top(text: &str, line: &str) -> String {
    format!("{line}\n{text}")
}

/// Tables added at the end of the plan.
fn add(text: &str, tables: &str) -> String {
    format!("{text}\n{tables}\n")
}

/// A key added to the `[year]` table of a plan that has
/// `prorate_targets = true` in it.
fn year(text: &str, line: &str) -> String {
    after(text, "prorate_targets = true", line)
}

/// `text` up to (not including) its one `marker`.
fn cut_from(text: &str, marker: &str) -> String {
    let at = text.find(marker).expect("the marker is in the plan");
    assert_eq!(text.matches(marker).count(), 1);
    text[..at].to_owned()
}

const DG: &str = "demand-generation.toml";
const CM: &str = "customer-marketing.toml";
const CH: &str = "channel-marketing.toml";
const PM: &str = "product-manager.toml";
const SE: &str = "sales-enablement.toml";
const RC: &str = "reseller-commission.toml";
const SDR: &str = "sdr-meetings.toml";
const AE: &str = "account-executive-marginal.toml";
const YTD: &str = "years/demand-generation-ytd.toml";
const DRAW: &str = "years/monthly-draw-recoverable.toml";
const NDRAW: &str = "years/monthly-draw-non-recoverable.toml";
/// Demand generation with its pipeline component turned into a bonus
/// matrix of two measures.
const MATRIX: &str = "demand-generation.toml+matrix";
/// Demand generation with a labelled scale and a gate on it.
const LABELS: &str = "demand-generation.toml+labels";
/// Demand generation paid over two custom periods.
const CUSTOM: &str = "demand-generation.toml+custom";

const NUMERIC_SCALE: &str = "min = 1\nmax = 5\nratings = [[1, \"0%\"], [2, \"50%\"], [3, \"100%\"], [4, \"125%\"], [5, \"150%\"]]";
const PERIODS: &str = "periods = [{ label = \"2026-P01\", start = 2026-01-01, end = 2026-06-30 }, { label = \"2026-P02\", start = 2026-07-01, end = 2026-12-31 }]";

/// The plan text a case starts from: a shipped plan, or one made valid in
/// a shape no shipped plan has.
fn base(plan: &str) -> String {
    let (file, shape) = plan.split_once('+').unwrap_or((plan, ""));
    let text = std::fs::read_to_string(root(&format!("plans/{file}"))).unwrap();
    match shape {
        "" => text,
        "matrix" => add(
            &swap(
                &text,
                "metric = \"pipeline\"\ncurve = \"standard\"\n",
                "[components.matrix]\nrows = \"revenue\"\ncolumns = \"margin\"\nmode = \"steps\"\nbelow_first = \"zero\"\nrow_bounds = [\"90%\", \"100%\"]\ncolumn_bounds = [\"95%\", \"100%\"]\nvalues = [[\"50%\", \"70%\"], [\"80%\", \"100%\"]]\n",
            ),
            "[measures.revenue]\nmetric = \"pipeline\"\ntarget = 100\n\n[measures.margin]\nmetric = \"pipeline\"",
        ),
        "labels" => add(
            &swap(
                &text,
                NUMERIC_SCALE,
                "labels = [[\"below\", \"0%\"], [\"meets\", \"100%\"]]",
            ),
            "[gates.g]\nrating = \"campaign_effectiveness\"\nin = [\"meets\"]",
        ),
        "custom" => year(
            &swap(&text, "pay_period = \"quarter\"", "pay_period = \"custom\""),
            PERIODS,
        ),
        other => panic!("no base shape `{other}`"),
    }
}

fn load(text: &str, via: Via) -> Result<(), Error> {
    let plan = Plan::from_toml(text)?;
    match via {
        Via::Plan => Ok(()),
        Via::Book => PlanBook::new().insert(plan),
        Via::BookTwice => {
            let mut book = PlanBook::new();
            book.insert(plan.clone())?;
            book.insert(plan)
        }
        Via::SetTwice => {
            let mut set = PlanSet::new();
            set.insert(plan.clone())?;
            set.insert(plan)
        }
    }
}

/// `labels = [...]` with `n` labels.
fn many_labels(n: usize) -> String {
    let labels: Vec<String> = (0..n).map(|i| format!("[\"l{i}\", \"1\"]")).collect();
    format!("labels = [{}]", labels.join(", "))
}

#[allow(clippy::too_many_lines)]
fn cases() -> Vec<Case> {
    use ErrorKind::UnknownField;
    vec![
        // ## Reading the file
        case(
            "The file is TOML; a syntax error is refused at its line and column.",
            DG,
            |t| swap(t, "version = \"2026.1\"", "version = \"2026.1"),
            None,
            None,
            "invalid basic string",
        ),
        case(
            "A key is given once in a table.",
            DG,
            |t| top(t, "name = \"Demand generation\""),
            None,
            Some("name"),
            "duplicate key `name`; a key is given once in a table",
        ),
        case(
            "Every key is one the format has: an unknown or misspelled key (`wieght`) is refused, with kind `UnknownField`.",
            DG,
            |t| swap(t, "weight = \"25%\"", "wieght = \"25%\""),
            Some("campaign_effectiveness"),
            None,
            "unknown field `wieght`",
        )
        .kind(UnknownField),
        case(
            "The required keys are given: `id`, `name`, `version`, `currency` and `pay_period` at the top level, and each table's own (a component's `id` and `name`, a kicker's `measure` and `amount`, a modifier's `below_first`, …).",
            DG,
            |t| swap(t, "version = \"2026.1\"\n", ""),
            None,
            None,
            "missing field `version`",
        ),
        case(
            "A keyword is one of its listed values (`pay_period = \"fortnight\"` and `mode = \"half-down\"` are refused).",
            DG,
            |t| swap(t, "pay_period = \"quarter\"", "pay_period = \"fortnight\""),
            None,
            None,
            "unknown variant `fortnight`",
        ),
        case(
            "A value has the type its key takes: text for ids and names, a table for `cap`, a list for `points`, a whole number for `minor_units`, a date for `effective_from`.",
            DG,
            |t| swap(t, "name = \"Campaign effectiveness\"", "name = 5"),
            Some("campaign_effectiveness"),
            None,
            "invalid type",
        ),
        case(
            "A number is a decimal, written as a TOML number or as text (`1250`, `0.75`, `\"0.1\"`, `\"75%\"`); other text (`\"abc\"`, `nan`, `inf`) is refused.",
            DG,
            |t| swap(t, "{ amount = 5000 }", "{ amount = \"abc\" }"),
            None,
            None,
            "`abc` is not a decimal number",
        ),
        case(
            "A number is held exactly: at most 28 decimal places and 28 significant digits; more is refused, never rounded.",
            DG,
            |t| {
                swap(
                    t,
                    "{ amount = 5000 }",
                    "{ amount = \"0.00000000000000000000000000001\" }",
                )
            },
            None,
            None,
            "has more than 28 decimal places",
        ),
        // ## Ids and names
        case(
            "An id is not empty and has no spaces or control characters: the plan's `id`, the names of metrics, measures, curves, scales, gates and modifiers, the `id` of components, commissions and kickers, and the parts of a weighted score.",
            DG,
            |t| swap(t, "id = \"demand-generation\"", "id = \"demand generation\""),
            None,
            Some("id"),
            "`demand generation` is not a valid id",
        ),
        case(
            "An id is not empty and has no spaces or control characters: the plan's `id`, the names of metrics, measures, curves, scales, gates and modifiers, the `id` of components, commissions and kickers, and the parts of a weighted score.",
            DG,
            |t| swap(t, "[metrics.pipeline]", "[metrics.\"pipe line\"]"),
            None,
            Some("metrics.pipe line"),
            "`pipe line` is not a valid id",
        ),
        case(
            "An id is not empty and has no spaces or control characters: the plan's `id`, the names of metrics, measures, curves, scales, gates and modifiers, the `id` of components, commissions and kickers, and the parts of a weighted score.",
            DG,
            |t| swap(t, "id = \"pipeline\"", "id = \"pipe\\tline\""),
            Some("pipe\tline"),
            Some("id"),
            "is not a valid id",
        ),
        case(
            "An id is not empty and has no spaces or control characters: the plan's `id`, the names of metrics, measures, curves, scales, gates and modifiers, the `id` of components, commissions and kickers, and the parts of a weighted score.",
            RC,
            |t| swap(t, "id = \"resale\"", "id = \"\""),
            Some(""),
            Some("id"),
            "`` is not a valid id",
        ),
        case(
            "An id is not empty and has no spaces or control characters: the plan's `id`, the names of metrics, measures, curves, scales, gates and modifiers, the `id` of components, commissions and kickers, and the parts of a weighted score.",
            DG,
            |t| add(t, "[measures.\"a b\"]\nmetric = \"pipeline\""),
            None,
            Some("measures.a b"),
            "`a b` is not a valid id",
        ),
        case(
            "An id is not empty and has no spaces or control characters: the plan's `id`, the names of metrics, measures, curves, scales, gates and modifiers, the `id` of components, commissions and kickers, and the parts of a weighted score.",
            CH,
            |t| swap(t, "[gates.pipeline_80]", "[gates.\"pipeline 80\"]"),
            None,
            Some("gates.pipeline 80"),
            "`pipeline 80` is not a valid id",
        ),
        case(
            "An id is not empty and has no spaces or control characters: the plan's `id`, the names of metrics, measures, curves, scales, gates and modifiers, the `id` of components, commissions and kickers, and the parts of a weighted score.",
            DG,
            |t| {
                add(
                    t,
                    "[modifiers.\"m m\"]\nmeasure = \"pipeline\"\ncurve = \"standard\"\nbelow_first = \"zero\"",
                )
            },
            None,
            Some("modifiers.m m"),
            "`m m` is not a valid id",
        ),
        case(
            "An id is not empty and has no spaces or control characters: the plan's `id`, the names of metrics, measures, curves, scales, gates and modifiers, the `id` of components, commissions and kickers, and the parts of a weighted score.",
            CM,
            |t| swap(t, "id = \"nrr_110\"", "id = \"nrr 110\""),
            None,
            Some("kickers.nrr 110"),
            "`nrr 110` is not a valid id",
        ),
        case(
            "An id is not empty and has no spaces or control characters: the plan's `id`, the names of metrics, measures, curves, scales, gates and modifiers, the `id` of components, commissions and kickers, and the parts of a weighted score.",
            SE,
            |t| {
                swap(
                    t,
                    "score = { min = 1, max = 5 }",
                    "score = { min = 1, max = 5, of = [[\"part a\", \"100%\"]] }",
                )
            },
            Some("sales_satisfaction"),
            Some("score.of"),
            "`part a` is not a valid id",
        ),
        case(
            "An id is not empty and has no spaces or control characters: the plan's `id`, the names of metrics, measures, curves, scales, gates and modifiers, the `id` of components, commissions and kickers, and the parts of a weighted score.",
            CM,
            |t| swap(t, "[curves.retention]", "[curves.\"re tention\"]"),
            None,
            Some("curves.re tention"),
            "`re tention` is not a valid id",
        ),
        case(
            "An id is not empty and has no spaces or control characters: the plan's `id`, the names of metrics, measures, curves, scales, gates and modifiers, the `id` of components, commissions and kickers, and the parts of a weighted score.",
            LABELS,
            |t| swap(t, "[scales.five-point]", "[scales.\"five point\"]"),
            None,
            Some("scales.five point"),
            "`five point` is not a valid id",
        ),
        case(
            "A name or label that statements show is one line of text, not blank, with no control characters: the plan's `name` and `version`, the `name` of components, commissions and kickers, a scale's labels and a custom period's label.",
            DG,
            |t| swap(t, "name = \"Campaign effectiveness\"", "name = \"  \""),
            Some("campaign_effectiveness"),
            Some("name"),
            "`  ` is blank; names and labels shown on statements say something",
        ),
        case(
            "A name or label that statements show is one line of text, not blank, with no control characters: the plan's `name` and `version`, the `name` of components, commissions and kickers, a scale's labels and a custom period's label.",
            CM,
            |t| swap(t, "name = \"Net revenue retention at 110% of target\"", "name = \"\""),
            None,
            Some("kickers.nrr_110.name"),
            "`` is blank",
        ),
        case(
            "A level of a gate on a measure or of a kicker is 0 or more: a level is an attainment.",
            CM,
            |t| swap(t, "at_least = \"110%\"", "at_least = \"-110%\""),
            None,
            Some("kickers.nrr_110.at_least"),
            "is -1.10; a level is an attainment, 0 or more",
        ),
        case(
            "A level of a gate on a measure or of a kicker is 0 or more: a level is an attainment.",
            CH,
            |t| swap(t, "at_least = \"80%\"", "above = -0.5"),
            None,
            Some("gates.pipeline_80.above"),
            "is -0.5; a level is an attainment, 0 or more",
        ),
        case(
            "The plan's `id` does not start with `=`, `+`, `-` or `@`, which a spreadsheet reads as a formula and no inputs file may name.",
            DG,
            |t| swap(t, "id = \"demand-generation\"", "id = \"=demand-generation\""),
            None,
            Some("id"),
            "`=demand-generation` starts with `=`, which a spreadsheet reads as a formula",
        ),
        case(
            "A name or label that statements show is one line of text, not blank, with no control characters: the plan's `name` and `version`, the `name` of components, commissions and kickers, a scale's labels and a custom period's label.",
            DG,
            |t| swap(t, "version = \"2026.1\"", "version = \"2026.1\\r\\nTotal: 1000000\""),
            None,
            Some("version"),
            "holds the control character \\u{d}; names and labels shown on statements are one line of text",
        ),
        case(
            "A name or label that statements show is one line of text, not blank, with no control characters: the plan's `name` and `version`, the `name` of components, commissions and kickers, a scale's labels and a custom period's label.",
            DG,
            |t| swap(t, "name = \"Demand generation and field marketing\"", "name = \"Demand\\ngeneration\""),
            None,
            Some("name"),
            "`Demand\\ngeneration` holds the control character \\u{a}",
        ),
        case(
            "A name or label that statements show is one line of text, not blank, with no control characters: the plan's `name` and `version`, the `name` of components, commissions and kickers, a scale's labels and a custom period's label.",
            DG,
            |t| swap(t, "name = \"Campaign effectiveness\"", "name = \"Campaign\\teffectiveness\""),
            Some("campaign_effectiveness"),
            Some("name"),
            "holds the control character \\u{9}",
        ),
        case(
            "A name or label that statements show is one line of text, not blank, with no control characters: the plan's `name` and `version`, the `name` of components, commissions and kickers, a scale's labels and a custom period's label.",
            RC,
            |t| swap(t, "name = \"Resale commission\"", "name = \"Resale\\ncommission\""),
            Some("resale"),
            Some("name"),
            "holds the control character \\u{a}",
        ),
        case(
            "A name or label that statements show is one line of text, not blank, with no control characters: the plan's `name` and `version`, the `name` of components, commissions and kickers, a scale's labels and a custom period's label.",
            CM,
            |t| swap(t, "name = \"Net revenue retention at 110% of target\"", "name = \"NRR\\n110%\""),
            None,
            Some("kickers.nrr_110.name"),
            "holds the control character \\u{a}",
        ),
        case(
            "A name or label that statements show is one line of text, not blank, with no control characters: the plan's `name` and `version`, the `name` of components, commissions and kickers, a scale's labels and a custom period's label.",
            LABELS,
            |t| swap(t, "[\"meets\", \"100%\"]", "[\"me\\nets\", \"100%\"]"),
            None,
            Some("scales.five-point.labels"),
            "holds the control character \\u{a}",
        ),
        case(
            "A name or label that statements show is one line of text, not blank, with no control characters: the plan's `name` and `version`, the `name` of components, commissions and kickers, a scale's labels and a custom period's label.",
            CUSTOM,
            |t| swap(t, "label = \"2026-P02\"", "label = \"2026\\nP02\""),
            None,
            Some("year.periods[1]"),
            "holds the control character \\u{a}",
        ),
        case(
            "Component and commission ids are unique in the plan.",
            DG,
            |t| swap(t, "id = \"campaign_effectiveness\"", "id = \"pipeline\""),
            Some("pipeline"),
            Some("id"),
            "component id `pipeline` appears twice; ids must be unique",
        ),
        case(
            "Component and commission ids are unique in the plan.",
            RC,
            |t| {
                add(
                    t,
                    "[[commissions]]\nid = \"resale\"\nname = \"Again\"\nmetric = \"sales\"\nrate = \"1%\"",
                )
            },
            Some("resale"),
            Some("id"),
            "ids of components and commissions must be unique",
        ),
        case(
            "Kicker ids are unique in the plan.",
            CM,
            |t| {
                swap(
                    t,
                    "[[kickers]]",
                    "[[kickers]]\nid = \"nrr_110\"\nname = \"Again\"\nmeasure = \"nrr\"\nat_least = \"120%\"\namount = 100\n\n[[kickers]]",
                )
            },
            None,
            Some("kickers.nrr_110"),
            "kicker id `nrr_110` appears twice; ids must be unique",
        ),
        case(
            "A measure is not named like a component: measures and component ids share one namespace.",
            DG,
            |t| add(t, "[measures.pipeline]\nmetric = \"pipeline\""),
            None,
            Some("measures.pipeline"),
            "`pipeline` is both a component id and a measure name",
        ),
        case(
            "Plan ids are unique in a `PlanSet` (a folder of plans).",
            DG,
            |t| t.to_owned(),
            None,
            Some("id"),
            "two plans have the id `demand-generation`; plan ids must be unique",
        )
        .via(Via::SetTwice),
        // ## Top level
        case(
            "`currency` is three upper-case letters, such as `USD`.",
            DG,
            |t| swap(t, "currency = \"USD\"", "currency = \"usd\""),
            None,
            Some("currency"),
            "`usd` is not a currency code: expected three upper-case letters",
        ),
        case(
            "`minor_units` is from 0 to 6.",
            DG,
            |t| top(t, "minor_units = 7"),
            None,
            Some("minor_units"),
            "is 7; minor units go from 0 to 6",
        ),
        case(
            "A plan has at least one `[[components]]` or `[[commissions]]` table.",
            SDR,
            |t| cut_from(t, "[[commissions]]"),
            None,
            Some("components"),
            "a plan needs at least one `[[components]]`",
        ),
        case(
            "A plan with `[[components]]` has a `target_incentive`; a plan of `[[commissions]]` only needs none.",
            DG,
            |t| swap(t, "target_incentive = { amount = 5000 }\n", ""),
            None,
            Some("target_incentive"),
            "so the plan needs `target_incentive`",
        ),
        case(
            "The plan's `gate` names a gate of `[gates]`.",
            CH,
            |t| top(t, "gate = \"pipeline_90\""),
            None,
            Some("gate"),
            "gate `pipeline_90` is not defined; defined gates: `pipeline_80`",
        ),
        case(
            "The plan's `modifier` names a modifier of `[modifiers]`.",
            DG,
            |t| top(t, "modifier = \"company\""),
            None,
            Some("modifier"),
            "modifier `company` is not defined; defined modifiers: none",
        ),
        case(
            "`adjustments = \"inside-cap\"` needs a plan `cap`.",
            DG,
            |t| top(t, "adjustments = \"inside-cap\""),
            None,
            Some("adjustments"),
            "and this plan has none; add a `cap`, or use `outside-cap`",
        ),
        // ## `target_incentive`
        case(
            "`target_incentive` gives one of `amount`, `annual`, `percent_of_base`, or `ote` with `mix`, and only one.",
            DG,
            |t| swap(t, "{ amount = 5000 }", "{}"),
            None,
            Some("target_incentive"),
            "give one of `amount`, `annual`, `percent_of_base`, or `ote` with `mix`",
        ),
        case(
            "`target_incentive` gives one of `amount`, `annual`, `percent_of_base`, or `ote` with `mix`, and only one.",
            DG,
            |t| swap(t, "{ amount = 5000 }", "{ amount = 5000, annual = 20000 }"),
            None,
            Some("target_incentive"),
            "give only one of `amount`, `annual`, `percent_of_base`; found `amount` and `annual`",
        ),
        case(
            "`target_incentive` gives one of `amount`, `annual`, `percent_of_base`, or `ote` with `mix`, and only one.",
            DG,
            |t| {
                swap(
                    t,
                    "{ amount = 5000 }",
                    "{ amount = 5000, ote = 200000, mix = \"60/40\" }",
                )
            },
            None,
            Some("target_incentive"),
            "found `ote`/`mix` and `amount`",
        ),
        case(
            "`ote` comes with a `mix`, and a `mix` with `ote`.",
            DG,
            |t| swap(t, "{ amount = 5000 }", "{ ote = 200000 }"),
            None,
            Some("target_incentive.ote"),
            "`ote` needs a `mix`",
        ),
        case(
            "`ote` comes with a `mix`, and a `mix` with `ote`.",
            DG,
            |t| swap(t, "{ amount = 5000 }", "{ mix = \"60/40\" }"),
            None,
            Some("target_incentive.mix"),
            "a `mix` divides on-target earnings; give them as `ote`",
        ),
        case(
            "`amount`, `annual`, `percent_of_base`, `ote` and `quota` are above 0.",
            DG,
            |t| swap(t, "{ amount = 5000 }", "{ amount = 0 }"),
            None,
            Some("target_incentive.amount"),
            "is 0; it must be above 0",
        ),
        case(
            "`amount`, `annual`, `percent_of_base`, `ote` and `quota` are above 0.",
            DG,
            |t| swap(t, "{ amount = 5000 }", "{ annual = -20000 }"),
            None,
            Some("target_incentive.annual"),
            "is -20000; it must be above 0",
        ),
        case(
            "`amount`, `annual`, `percent_of_base`, `ote` and `quota` are above 0.",
            DG,
            |t| swap(t, "{ amount = 5000 }", "{ percent_of_base = \"0%\" }"),
            None,
            Some("target_incentive.percent_of_base"),
            "it must be above 0",
        ),
        case(
            "`amount`, `annual`, `percent_of_base`, `ote` and `quota` are above 0.",
            DG,
            |t| swap(t, "{ amount = 5000 }", "{ ote = 0, mix = \"60/40\" }"),
            None,
            Some("target_incentive.ote"),
            "is 0; it must be above 0",
        ),
        case(
            "`amount`, `annual`, `percent_of_base`, `ote` and `quota` are above 0.",
            DG,
            |t| {
                swap(
                    t,
                    "{ amount = 5000 }",
                    "{ ote = 200000, mix = \"60/40\", quota = 0 }",
                )
            },
            None,
            Some("target_incentive.quota"),
            "is 0; it must be above 0",
        ),
        case(
            "A `mix` is written `\"BASE/VARIABLE\"` in percent points, such as `\"60/40\"`.",
            DG,
            |t| swap(t, "{ amount = 5000 }", "{ ote = 200000, mix = \"60-40\" }"),
            None,
            Some("target_incentive.mix"),
            "`60-40` is not a pay mix",
        ),
        case(
            "A mix's shares are 0 or more and add up to exactly 100, its variable share is above 0, and each has at most 26 decimal places.",
            DG,
            |t| swap(t, "{ amount = 5000 }", "{ ote = 200000, mix = \"-10/110\" }"),
            None,
            Some("target_incentive.mix"),
            "`-10/110` has a negative share",
        ),
        case(
            "A mix's shares are 0 or more and add up to exactly 100, its variable share is above 0, and each has at most 26 decimal places.",
            DG,
            |t| swap(t, "{ amount = 5000 }", "{ ote = 200000, mix = \"60/50\" }"),
            None,
            Some("target_incentive.mix"),
            "`60/50` adds up to 110; the base and variable shares of a mix must add up to exactly 100",
        ),
        case(
            "A mix's shares are 0 or more and add up to exactly 100, its variable share is above 0, and each has at most 26 decimal places.",
            DG,
            |t| swap(t, "{ amount = 5000 }", "{ ote = 200000, mix = \"100/0\" }"),
            None,
            Some("target_incentive.mix"),
            "`100/0` has no variable share",
        ),
        case(
            "A mix's shares are 0 or more and add up to exactly 100, its variable share is above 0, and each has at most 26 decimal places.",
            DG,
            |t| {
                swap(
                    t,
                    "{ amount = 5000 }",
                    "{ ote = 200000, mix = \"60.000000000000000000000000000/40\" }",
                )
            },
            None,
            Some("target_incentive.mix"),
            "has too many decimal places to hold exactly",
        ),
        case(
            "A `quota` goes with `ote` and `mix`, or with `percent_of_base`.",
            DG,
            |t| swap(t, "{ amount = 5000 }", "{ amount = 5000, quota = 1000000 }"),
            None,
            Some("target_incentive.quota"),
            "a `quota` gives the implied commission rate of a pay mix",
        ),
        case(
            "`period_weights` divide an annual target incentive: not with `amount`.",
            DG,
            |t| {
                swap(
                    t,
                    "{ amount = 5000 }",
                    "{ amount = 5000, period_weights = [\"25%\", \"25%\", \"25%\", \"25%\"] }",
                )
            },
            None,
            Some("target_incentive.period_weights"),
            "period weights divide an annual target incentive",
        ),
        case(
            "A plan paid every `week`, `biweek` or `custom` period has no `period_weights`.",
            DG,
            |t| {
                swap(
                    &swap(t, "pay_period = \"quarter\"", "pay_period = \"week\""),
                    "{ amount = 5000 }",
                    "{ annual = 52000, period_weights = [\"100%\"] }",
                )
            },
            None,
            Some("target_incentive.period_weights"),
            "a plan paid every week has 52 weeks in one plan year and 53 in another, so it cannot weight its periods",
        ),
        case(
            "A plan paid every `week`, `biweek` or `custom` period has no `period_weights`.",
            CUSTOM,
            |t| {
                swap(
                    t,
                    "{ amount = 5000 }",
                    "{ annual = 20000, period_weights = [\"50%\", \"50%\"] }",
                )
            },
            None,
            Some("target_incentive.period_weights"),
            "lists its periods in `[year] periods` and cannot weight them",
        ),
        case(
            "`period_weights` gives one weight per period of the plan year, each from 0% to 100%, adding up to exactly 100%.",
            DG,
            |t| {
                swap(
                    t,
                    "{ amount = 5000 }",
                    "{ annual = 20000, period_weights = [\"50%\", \"25%\", \"25%\"] }",
                )
            },
            None,
            Some("target_incentive.period_weights"),
            "gives 3 weights (50%, 25%, 25%); a plan paid by quarter needs one weight for each of its 4 quarters",
        ),
        case(
            "`period_weights` gives one weight per period of the plan year, each from 0% to 100%, adding up to exactly 100%.",
            DG,
            |t| {
                swap(
                    t,
                    "{ amount = 5000 }",
                    "{ annual = 20000, period_weights = [\"120%\", \"-20%\", \"0%\", \"0%\"] }",
                )
            },
            None,
            Some("target_incentive.period_weights"),
            "the weight of quarter 1 is 120%; a period weight is from 0% to 100%",
        ),
        case(
            "`period_weights` gives one weight per period of the plan year, each from 0% to 100%, adding up to exactly 100%.",
            DG,
            |t| {
                swap(
                    t,
                    "{ amount = 5000 }",
                    "{ annual = 20000, period_weights = [\"25%\", \"25%\", \"25%\", \"20%\"] }",
                )
            },
            None,
            Some("target_incentive.period_weights"),
            "the weights add up to 95% (25%, 25%, 25%, 20%); period weights must add up to exactly 100%",
        ),
        // ## Metrics
        case(
            "A ratio's `numerator` and `denominator` are declared metrics.",
            PM,
            |t| swap(t, "numerator = \"won\"", "numerator = \"wins\""),
            None,
            Some("metrics.close_rate.ratio.numerator"),
            "metric `wins` is not declared; declare it under `[metrics]`",
        ),
        case(
            "A ratio's operands are inputs, not ratios.",
            PM,
            |t| {
                swap(
                    t,
                    "denominator = \"opportunities\"",
                    "denominator = \"close_rate\"",
                )
            },
            None,
            Some("metrics.close_rate.ratio.denominator"),
            "metric `close_rate` is itself a ratio; a ratio's operands must be input metrics",
        ),
        case(
            "A ratio metric has no `transactions`; give them on its operands.",
            PM,
            |t| {
                swap(
                    t,
                    "ratio = { numerator",
                    "transactions = \"wins\"\nratio = { numerator",
                )
            },
            None,
            Some("metrics.close_rate.transactions"),
            "a ratio metric is derived from its operands",
        ),
        // ## Curves
        case(
            "A curve has at least two points.",
            DG,
            |t| {
                swap(
                    t,
                    "points = [[0.5, 0.25], [1.0, 1.0], [1.5, 2.0]]",
                    "points = [[1.0, 1.0]]",
                )
            },
            None,
            Some("curves.standard.points"),
            "a curve needs at least 2 points, found 1",
        ),
        case(
            "A curve's points are in increasing attainment; two consecutive points may share one (a jump), never three.",
            DG,
            |t| {
                swap(
                    t,
                    "points = [[0.5, 0.25], [1.0, 1.0], [1.5, 2.0]]",
                    "points = [[1.0, 1.0], [0.5, 0.25], [1.5, 2.0]]",
                )
            },
            None,
            Some("curves.standard.points"),
            "point 2 (attainment 0.5) comes after point 1 (attainment 1.0); points must be in increasing order of attainment",
        ),
        case(
            "A curve's points are in increasing attainment; two consecutive points may share one (a jump), never three.",
            DG,
            |t| {
                swap(
                    t,
                    "points = [[0.5, 0.25], [1.0, 1.0], [1.5, 2.0]]",
                    "points = [[0.5, 0.25], [1.0, 0.8], [1.0, 1.0], [1.0, 1.2]]",
                )
            },
            None,
            Some("curves.standard.points"),
            "points 2 to 4 share the attainment 1.0; a jump is two points at one attainment, never three",
        ),
        case(
            "A curve's payouts are 0 or more.",
            DG,
            |t| {
                swap(
                    t,
                    "points = [[0.5, 0.25], [1.0, 1.0], [1.5, 2.0]]",
                    "points = [[0.5, -0.25], [1.0, 1.0], [1.5, 2.0]]",
                )
            },
            None,
            Some("curves.standard.points"),
            "point 1 pays -0.25; a payout must be 0 or more",
        ),
        case(
            "An extrapolating curve does not end with a jump.",
            DG,
            |t| {
                swap(
                    t,
                    "points = [[0.5, 0.25], [1.0, 1.0], [1.5, 2.0]]",
                    "points = [[0.5, 0.25], [1.0, 1.0], [1.0, 2.0]]\nextrapolate = true",
                )
            },
            None,
            Some("curves.standard.points"),
            "an extrapolating curve cannot end with a jump",
        ),
        // ## Scales
        case(
            "A scale is numeric (`min`, `max`, `ratings` and an optional `step`) or labelled (`labels` alone, with none of the other four).",
            DG,
            |t| after(t, "max = 5", "labels = [[\"meets\", \"100%\"]]"),
            None,
            Some("scales.five-point.min"),
            "`min` does not apply to a labelled scale",
        ),
        case(
            "A numeric scale gives `min`, `max` and `ratings`.",
            DG,
            |t| swap(t, "max = 5\n", ""),
            None,
            Some("scales.five-point"),
            "missing `max`: a numeric scale gives `min`, `max` and `ratings`",
        ),
        case(
            "A scale's `step` is above 0.",
            DG,
            |t| after(t, "max = 5", "step = 0"),
            None,
            Some("scales.five-point.step"),
            "the step is 0; it must be above 0",
        ),
        case(
            "A scale's `min` is not above its `max`.",
            DG,
            |t| swap(t, "min = 1\nmax = 5", "min = 6\nmax = 5"),
            None,
            Some("scales.five-point.min"),
            "`min` 6 is above `max` 5",
        ),
        case(
            "A scale's range is a whole number of steps.",
            DG,
            |t| after(t, "max = 5", "step = 3"),
            None,
            Some("scales.five-point.ratings"),
            "the range 1 to 5 is not a whole number of steps of 3",
        ),
        case(
            "A scale's ratings are in increasing order, each once, and pay 0 or more.",
            DG,
            |t| swap(t, "[2, \"50%\"], [3, \"100%\"]", "[3, \"100%\"], [2, \"50%\"]"),
            None,
            Some("scales.five-point.ratings"),
            "entry 3 (rating 2) comes after entry 2 (rating 3); entries must be in increasing order of rating",
        ),
        case(
            "A scale's ratings are in increasing order, each once, and pay 0 or more.",
            DG,
            |t| swap(t, "[1, \"0%\"]", "[1, \"-10%\"]"),
            None,
            Some("scales.five-point.ratings"),
            "entry 1 pays -0.10; a payout must be 0 or more",
        ),
        case(
            "A scale's ratings are in increasing order, each once, and pay 0 or more.",
            DG,
            |t| swap(t, "[2, \"50%\"]", "[1, \"50%\"]"),
            None,
            Some("scales.five-point.ratings"),
            "entries 1 and 2 have the same rating 1; each rating may appear once",
        ),
        case(
            "Every rating is on the scale (from `min` to `max` in steps of `step`), and every rating of the scale has a payout.",
            DG,
            |t| swap(t, "[5, \"150%\"]]", "[5, \"150%\"], [6, \"175%\"]]"),
            None,
            Some("scales.five-point.ratings"),
            "rating 6 is outside the scale 1 to 5 in steps of 1",
        ),
        case(
            "Every rating is on the scale (from `min` to `max` in steps of `step`), and every rating of the scale has a payout.",
            DG,
            |t| swap(t, ", [5, \"150%\"]]", "]"),
            None,
            Some("scales.five-point.ratings"),
            "the scale 1 to 5 has no payout for rating 5",
        ),
        case(
            "A numeric scale has at most 1000 ratings; a labelled one at least one label and at most 1000.",
            DG,
            |t| swap(t, "max = 5", "max = 2000"),
            None,
            Some("scales.five-point.ratings"),
            "a scale may have at most 1000 ratings",
        ),
        case(
            "A numeric scale has at most 1000 ratings; a labelled one at least one label and at most 1000.",
            DG,
            |t| swap(t, NUMERIC_SCALE, "labels = []"),
            None,
            Some("scales.five-point.labels"),
            "a labelled scale needs at least one label",
        ),
        case(
            "A numeric scale has at most 1000 ratings; a labelled one at least one label and at most 1000.",
            DG,
            |t| swap(t, NUMERIC_SCALE, &many_labels(1001)),
            None,
            Some("scales.five-point.labels"),
            "a scale may have at most 1000 labels",
        ),
        case(
            "A label is not empty, has no spaces around it, is given once and pays 0 or more.",
            LABELS,
            |t| swap(t, "[\"below\", \"0%\"]", "[\" below\", \"0%\"]"),
            None,
            Some("scales.five-point.labels"),
            "label 1 is ` below`; a label is non-empty text with no spaces around it",
        ),
        case(
            "A label is not empty, has no spaces around it, is given once and pays 0 or more.",
            LABELS,
            |t| swap(t, "[\"below\", \"0%\"]", "[\"meets\", \"0%\"]"),
            None,
            Some("scales.five-point.labels"),
            "label `meets` appears twice; each label may appear once",
        ),
        case(
            "A label is not empty, has no spaces around it, is given once and pays 0 or more.",
            LABELS,
            |t| swap(t, "[\"below\", \"0%\"]", "[\"below\", \"-1\"]"),
            None,
            Some("scales.five-point.labels"),
            "label `below` pays -1; a payout must be 0 or more",
        ),
        // ## Components
        case(
            "A component gives its `weight` or its own `amount`, not both.",
            DG,
            |t| swap(t, "weight = \"25%\"\n", ""),
            Some("campaign_effectiveness"),
            Some("weight"),
            "give the component's `weight`",
        ),
        case(
            "A component gives its `weight` or its own `amount`, not both.",
            DG,
            |t| after(t, "weight = \"25%\"", "amount = 1000"),
            Some("campaign_effectiveness"),
            Some("amount"),
            "give one of `weight` (a share of the plan's target incentive) or `amount`",
        ),
        case(
            "A `weight` is above 0% and at most 100%.",
            DG,
            |t| swap(t, "weight = \"25%\"", "weight = \"0%\""),
            Some("campaign_effectiveness"),
            Some("weight"),
            "is 0%; a weight must be above 0% and at most 100%",
        ),
        case(
            "A component's own `amount` is above 0.",
            DG,
            |t| swap(t, "weight = \"25%\"", "amount = 0"),
            Some("campaign_effectiveness"),
            Some("amount"),
            "is 0; it must be above 0",
        ),
        case(
            "The weights of the plan's components sum to exactly 100%, so at least one component has a `weight` (a component's own `amount` is outside the weights).",
            DG,
            |t| swap(t, "weight = \"25%\"", "weight = \"20%\""),
            None,
            Some("components.weight"),
            "weights sum to 95% (`pipeline` 75% + `campaign_effectiveness` 20%); they must sum to exactly 100%",
        ),
        case(
            "The weights of the plan's components sum to exactly 100%, so at least one component has a `weight` (a component's own `amount` is outside the weights).",
            DG,
            |t| {
                swap(
                    &swap(t, "weight = \"75%\"", "amount = 3750"),
                    "weight = \"25%\"",
                    "amount = 1250",
                )
            },
            None,
            Some("components.weight"),
            "every component gives its own `amount`, so none takes a share of `target_incentive`; give at least one a `weight`",
        ),
        case(
            "The weights of the plan's components sum to exactly 100%, so at least one component has a `weight` (a component's own `amount` is outside the weights).",
            DG,
            |t| swap(t, "weight = \"25%\"", "amount = 1250"),
            None,
            Some("components.weight"),
            "weights sum to 75% (`pipeline` 75%; `campaign_effectiveness` with its own `amount`, outside the weights); they must sum to exactly 100%",
        ),
        case(
            "A component has exactly one measure: `metric`, `rating` or `score` (or it is a `matrix`, or `pays = \"target\"`).",
            DG,
            |t| swap(t, "metric = \"pipeline\"\n", ""),
            Some("pipeline"),
            Some("metric"),
            "give one of `metric`, `rating`, `score`",
        ),
        case(
            "A component has exactly one measure: `metric`, `rating` or `score` (or it is a `matrix`, or `pays = \"target\"`).",
            DG,
            |t| after(t, "metric = \"pipeline\"", "rating = \"five-point\""),
            Some("pipeline"),
            Some("metric"),
            "give only one of `metric`, `rating`, `score`; found `metric` and `rating`",
        ),
        case(
            "A `metric` or `score` component has exactly one rule: `curve`, `steps`, `tiers` or `multipliers`.",
            DG,
            |t| swap(t, "curve = \"standard\"\n", ""),
            Some("pipeline"),
            Some("curve"),
            "give one of `curve`, `steps`, `tiers`, `multipliers`",
        ),
        case(
            "A `metric` or `score` component has exactly one rule: `curve`, `steps`, `tiers` or `multipliers`.",
            DG,
            |t| after(t, "curve = \"standard\"", "steps = [[1, 1]]"),
            Some("pipeline"),
            Some("curve"),
            "found `curve` and `steps`",
        ),
        case(
            "A component's `metric` is declared under `[metrics]`.",
            DG,
            |t| swap(t, "metric = \"pipeline\"", "metric = \"pipe\""),
            Some("pipeline"),
            Some("metric"),
            "metric `pipe` is not declared, so no input provides it; declare it under `[metrics]` (declared: `pipeline`)",
        ),
        case(
            "A component's `curve` names a curve of `[curves]`.",
            DG,
            |t| swap(t, "curve = \"standard\"", "curve = \"steep\""),
            Some("pipeline"),
            Some("curve"),
            "curve `steep` is not defined; defined curves: `standard`",
        ),
        case(
            "A `target` is above 0.",
            AE,
            |t| swap(t, "target = 500000", "target = 0"),
            Some("commission"),
            Some("target"),
            "is 0; it must be above 0",
        ),
        case(
            "A `formula` is given only with `direction = \"lower-is-better\"`, and a lower-is-better measure has one.",
            CM,
            |t| swap(t, "direction = \"lower-is-better\"\n", ""),
            Some("gross_churn"),
            Some("formula"),
            "a `formula` applies only with `direction = \"lower-is-better\"`",
        ),
        case(
            "A `formula` is given only with `direction = \"lower-is-better\"`, and a lower-is-better measure has one.",
            CM,
            |t| swap(t, "formula = \"two-minus-actual-over-target\"\n", ""),
            Some("gross_churn"),
            Some("formula"),
            "a lower-is-better measure needs a `formula`",
        ),
        case(
            "A `baseline` needs `direction = \"higher-is-better\"`, and a `target` above it.",
            CM,
            |t| after(t, "formula = \"two-minus-actual-over-target\"", "baseline = \"5%\""),
            Some("gross_churn"),
            Some("baseline"),
            "it needs `direction = \"higher-is-better\"`",
        ),
        case(
            "A `baseline` needs `direction = \"higher-is-better\"`, and a `target` above it.",
            AE,
            |t| after(t, "target = 500000", "baseline = 500000"),
            Some("commission"),
            Some("baseline"),
            "the baseline 500000 is at or above the goal (target) 500000",
        ),
        case(
            "`bounds` applies to `steps`, `tiers` and `multipliers`, not to a `curve`.",
            DG,
            |t| after(t, "curve = \"standard\"", "bounds = \"exclusive\""),
            Some("pipeline"),
            Some("bounds"),
            "`bounds` applies to the bands of `steps`, `tiers` and `multipliers`; a curve is continuous",
        ),
        case(
            "A step table has at least one step; its attainments increase, each given once, and its payouts are 0 or more.",
            DG,
            |t| swap(t, "curve = \"standard\"", "steps = []"),
            Some("pipeline"),
            Some("steps"),
            "a step table needs at least 1 step",
        ),
        case(
            "A step table has at least one step; its attainments increase, each given once, and its payouts are 0 or more.",
            DG,
            |t| swap(t, "curve = \"standard\"", "steps = [[1.0, 1.0], [1.0, 1.5]]"),
            Some("pipeline"),
            Some("steps"),
            "points 1 and 2 have the same attainment 1.0; each attainment may appear once",
        ),
        case(
            "A step table has at least one step; its attainments increase, each given once, and its payouts are 0 or more.",
            DG,
            |t| swap(t, "curve = \"standard\"", "steps = [[1.0, -1]]"),
            Some("pipeline"),
            Some("steps"),
            "point 1 pays -1; a payout must be 0 or more",
        ),
        case(
            "A band table (`tiers` or `multipliers`) has at least one band; the first starts at 0 or above, the bounds increase strictly, and each rate or multiplier is 0 or more.",
            AE,
            |t| swap(t, "bands = [[0, \"8%\"], [1.0, \"12%\"], [1.5, \"16%\"]]", "bands = []"),
            Some("commission"),
            Some("tiers.bands"),
            "a tier table needs at least 1 band",
        ),
        case(
            "A band table (`tiers` or `multipliers`) has at least one band; the first starts at 0 or above, the bounds increase strictly, and each rate or multiplier is 0 or more.",
            AE,
            |t| swap(t, "[[0, \"8%\"]", "[[-1, \"8%\"]"),
            Some("commission"),
            Some("tiers.bands"),
            "band 1 starts at -1; the first band must start at 0 or above",
        ),
        case(
            "A band table (`tiers` or `multipliers`) has at least one band; the first starts at 0 or above, the bounds increase strictly, and each rate or multiplier is 0 or more.",
            AE,
            |t| swap(t, "[1.5, \"16%\"]", "[1.0, \"16%\"]"),
            Some("commission"),
            Some("tiers.bands"),
            "band 3 starts at 1.0, not above band 2 at 1.0; bands must be in increasing order with distinct lower bounds",
        ),
        case(
            "A band table (`tiers` or `multipliers`) has at least one band; the first starts at 0 or above, the bounds increase strictly, and each rate or multiplier is 0 or more.",
            AE,
            |t| swap(t, "[1.0, \"12%\"]", "[1.0, \"-12%\"]"),
            Some("commission"),
            Some("tiers.bands"),
            "band 2 has rate -0.12; a rate must be 0 or more",
        ),
        case(
            "A band table (`tiers` or `multipliers`) has at least one band; the first starts at 0 or above, the bounds increase strictly, and each rate or multiplier is 0 or more.",
            DG,
            |t| {
                swap(
                    t,
                    "curve = \"standard\"",
                    "multipliers = { mode = \"marginal\", bands = [[0, 1.0], [1.0, -1]] }",
                )
            },
            Some("pipeline"),
            Some("multipliers.bands"),
            "band 2 has multiplier -1; a multiplier must be 0 or more",
        ),
        case(
            "`tiers` need `direction = \"higher-is-better\"`.",
            AE,
            |t| {
                after(
                    t,
                    "target = 500000",
                    "direction = \"lower-is-better\"\nformula = \"target-over-actual\"",
                )
            },
            Some("commission"),
            Some("tiers"),
            "tiers pay a rate on the actual amount, so they need `direction = \"higher-is-better\"`",
        ),
        case(
            "A rated component has no rule (`curve`, `steps`, `tiers`, `multipliers`, `bounds`), `target`, `direction`, `formula` or `baseline`: its scale pays.",
            DG,
            |t| after(t, "rating = \"five-point\"", "target = 3"),
            Some("campaign_effectiveness"),
            Some("target"),
            "`target` does not apply here: a rating has no target",
        ),
        case(
            "A rated component has no rule (`curve`, `steps`, `tiers`, `multipliers`, `bounds`), `target`, `direction`, `formula` or `baseline`: its scale pays.",
            DG,
            |t| after(t, "rating = \"five-point\"", "steps = [[1, 1]]"),
            Some("campaign_effectiveness"),
            Some("steps"),
            "`steps` does not apply here: a rating pays through its scale",
        ),
        case(
            "A rated component's `rating` names a scale of `[scales]`.",
            DG,
            |t| swap(t, "rating = \"five-point\"", "rating = \"ten-point\""),
            Some("campaign_effectiveness"),
            Some("rating"),
            "scale `ten-point` is not defined; defined scales: `five-point`",
        ),
        case(
            "A score's `min` is below its `max`.",
            SE,
            |t| swap(t, "score = { min = 1, max = 5 }", "score = { min = 5, max = 5 }"),
            Some("sales_satisfaction"),
            Some("score"),
            "the range 5 to 5 is empty; `min` must be below `max`",
        ),
        case(
            "A score has no `target`, `direction`, `formula` or `baseline`, and does not pay through `tiers`.",
            SE,
            |t| after(t, "score = { min = 1, max = 5 }", "target = 3"),
            Some("sales_satisfaction"),
            Some("target"),
            "`target` does not apply here: a score has no target",
        ),
        case(
            "A score has no `target`, `direction`, `formula` or `baseline`, and does not pay through `tiers`.",
            SE,
            |t| {
                swap(
                    t,
                    "curve = \"satisfaction\"",
                    "tiers = { basis = \"amount\", mode = \"marginal\", bands = [[0, \"10%\"]] }",
                )
            },
            Some("sales_satisfaction"),
            Some("tiers"),
            "a score cannot pay through `tiers`",
        ),
        case(
            "A weighted score's `of` lists at least one part; a part is not named like its own component and is listed once.",
            SE,
            |t| {
                swap(
                    t,
                    "score = { min = 1, max = 5 }",
                    "score = { min = 1, max = 5, of = [] }",
                )
            },
            Some("sales_satisfaction"),
            Some("score.of"),
            "`of` lists no part",
        ),
        case(
            "A weighted score's `of` lists at least one part; a part is not named like its own component and is listed once.",
            SE,
            |t| {
                swap(
                    t,
                    "score = { min = 1, max = 5 }",
                    "score = { min = 1, max = 5, of = [[\"sales_satisfaction\", \"100%\"]] }",
                )
            },
            Some("sales_satisfaction"),
            Some("score.of"),
            "part `sales_satisfaction` has the component's own id",
        ),
        case(
            "A weighted score's `of` lists at least one part; a part is not named like its own component and is listed once.",
            SE,
            |t| {
                swap(
                    t,
                    "score = { min = 1, max = 5 }",
                    "score = { min = 1, max = 5, of = [[\"a\", \"50%\"], [\"a\", \"50%\"]] }",
                )
            },
            Some("sales_satisfaction"),
            Some("score.of"),
            "part `a` appears twice; list each part once",
        ),
        case(
            "A part's weight is above 0% and at most 100%, and the parts' weights sum to exactly 100%.",
            SE,
            |t| {
                swap(
                    t,
                    "score = { min = 1, max = 5 }",
                    "score = { min = 1, max = 5, of = [[\"a\", \"0%\"], [\"b\", \"100%\"]] }",
                )
            },
            Some("sales_satisfaction"),
            Some("score.of"),
            "part `a` weighs 0%; a part's weight must be above 0% and at most 100%",
        ),
        case(
            "A part's weight is above 0% and at most 100%, and the parts' weights sum to exactly 100%.",
            SE,
            |t| {
                swap(
                    t,
                    "score = { min = 1, max = 5 }",
                    "score = { min = 1, max = 5, of = [[\"a\", \"60%\"], [\"b\", \"30%\"]] }",
                )
            },
            Some("sales_satisfaction"),
            Some("score.of"),
            "the parts' weights sum to 90% (`a` 60% + `b` 30%); they must sum to exactly 100%",
        ),
        case(
            "A part is not named like another component or like a part of another weighted score.",
            SE,
            |t| {
                swap(
                    t,
                    "score = { min = 1, max = 5 }",
                    "score = { min = 1, max = 5, of = [[\"sales_quota\", \"100%\"]] }",
                )
            },
            Some("sales_satisfaction"),
            Some("score.of"),
            "part `sales_quota` is also the id of a component",
        ),
        case(
            "A component with its own `amount` is measured per period.",
            YTD,
            |t| swap(t, "weight = \"75%\"", "amount = 3750"),
            Some("pipeline"),
            Some("measurement"),
            "a component with its own `amount` is measured per period",
        ),
        case(
            "A component with `pays = \"target\"` has no measure or rule and no `modifier` (nothing of `metric`, `rating`, `score`, `matrix`, `curve`, `steps`, `tiers`, `multipliers`, `target`, `direction`, `formula`, `baseline`, `bounds`), and is measured per period.",
            DG,
            |t| after(t, "curve = \"standard\"", "pays = \"target\""),
            Some("pipeline"),
            Some("metric"),
            "`metric` does not apply here: a component that pays at target has no measure or rule",
        ),
        case(
            "A component with `pays = \"target\"` has no measure or rule and no `modifier` (nothing of `metric`, `rating`, `score`, `matrix`, `curve`, `steps`, `tiers`, `multipliers`, `target`, `direction`, `formula`, `baseline`, `bounds`), and is measured per period.",
            YTD,
            |t| {
                swap(
                    t,
                    "metric = \"pipeline\"\ncurve = \"standard\"\n",
                    "pays = \"target\"\n",
                )
            },
            Some("pipeline"),
            Some("measurement"),
            "a component that pays at target has nothing to measure year to date",
        ),
        case(
            "A component's `gate` names a gate of `[gates]`, and its `modifier` a modifier of `[modifiers]`.",
            DG,
            |t| after(t, "curve = \"standard\"", "gate = \"pipeline_80\""),
            Some("pipeline"),
            Some("gate"),
            "gate `pipeline_80` is not defined; defined gates: none",
        ),
        case(
            "A component's `gate` names a gate of `[gates]`, and its `modifier` a modifier of `[modifiers]`.",
            DG,
            |t| after(t, "curve = \"standard\"", "modifier = \"company\""),
            Some("pipeline"),
            Some("modifier"),
            "modifier `company` is not defined; defined modifiers: none",
        ),
        // ## Bonus matrix
        case(
            "A matrix component has no `metric`, `rating`, `score`, `target`, `direction`, `formula`, `curve`, `steps`, `tiers`, `multipliers`, `baseline` or `bounds`: the matrix is its measure and its rule.",
            MATRIX,
            |t| after(t, "weight = \"75%\"", "curve = \"standard\""),
            Some("pipeline"),
            Some("curve"),
            "`curve` does not apply here: a bonus matrix reads its two measures",
        ),
        case(
            "A matrix is measured per period.",
            MATRIX,
            |t| after(t, "weight = \"75%\"", "measurement = \"ytd\""),
            Some("pipeline"),
            Some("measurement"),
            "a bonus matrix is measured per period",
        ),
        case(
            "`rows` and `columns` name two different measures.",
            MATRIX,
            |t| swap(t, "columns = \"margin\"", "columns = \"revenue\""),
            Some("pipeline"),
            Some("matrix.columns"),
            "`rows` and `columns` both read `revenue`; a matrix pays from two different measures",
        ),
        case(
            "`rows` and `columns` each name a quantitative component or a `[measures.NAME]`.",
            MATRIX,
            |t| swap(t, "rows = \"revenue\"", "rows = \"campaign_effectiveness\""),
            Some("pipeline"),
            Some("matrix.rows"),
            "`campaign_effectiveness` is neither a quantitative component nor a measure of this plan; a matrix reads the attainment of `margin`, `revenue`",
        ),
        case(
            "`row_bounds` and `column_bounds` each have at least one bound, strictly increasing.",
            MATRIX,
            |t| swap(t, "row_bounds = [\"90%\", \"100%\"]", "row_bounds = []"),
            Some("pipeline"),
            Some("matrix.row_bounds"),
            "is empty; a matrix needs at least 1 row",
        ),
        case(
            "`row_bounds` and `column_bounds` each have at least one bound, strictly increasing.",
            MATRIX,
            |t| {
                swap(
                    t,
                    "column_bounds = [\"95%\", \"100%\"]",
                    "column_bounds = [\"95%\", \"95%\"]",
                )
            },
            Some("pipeline"),
            Some("matrix.column_bounds"),
            "column 2 starts at 95%, not above column 1 at 95%; bounds must be strictly increasing",
        ),
        case(
            "`values` has one row per row bound, each of one value per column bound, and every value is 0 or more.",
            MATRIX,
            |t| swap(t, ", [\"80%\", \"100%\"]]", "]"),
            Some("pipeline"),
            Some("matrix.values"),
            "has 1 rows, but `row_bounds` declares 2",
        ),
        case(
            "`values` has one row per row bound, each of one value per column bound, and every value is 0 or more.",
            MATRIX,
            |t| swap(t, "[\"80%\", \"100%\"]", "[\"80%\"]"),
            Some("pipeline"),
            Some("matrix.values"),
            "row 2 has 1 values, but `column_bounds` declares 2",
        ),
        case(
            "`values` has one row per row bound, each of one value per column bound, and every value is 0 or more.",
            MATRIX,
            |t| swap(t, "[\"80%\", \"100%\"]", "[\"80%\", \"-100%\"]"),
            Some("pipeline"),
            Some("matrix.values"),
            "row 2, column 2 pays -100%; a payout must be 0 or more",
        ),
        // ## Commissions
        case(
            "A commission gives `metric`, the transactions' metric it pays, except with `lines = \"reports\"`, which refuses it.",
            RC,
            |t| swap(t, "metric = \"sales\"\n", ""),
            Some("resale"),
            Some("metric"),
            "give the transactions' `metric` whose lines this component pays",
        ),
        case(
            "A commission gives `metric`, the transactions' metric it pays, except with `lines = \"reports\"`, which refuses it.",
            RC,
            |t| after(t, "metric = \"sales\"", "lines = \"reports\""),
            Some("resale"),
            Some("metric"),
            "`metric` does not apply with `lines = \"reports\"`",
        ),
        case(
            "A commission has exactly one rule: `rate`, `rates`, `tiers` or `cascade`.",
            RC,
            |t| after(t, "rounding = \"line\"", "rate = \"5%\""),
            Some("resale"),
            Some("rate"),
            "give exactly one rule of `rate`, `rates`, `tiers` or `cascade`; found rate and rates",
        ),
        case(
            "A rate is 0 or more, in `rate` and in each rule of `rates`.",
            RC,
            |t| swap(t, "{ rate = \"3%\" }", "{ rate = \"-3%\" }"),
            Some("resale"),
            Some("rates.3.rate"),
            "is -0.03; a rate must be 0 or more",
        ),
        case(
            "`rates` has at least one rule.",
            RC,
            |t| format!("{}rates = []\n", cut_from(t, "rates = [")),
            Some("resale"),
            Some("rates"),
            "`rates` needs at least one rule",
        ),
        case(
            "A rule's `category` has no empty level (`hardware//servers`).",
            RC,
            |t| swap(t, "category = \"hardware\"", "category = \"hardware/\""),
            Some("resale"),
            Some("rates.2.category"),
            "category `hardware/` has an empty level",
        ),
        case(
            "A rule matches `product` and `category` by its own keys, not under `attributes`.",
            RC,
            |t| {
                swap(
                    t,
                    "{ rate = \"3%\" }",
                    "{ attributes = { product = \"SRV-Y\" }, rate = \"3%\" }",
                )
            },
            Some("resale"),
            Some("rates.3.attributes.product"),
            "match `product` with the rule's own `product` field, not under `attributes`",
        ),
        case(
            "No two rules of `rates` match the same lines.",
            RC,
            |t| swap(t, "{ rate = \"3%\" },", "{ rate = \"3%\" },\n    { rate = \"4%\" },"),
            Some("resale"),
            Some("rates.4"),
            "rules 4 and 5 match the same lines",
        ),
        case(
            "A commission's `tiers` have at least one band, from 0 or above, with strictly increasing bounds and rates of 0 or more.",
            SDR,
            |t| swap(t, "[20, \"21.875\"]", "[0, \"21.875\"]"),
            Some("meetings"),
            Some("tiers.bands"),
            "band 2 starts at 0, not above band 1 at 0",
        ),
        case(
            "A `cascade` has at least one level, and each level's rate is above 0% and below 100%.",
            RC,
            |t| format!("{}cascade = []\n", cut_from(t, "rates = [")),
            Some("resale"),
            Some("cascade"),
            "a cascade needs at least one level's rate",
        ),
        case(
            "A `cascade` has at least one level, and each level's rate is above 0% and below 100%.",
            RC,
            |t| format!("{}cascade = [\"10%\", \"100%\"]\n", cut_from(t, "rates = [")),
            Some("resale"),
            Some("cascade"),
            "level 2 has rate 100%; a cascade rate is above 0% and below 100%",
        ),
        case(
            "`per = \"line\"` does not go with `tiers`, nor `per = \"total\"` with `rates` or `cascade`.",
            SDR,
            |t| swap(t, "per = \"total\"", "per = \"line\""),
            Some("meetings"),
            Some("per"),
            "tiers pay on the period's total",
        ),
        case(
            "`per = \"line\"` does not go with `tiers`, nor `per = \"total\"` with `rates` or `cascade`.",
            RC,
            |t| swap(t, "per = \"line\"\nrounding = \"line\"\n", "per = \"total\"\n"),
            Some("resale"),
            Some("per"),
            "rates matched per line and cascades are paid per line",
        ),
        case(
            "An override (`lines = \"reports\"`) has `basis = \"amount\"` and no `cascade`.",
            RC,
            |t| {
                swap(
                    t,
                    "metric = \"sales\"\nbasis = \"amount\"",
                    "lines = \"reports\"\nbasis = \"quantity\"",
                )
            },
            Some("resale"),
            Some("basis"),
            "an override pays on the amount of commission the reports earned; `basis` must be `amount`",
        ),
        case(
            "An override (`lines = \"reports\"`) has `basis = \"amount\"` and no `cascade`.",
            RC,
            |t| {
                format!(
                    "{}cascade = [\"10%\"]\n",
                    cut_from(t, "rates = [").replace("metric = \"sales\"", "lines = \"reports\"")
                )
            },
            Some("resale"),
            Some("cascade"),
            "a cascade reads the team's sales lines, not reports' commission",
        ),
        case(
            "`rounding` is not given with `per = \"total\"`, which rounds once already.",
            SDR,
            |t| after(t, "per = \"total\"", "rounding = \"line\""),
            Some("meetings"),
            Some("rounding"),
            "a rule on the total is rounded once already",
        ),
        case(
            "A `schedule` is `[months, share]` pairs: whole months of 0 or more, increasing, each share above 0%, the shares adding up to exactly 100%.",
            RC,
            |t| after(t, "rounding = \"line\"", "schedule = [[1.5, \"100%\"]]"),
            Some("resale"),
            Some("schedule.0"),
            "1.5 is not a whole number of months of 0 or more",
        ),
        case(
            "A `schedule` is `[months, share]` pairs: whole months of 0 or more, increasing, each share above 0%, the shares adding up to exactly 100%.",
            RC,
            |t| after(t, "rounding = \"line\"", "schedule = [[12, \"50%\"], [0, \"50%\"]]"),
            Some("resale"),
            Some("schedule.1"),
            "month 0 is not after the one before; months must increase",
        ),
        case(
            "A `schedule` is `[months, share]` pairs: whole months of 0 or more, increasing, each share above 0%, the shares adding up to exactly 100%.",
            RC,
            |t| after(t, "rounding = \"line\"", "schedule = [[0, \"0%\"], [12, \"100%\"]]"),
            Some("resale"),
            Some("schedule.0"),
            "the share at month 0 is 0%; a share is above 0%",
        ),
        case(
            "A `schedule` is `[months, share]` pairs: whole months of 0 or more, increasing, each share above 0%, the shares adding up to exactly 100%.",
            RC,
            |t| after(t, "rounding = \"line\"", "schedule = [[0, \"40%\"], [12, \"50%\"]]"),
            Some("resale"),
            Some("schedule"),
            "the deferred schedule's shares add up to 90% (40% at 0 months + 50% at 12 months); they must add up to exactly 100%",
        ),
        case(
            "`payment = \"collected\"` needs per-line commission on credited lines, and no `schedule`.",
            SDR,
            |t| after(t, "per = \"total\"", "payment = \"collected\""),
            Some("meetings"),
            Some("payment"),
            "pay on collection follows each invoice line; it needs per-line commission on credited lines",
        ),
        case(
            "`payment = \"collected\"` needs per-line commission on credited lines, and no `schedule`.",
            RC,
            |t| {
                after(
                    t,
                    "rounding = \"line\"",
                    "payment = \"collected\"\nschedule = [[0, \"50%\"], [12, \"50%\"]]",
                )
            },
            Some("resale"),
            Some("schedule"),
            "a deferred schedule on top of pay on collection is not supported",
        ),
        // ## Caps
        case(
            "A `cap`, on the plan or on a component, gives one of `percent_of_target` or `amount`, and it is above 0.",
            CM,
            |t| swap(t, "cap = { percent_of_target = \"200%\" }", "cap = {}"),
            None,
            Some("cap"),
            "give one of `percent_of_target`, `amount`",
        ),
        case(
            "A `cap`, on the plan or on a component, gives one of `percent_of_target` or `amount`, and it is above 0.",
            CM,
            |t| {
                swap(
                    t,
                    "cap = { percent_of_target = \"200%\" }",
                    "cap = { percent_of_target = \"200%\", amount = 8000 }",
                )
            },
            None,
            Some("cap"),
            "give only one of `percent_of_target`, `amount`; found `percent_of_target` and `amount`",
        ),
        case(
            "A `cap`, on the plan or on a component, gives one of `percent_of_target` or `amount`, and it is above 0.",
            CM,
            |t| {
                swap(
                    t,
                    "cap = { percent_of_target = \"200%\" }",
                    "cap = { percent_of_target = \"0%\" }",
                )
            },
            None,
            Some("cap.percent_of_target"),
            "it must be above 0",
        ),
        case(
            "A `cap`, on the plan or on a component, gives one of `percent_of_target` or `amount`, and it is above 0.",
            CM,
            |t| {
                swap(
                    t,
                    "cap = { percent_of_target = \"200%\" }",
                    "cap = { amount = -1000 }",
                )
            },
            None,
            Some("cap.amount"),
            "is -1000; it must be above 0",
        ),
        case(
            "A `cap`, on the plan or on a component, gives one of `percent_of_target` or `amount`, and it is above 0.",
            DG,
            |t| after(t, "curve = \"standard\"", "cap = { amount = 0 }"),
            Some("pipeline"),
            Some("cap.amount"),
            "is 0; it must be above 0",
        ),
        case(
            "A plan `cap` as a `percent_of_target` needs the plan's `target_incentive`.",
            RC,
            |t| top(t, "cap = { percent_of_target = \"200%\" }"),
            None,
            Some("cap"),
            "a cap as a percent of target incentive needs the plan's `target_incentive`",
        ),
        // ## Clawback
        case(
            "A `clawback` gives one of `window_days` or `bands`.",
            RC,
            |t| top(t, "clawback = { window_days = 90, bands = [[0, \"100%\"]] }"),
            None,
            Some("clawback"),
            "give one of `window_days` (everything within so many days) or `bands`",
        ),
        case(
            "`bands` has at least one band; its days are whole numbers, starting at 0 and strictly increasing; each share is from 0% to 100%.",
            RC,
            |t| top(t, "clawback = { bands = [] }"),
            None,
            Some("clawback.bands"),
            "`bands` needs at least one band",
        ),
        case(
            "`bands` has at least one band; its days are whole numbers, starting at 0 and strictly increasing; each share is from 0% to 100%.",
            RC,
            |t| top(t, "clawback = { bands = [[0.5, \"100%\"]] }"),
            None,
            Some("clawback.bands.0"),
            "0.5 is not a whole number of days of 0 or more",
        ),
        case(
            "`bands` has at least one band; its days are whole numbers, starting at 0 and strictly increasing; each share is from 0% to 100%.",
            RC,
            |t| top(t, "clawback = { bands = [[30, \"100%\"]] }"),
            None,
            Some("clawback.bands.0"),
            "the first band starts at day 30; it must start at day 0",
        ),
        case(
            "`bands` has at least one band; its days are whole numbers, starting at 0 and strictly increasing; each share is from 0% to 100%.",
            RC,
            |t| top(t, "clawback = { bands = [[0, \"100%\"], [0, \"50%\"]] }"),
            None,
            Some("clawback.bands.1"),
            "day 0 is not after the band before; days must increase",
        ),
        case(
            "`bands` has at least one band; its days are whole numbers, starting at 0 and strictly increasing; each share is from 0% to 100%.",
            RC,
            |t| top(t, "clawback = { bands = [[0, \"120%\"]] }"),
            None,
            Some("clawback.bands.0"),
            "share 120% is outside 0% to 100%",
        ),
        // ## Shared goals
        case(
            "A measure's `metric` is declared, and its `target`, `direction`, `formula` and `baseline` follow a metric component's rules.",
            DG,
            |t| add(t, "[measures.company]\nmetric = \"revenue\""),
            None,
            Some("measures.company.metric"),
            "metric `revenue` is not declared",
        ),
        case(
            "A measure's `metric` is declared, and its `target`, `direction`, `formula` and `baseline` follow a metric component's rules.",
            DG,
            |t| add(t, "[measures.company]\nmetric = \"pipeline\"\ntarget = 0"),
            None,
            Some("measures.company.target"),
            "is 0; it must be above 0",
        ),
        case(
            "A measure's `metric` is declared, and its `target`, `direction`, `formula` and `baseline` follow a metric component's rules.",
            DG,
            |t| {
                add(
                    t,
                    "[measures.company]\nmetric = \"pipeline\"\ndirection = \"lower-is-better\"",
                )
            },
            None,
            Some("measures.company.formula"),
            "a lower-is-better measure needs a `formula`",
        ),
        case(
            "A gate reads a `measure` (with `at_least` or `above`) or a `rating` (with `in`): one of the two.",
            CH,
            |t| after(t, "at_least = \"80%\"", "rating = \"partner_satisfaction\""),
            None,
            Some("gates.pipeline_80"),
            "give only one of `measure` (a gate on an attainment) and `rating` (a gate on a label)",
        ),
        case(
            "A gate reads a `measure` (with `at_least` or `above`) or a `rating` (with `in`): one of the two.",
            CH,
            |t| swap(t, "measure = \"channel_pipeline\"\n", ""),
            None,
            Some("gates.pipeline_80"),
            "give `measure` and `at_least` (a gate on an attainment), or `rating` and `in` (a gate on a label)",
        ),
        case(
            "The `measure` of a gate, modifier or kicker names a quantitative component or a `[measures.NAME]`.",
            CH,
            |t| {
                swap(
                    t,
                    "measure = \"channel_pipeline\"",
                    "measure = \"partner_satisfaction\"",
                )
            },
            None,
            Some("gates.pipeline_80.measure"),
            "`partner_satisfaction` is neither a quantitative component nor a measure of this plan; conditions read the attainment of `channel_pipeline`",
        ),
        case(
            "The `measure` of a gate, modifier or kicker names a quantitative component or a `[measures.NAME]`.",
            DG,
            |t| {
                add(
                    t,
                    "[modifiers.m]\nmeasure = \"campaign_effectiveness\"\ncurve = \"standard\"\nbelow_first = \"zero\"",
                )
            },
            None,
            Some("modifiers.m.measure"),
            "`campaign_effectiveness` is neither a quantitative component nor a measure of this plan",
        ),
        case(
            "The `measure` of a gate, modifier or kicker names a quantitative component or a `[measures.NAME]`.",
            CM,
            |t| swap(t, "measure = \"nrr\"", "measure = \"arr\""),
            None,
            Some("kickers.nrr_110.measure"),
            "`arr` is neither a quantitative component nor a measure of this plan",
        ),
        case(
            "A gate on a measure, and a kicker, give their level as `at_least` (reached) or `above` (exceeded), one of the two.",
            CH,
            |t| after(t, "at_least = \"80%\"", "above = \"80%\""),
            None,
            Some("gates.pipeline_80.above"),
            "give one of `at_least` (reached, inclusive) or `above` (exceeded, strict), not both",
        ),
        case(
            "A gate on a measure, and a kicker, give their level as `at_least` (reached) or `above` (exceeded), one of the two.",
            CM,
            |t| swap(t, "at_least = \"110%\"\n", ""),
            None,
            Some("kickers.nrr_110.at_least"),
            "give the level: `at_least` (reached, inclusive) or `above` (exceeded, strict)",
        ),
        case(
            "A gate on a measure has no `in`; a gate on a rating has no `at_least` or `above`.",
            CH,
            |t| after(t, "at_least = \"80%\"", "in = [\"meets\"]"),
            None,
            Some("gates.pipeline_80.in"),
            "`in` lists the labels of a label gate on a `rating`",
        ),
        case(
            "A gate on a measure has no `in`; a gate on a rating has no `at_least` or `above`.",
            LABELS,
            |t| after(t, "in = [\"meets\"]", "at_least = \"80%\""),
            None,
            Some("gates.g.at_least"),
            "`at_least` applies to a gate on a `measure`",
        ),
        case(
            "A gate's `rating` names a component rated on a labelled scale.",
            LABELS,
            |t| {
                swap(
                    t,
                    "rating = \"campaign_effectiveness\"\nin",
                    "rating = \"pipeline\"\nin",
                )
            },
            None,
            Some("gates.g.rating"),
            "`pipeline` is not a component rated on a labelled scale; a gate on a `rating` reads the label of `campaign_effectiveness`",
        ),
        case(
            "A gate on a rating lists in `in` at least one label, each on the component's scale and each once.",
            LABELS,
            |t| swap(t, "in = [\"meets\"]\n", ""),
            None,
            Some("gates.g"),
            "a gate on a `rating` needs `in`",
        ),
        case(
            "A gate on a rating lists in `in` at least one label, each on the component's scale and each once.",
            LABELS,
            |t| swap(t, "in = [\"meets\"]", "in = []"),
            Some("campaign_effectiveness"),
            Some("gates.g.in"),
            "`in` lists no label, so the gate could never hold",
        ),
        case(
            "A gate on a rating lists in `in` at least one label, each on the component's scale and each once.",
            LABELS,
            |t| swap(t, "in = [\"meets\"]", "in = [\"meets\", \"exceeds\"]"),
            Some("campaign_effectiveness"),
            Some("gates.g.in"),
            "label `exceeds` is not on scale `five-point`, which component `campaign_effectiveness` is rated on; its labels are `below`, `meets`",
        ),
        case(
            "A gate on a rating lists in `in` at least one label, each on the component's scale and each once.",
            LABELS,
            |t| swap(t, "in = [\"meets\"]", "in = [\"meets\", \"meets\"]"),
            Some("campaign_effectiveness"),
            Some("gates.g.in"),
            "label `meets` appears twice in `in`; list each label once",
        ),
        case(
            "A modifier's `curve` names a curve of `[curves]`.",
            DG,
            |t| {
                add(
                    t,
                    "[modifiers.m]\nmeasure = \"pipeline\"\ncurve = \"company\"\nbelow_first = \"zero\"",
                )
            },
            None,
            Some("modifiers.m.curve"),
            "curve `company` is not defined; defined curves: `standard`",
        ),
        case(
            "A kicker's `amount` is above 0.",
            CM,
            |t| swap(t, "amount = 500", "amount = 0"),
            None,
            Some("kickers.nrr_110.amount"),
            "is 0; it must be above 0",
        ),
        // ## [year]
        case(
            "`fiscal_start_month` is from 1 to 12.",
            DG,
            |t| year(t, "fiscal_start_month = 13"),
            None,
            Some("year.fiscal_start_month"),
            "is 13; the plan year starts in a month from 1 (January) to 12 (December)",
        ),
        case(
            "`annual_cap` is above 0.",
            DG,
            |t| year(t, "annual_cap = -60000"),
            None,
            Some("year.annual_cap"),
            "is -60000; it must be above 0",
        ),
        case(
            "`effective_until` is not before `effective_from`.",
            DG,
            |t| year(t, "effective_from = 2026-07-01\neffective_until = 2026-06-30"),
            None,
            Some("year.effective_until"),
            "is 2026-06-30, before `effective_from` 2026-07-01",
        ),
        case(
            "`periods` is given with `pay_period = \"custom\"`, and only then.",
            DG,
            |t| swap(t, "pay_period = \"quarter\"", "pay_period = \"custom\""),
            None,
            Some("year.periods"),
            "missing `periods`: a plan with `pay_period = \"custom\"` lists its periods",
        ),
        case(
            "`periods` is given with `pay_period = \"custom\"`, and only then.",
            DG,
            |t| year(t, PERIODS),
            None,
            Some("year.periods"),
            "a plan paid every quarter makes its own periods; `periods` applies only with `pay_period = \"custom\"`",
        ),
        case(
            "Each period has a label that is not empty and has no spaces around it, a label of its own, and an `end` on or after its `start`.",
            CUSTOM,
            |t| swap(t, "label = \"2026-P02\"", "label = \" 2026-P02\""),
            None,
            Some("year.periods[1]"),
            "the label ` 2026-P02` is empty or has spaces around it",
        ),
        case(
            "Each period has a label that is not empty and has no spaces around it, a label of its own, and an `end` on or after its `start`.",
            CUSTOM,
            |t| swap(t, "label = \"2026-P02\"", "label = \"2026-P01\""),
            None,
            Some("year.periods[1]"),
            "the label `2026-P01` is given twice; each period needs its own label",
        ),
        case(
            "Each period has a label that is not empty and has no spaces around it, a label of its own, and an `end` on or after its `start`.",
            CUSTOM,
            |t| swap(t, "end = 2026-06-30", "end = 2025-12-31"),
            None,
            Some("year.periods[0]"),
            "`2026-P01` ends on 2025-12-31, before it starts on 2026-01-01",
        ),
        case(
            "A custom period's label does not start with `=`, `+`, `-` or `@`, which a spreadsheet reads as a formula and no inputs file may name.",
            CUSTOM,
            |t| swap(t, "label = \"2026-P02\"", "label = \"=2026-P02\""),
            None,
            Some("year.periods[1]"),
            "the label `=2026-P02` starts with `=`, which a spreadsheet reads as a formula",
        ),
        case(
            "Each period starts the day after the one before ends: no gap, no overlap.",
            CUSTOM,
            |t| swap(t, "start = 2026-07-01", "start = 2026-07-02"),
            None,
            Some("year.periods[1]"),
            "`2026-P02` starts on 2026-07-02, so it leaves a gap after `2026-P01` (which ends on 2026-06-30)",
        ),
        case(
            "Each period starts the day after the one before ends: no gap, no overlap.",
            CUSTOM,
            |t| swap(t, "start = 2026-07-01", "start = 2026-06-30"),
            None,
            Some("year.periods[1]"),
            "`2026-P02` starts on 2026-06-30, so it overlaps `2026-P01`",
        ),
        case(
            "`anchor` is given with `pay_period = \"week\"` or `\"biweek\"`, and only then.",
            DG,
            |t| swap(t, "pay_period = \"quarter\"", "pay_period = \"biweek\""),
            None,
            Some("year.anchor"),
            "missing `anchor`: a plan paid every biweek needs the first day of any one of its pay periods",
        ),
        case(
            "`anchor` is given with `pay_period = \"week\"` or `\"biweek\"`, and only then.",
            DG,
            |t| year(t, "anchor = 2026-01-02"),
            None,
            Some("year.anchor"),
            "is 2026-01-02, but a plan paid every quarter starts its periods on calendar dates",
        ),
        // ### Proration
        case(
            "A `factor` proration gives `places`, from 0 to 10; `places` goes only with `method = \"factor\"`.",
            DG,
            |t| year(t, "proration = { method = \"factor\" }"),
            None,
            Some("year.proration.places"),
            "is missing; a `factor` proration rounds the day fraction to `places` decimal places",
        ),
        case(
            "A `factor` proration gives `places`, from 0 to 10; `places` goes only with `method = \"factor\"`.",
            DG,
            |t| year(t, "proration = { method = \"factor\", places = 11 }"),
            None,
            Some("year.proration.places"),
            "is 11; a factor is rounded to 0 to 10 decimal places",
        ),
        case(
            "A `factor` proration gives `places`, from 0 to 10; `places` goes only with `method = \"factor\"`.",
            DG,
            |t| year(t, "proration = { method = \"days\", places = 4 }"),
            None,
            Some("year.proration.places"),
            "applies only with `method = \"factor\"`, not `days`",
        ),
        case(
            "`days_in_year` goes only with `method = \"daily-rate\"`, and is a number of days from 1 to 366 or `\"actual\"`.",
            DG,
            |t| year(t, "proration = { method = \"days\", days_in_year = 360 }"),
            None,
            Some("year.proration.days_in_year"),
            "applies only with `method = \"daily-rate\"`, not `days`",
        ),
        case(
            "`days_in_year` goes only with `method = \"daily-rate\"`, and is a number of days from 1 to 366 or `\"actual\"`.",
            DG,
            |t| year(t, "proration = { method = \"daily-rate\", days_in_year = 367 }"),
            None,
            Some("year.proration.days_in_year"),
            "is 367; a year has 1 to 366 days, or write `\"actual\"`",
        ),
        case(
            "`days_in_year` goes only with `method = \"daily-rate\"`, and is a number of days from 1 to 366 or `\"actual\"`.",
            DG,
            |t| year(t, "proration = { method = \"daily-rate\", days_in_year = \"leap\" }"),
            None,
            Some("year.proration.days_in_year"),
            "is `leap`; give a number of days such as 365, or `\"actual\"`",
        ),
        case(
            "`count = \"end-minus-start\"` does not go with `method = \"months\"`.",
            DG,
            |t| year(t, "proration = { method = \"months\", count = \"end-minus-start\" }"),
            None,
            Some("year.proration.count"),
            "`method = \"months\"` counts whole months; remove `count`",
        ),
        // ### Draws
        case(
            "A draw's `amount` is above 0.",
            DRAW,
            |t| swap(t, "amount = 3000, kind", "amount = 0, kind"),
            None,
            Some("year.draw.amount"),
            "is 0; it must be above 0",
        ),
        case(
            "`max_recovery_per_period` is above 0, has no more decimal places than the currency, and goes only with `kind = \"recoverable\"`.",
            DRAW,
            |t| {
                swap(
                    t,
                    "kind = \"recoverable\" }",
                    "kind = \"recoverable\", max_recovery_per_period = 0 }",
                )
            },
            None,
            Some("year.draw.max_recovery_per_period"),
            "is 0; it must be above 0",
        ),
        case(
            "`max_recovery_per_period` is above 0, has no more decimal places than the currency, and goes only with `kind = \"recoverable\"`.",
            DRAW,
            |t| {
                swap(
                    t,
                    "kind = \"recoverable\" }",
                    "kind = \"recoverable\", max_recovery_per_period = 1000.005 }",
                )
            },
            None,
            Some("year.draw.max_recovery_per_period"),
            "is 1000.005; the currency has 2 decimal places",
        ),
        case(
            "`max_recovery_per_period` is above 0, has no more decimal places than the currency, and goes only with `kind = \"recoverable\"`.",
            NDRAW,
            |t| {
                swap(
                    t,
                    "kind = \"non-recoverable\" }",
                    "kind = \"non-recoverable\", max_recovery_per_period = 1000 }",
                )
            },
            None,
            Some("year.draw.max_recovery_per_period"),
            "a non-recoverable draw is never recovered",
        ),
        case(
            "`recover_from_period` is 1 or more, and goes only with `kind = \"recoverable\"`.",
            DRAW,
            |t| {
                swap(
                    t,
                    "kind = \"recoverable\" }",
                    "kind = \"recoverable\", recover_from_period = 0 }",
                )
            },
            None,
            Some("year.draw.recover_from_period"),
            "is 0; the draw balance is recovered from a period of the plan year, numbered from 1",
        ),
        case(
            "`recover_from_period` is 1 or more, and goes only with `kind = \"recoverable\"`.",
            NDRAW,
            |t| {
                swap(
                    t,
                    "kind = \"non-recoverable\" }",
                    "kind = \"non-recoverable\", recover_from_period = 4 }",
                )
            },
            None,
            Some("year.draw.recover_from_period"),
            "`recover_from_period` applies only with `kind = \"recoverable\"`",
        ),
        // ### Ramps
        case(
            "A `ramp` has at most 12 months, each above 0% and at most 100%.",
            YTD,
            |t| year(t, "ramp = [\"50%\", \"50%\", \"50%\", \"50%\", \"50%\", \"50%\", \"50%\", \"50%\", \"50%\", \"50%\", \"50%\", \"50%\", \"50%\"]"),
            None,
            Some("year.ramp"),
            "has 13 months; a ramp is longer than the plan year's 12 months",
        ),
        case(
            "A `ramp` has at most 12 months, each above 0% and at most 100%.",
            YTD,
            |t| year(t, "ramp = [\"0%\", \"50%\"]"),
            None,
            Some("year.ramp"),
            "has a month at 0%; each month of a ramp is a share of the target above 0% and at most 100%",
        ),
        case(
            "A `ramp` has at most 12 months, each above 0% and at most 100%.",
            YTD,
            |t| year(t, "ramp = [\"50%\", \"120%\"]"),
            None,
            Some("year.ramp"),
            "has a month at 120%",
        ),
        // ### In a plan book
        case(
            "A measurement window is not shorter than the pay period: a plan paid per half does not measure a component quarter to date.",
            YTD,
            |t| {
                swap(
                    &swap(t, "pay_period = \"quarter\"", "pay_period = \"half\""),
                    "measurement = \"ytd\"",
                    "measurement = \"qtd\"",
                )
            },
            Some("pipeline"),
            Some("measurement"),
            "component `pipeline` is measured quarter to date but plan `demand-generation-ytd` pays per half; a measurement window holds whole pay periods",
        )
        .via(Via::Book),
        case(
            "A plan paid every `week`, `biweek` or `custom` period measures a component per period or year to date, not quarter or half to date.",
            YTD,
            |t| {
                swap(
                    &year(
                        &swap(t, "pay_period = \"quarter\"", "pay_period = \"week\""),
                        "anchor = 2026-01-02",
                    ),
                    "measurement = \"ytd\"",
                    "measurement = \"htd\"",
                )
            },
            Some("pipeline"),
            Some("measurement"),
            "whose periods do not line up with quarters or halves; measure it per period or year to date",
        )
        .via(Via::Book),
        case(
            "A plan year does not run a commission with `negative = \"pay\"`, `payment = \"collected\"` or a deferred `schedule`: settle such a plan with `CommissionLedger`.",
            RC,
            |t| swap(t, "\nnegative = \"carry\"", "\nnegative = \"pay\""),
            None,
            Some("negative"),
            "a plan year settles a negative period by `[year] negative_true_up`",
        )
        .via(Via::Book),
        case(
            "A plan year does not run a commission with `negative = \"pay\"`, `payment = \"collected\"` or a deferred `schedule`: settle such a plan with `CommissionLedger`.",
            RC,
            |t| after(t, "rounding = \"line\"", "schedule = [[0, \"50%\"], [12, \"50%\"]]"),
            Some("resale"),
            Some("schedule"),
            "commission `resale` is paid on collection or on a deferred schedule, which a plan year does not apply",
        )
        .via(Via::Book),
        case(
            "Two versions of a plan in one `PlanBook` are never in effect on the same day: their `[year] effective_from` and `effective_until` do not overlap.",
            DG,
            |t| t.to_owned(),
            None,
            Some("year.effective_from"),
            "versions `2026.1` (always) and `2026.1` (always) are both in effect on some days",
        )
        .via(Via::BookTwice),
    ]
}

/// What differs between the error a case expects and the one it got.
fn mismatch(c: &Case, err: &Error) -> Option<String> {
    let d = err.details();
    let got = (
        err.kind(),
        d.component.as_deref(),
        d.field.as_deref(),
        d.message.contains(c.message),
    );
    let want = (c.kind, c.component, c.field, true);
    (got != want).then(|| {
        format!(
            "{}: expected {:?} {:?} {:?} `{}`, got {:?} {:?} {:?} `{}`",
            c.rule,
            c.kind,
            c.component,
            c.field,
            c.message,
            err.kind(),
            d.component,
            d.field,
            d.message
        )
    })
}

#[test]
fn every_listed_rule_is_enforced_with_its_error() {
    let mut bases: BTreeMap<(&str, Via), String> = BTreeMap::new();
    let mut failures = Vec::new();
    for c in cases() {
        let key = (c.plan, c.via);
        if let std::collections::btree_map::Entry::Vacant(e) = bases.entry(key) {
            let text = base(c.plan);
            // The unedited plan loads the same way (a plan inserted twice
            // is refused by design, so it is checked once).
            let once = match c.via {
                Via::BookTwice => Via::Book,
                Via::SetTwice => Via::Plan,
                v => v,
            };
            if let Err(err) = load(&text, once) {
                failures.push(format!("{}: the unedited plan is refused: {err}", c.plan));
            }
            e.insert(text);
        }
        let text = &bases[&key];
        let edited = (c.edit)(text);
        if matches!(c.via, Via::Plan | Via::Book) {
            assert_ne!(&edited, text, "{}: the edit changes nothing", c.rule);
        }
        match load(&edited, c.via) {
            Ok(()) => failures.push(format!("{}: the edited plan is accepted", c.rule)),
            Err(err) => failures.extend(mismatch(&c, &err)),
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

/// The bullets of the reference's "What the loader checks" section.
fn listed_rules() -> Vec<String> {
    let doc = std::fs::read_to_string(root("src/docs/plan_file.md")).unwrap();
    let start = doc
        .find("\n## What the loader checks\n")
        .expect("the section is in the reference");
    let end = start
        + doc[start..]
            .find("\n## Errors\n")
            .expect("`Errors` follows it");
    doc[start..end]
        .lines()
        .filter_map(|l| l.strip_prefix("- "))
        .map(str::to_owned)
        .collect()
}

#[test]
fn the_reference_lists_exactly_the_tested_rules() {
    let listed = listed_rules();
    let unique: BTreeSet<&String> = listed.iter().collect();
    assert_eq!(unique.len(), listed.len(), "a rule is listed twice");
    let tested: BTreeSet<String> = cases().iter().map(|c| c.rule.to_owned()).collect();
    let untested: Vec<&&String> = unique.iter().filter(|r| !tested.contains(**r)).collect();
    let unlisted: Vec<&String> = tested.iter().filter(|r| !unique.contains(r)).collect();
    assert!(
        untested.is_empty() && unlisted.is_empty(),
        "listed without a case: {untested:#?}\ntested but not listed: {unlisted:#?}"
    );
    assert_eq!(listed.len(), 125);
}
