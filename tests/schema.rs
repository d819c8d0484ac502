//! The committed plan schema is current, and every shipped plan names it.

use crate::root;

const REGENERATE: &str =
    "cargo run --quiet --features schema --example schema > plans/plan.schema.json";

#[test]
fn the_committed_schema_is_current() {
    let committed = std::fs::read_to_string(root("plans/plan.schema.json")).unwrap();
    let generated = incentive::schema::plan_schema();
    assert!(
        committed == generated,
        "plans/plan.schema.json is stale; regenerate it with:\n    {REGENERATE}"
    );
}

#[test]
fn every_shipped_plan_names_the_schema_on_its_first_line() {
    let mut n = 0;
    for entry in std::fs::read_dir(root("plans")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|x| x == "toml") {
            let text = std::fs::read_to_string(&path).unwrap();
            assert_eq!(
                text.lines().next(),
                Some("#:schema ./plan.schema.json"),
                "{}",
                path.display()
            );
            n += 1;
        }
    }
    assert_eq!(n, 9);
}

#[test]
fn the_schema_says_numbers_may_be_strings_and_knows_every_field() {
    let schema: serde_json::Value =
        serde_json::from_str(&incentive::schema::plan_schema()).unwrap();
    assert_eq!(schema["$schema"], "http://json-schema.org/draft-07/schema#");
    let number = &schema["definitions"]["Number"]["anyOf"];
    assert_eq!(number[0]["type"], "number");
    assert_eq!(number[1]["type"], "string");
    let pattern = number[1]["pattern"].as_str().unwrap();
    assert!(pattern.contains('%'));
    // Unknown keys are refused, as the library refuses them.
    assert_eq!(schema["additionalProperties"], false);
    assert_eq!(
        schema["definitions"]["Component"]["additionalProperties"],
        false
    );
    let props = |v: &serde_json::Value| -> Vec<String> {
        v["properties"]
            .as_object()
            .unwrap()
            .keys()
            .cloned()
            .collect()
    };
    assert_eq!(
        props(&schema),
        [
            "adjustments",
            "cap",
            "clawback",
            "commissions",
            "components",
            "currency",
            "curves",
            "description",
            "gate",
            "gates",
            "id",
            "kickers",
            "measures",
            "metrics",
            "minor_units",
            "modifier",
            "modifiers",
            "name",
            "negative",
            "pay_period",
            "rounding",
            "scales",
            "target_incentive",
            "version",
            "year"
        ]
    );
    assert_eq!(
        props(&schema["definitions"]["Component"]),
        [
            "amount",
            "baseline",
            "bounds",
            "cap",
            "curve",
            "description",
            "direction",
            "formula",
            "gate",
            "id",
            "matrix",
            "measurement",
            "metric",
            "modifier",
            "multipliers",
            "name",
            "pays",
            "rating",
            "score",
            "steps",
            "target",
            "tiers",
            "weight"
        ]
    );
    assert_eq!(
        props(&schema["definitions"]["TargetIncentive"]),
        [
            "amount",
            "annual",
            "mix",
            "ote",
            "percent_of_base",
            "period_weights",
            "quota"
        ]
    );
    // TOML has no null: no optional field admits one.
    assert!(!incentive::schema::plan_schema().contains("null"));
    // Every field has a description an editor can show.
    for (name, def) in schema["definitions"].as_object().unwrap() {
        if let Some(p) = def["properties"].as_object() {
            for (field, s) in p {
                assert!(s["description"].is_string(), "{name}.{field}");
            }
        }
    }
}
