//! The JSON Schema of the plan file, generated from the Rust types that
//! read it. Behind the `schema` feature.
//!
//! The schema is committed as `plans/plan.schema.json`, and every shipped
//! plan names it on its first line, so that editors with a TOML language
//! server (taplo, and VS Code's Even Better TOML, which uses it) validate
//! and complete plan files as they are typed:
//!
//! ```toml
//! #:schema ./plan.schema.json
//! id = "demand-generation"
//! ```
//!
//! Regenerate the committed file after changing the plan file's shape:
//!
//! ```text
//! cargo run --quiet --features schema --example schema > plans/plan.schema.json
//! ```
//!
//! A test (run by CI with `--all-features`) fails while the committed file
//! differs from what the types generate.
//!
//! The schema follows JSON Schema draft 7 without `const` (taplo
//! understands draft 4 and later). Every number field accepts a number or
//! a string holding a decimal or a percent (`0.75`, `"0.75"`, `"75%"`);
//! the library reads each exactly from its text.

use schemars::generate::SchemaSettings;
use schemars::{JsonSchema, Schema, json_schema};
use serde_json::Value;

use crate::number::Num;
use crate::plan::spec::PlanSpec;

impl JsonSchema for Num {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Number".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> Schema {
        json_schema!({
            "description": "A decimal number, read exactly from its text: a number (`0.75`, `1250`) or a string holding a decimal or a percent (`\"0.75\"`, `\"2_000_000\"`, `\"75%\"`).",
            "anyOf": [
                { "type": "number" },
                {
                    "type": "string",
                    "pattern": "^\\s*[+-]?([0-9][0-9_]*(\\.[0-9_]*)?|\\.[0-9][0-9_]*)([eE][+-]?[0-9]+)?\\s*%?\\s*$"
                }
            ]
        })
    }
}

impl JsonSchema for crate::date::Date {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Date".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> Schema {
        json_schema!({
            "description": "A calendar date, YYYY-MM-DD: a TOML local date (`2026-02-15`) or a string (`\"2026-02-15\"`).",
            "type": "string",
            "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
        })
    }
}

/// The plan file's JSON Schema, as pretty-printed JSON ending in a
/// newline: the exact bytes of `plans/plan.schema.json`.
///
/// # Example
///
/// ```
/// let schema = incentive::schema::plan_schema();
/// assert!(schema.contains("\"target_incentive\""));
/// let committed = std::fs::read_to_string("plans/plan.schema.json").unwrap();
/// assert_eq!(schema, committed, "regenerate with: cargo run --quiet --features schema --example schema > plans/plan.schema.json");
/// ```
pub fn plan_schema() -> String {
    let generator = SchemaSettings::draft07().into_generator();
    let schema = generator.into_root_schema_for::<PlanSpec>();
    let mut value = schema.to_value();
    tidy(&mut value);
    if let Value::Object(root) = &mut value {
        root.insert("title".into(), Value::String("incentive plan file".into()));
        root.insert(
            "$comment".into(),
            Value::String(
                "Generated from the Rust types of the `incentive` crate; regenerate with: cargo run --quiet --features schema --example schema > plans/plan.schema.json".into(),
            ),
        );
    }
    let mut text =
        serde_json::to_string_pretty(&value).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    text.push('\n');
    text
}

/// Fits the generated schema to TOML and to older validators:
/// - TOML has no null: an optional field is just absent, so `null` is
///   dropped from optional fields' types and `"default": null` removed;
/// - `{"const": x}` becomes `{"enum": [x]}`, which draft 4 understands;
/// - descriptions keep their prose, not the Rust examples;
/// - the `Spec` suffix of the Rust types is dropped from definition names.
fn tidy(v: &mut Value) {
    match v {
        Value::Object(map) => {
            if map.get("default") == Some(&Value::Null) {
                map.remove("default");
            }
            if let Some(c) = map.remove("const") {
                map.insert("enum".into(), Value::Array(vec![c]));
            }
            if let Some(Value::Array(types)) = map.get_mut("type") {
                types.retain(|t| t != "null");
                if let [only] = types.as_slice() {
                    let only = only.clone();
                    map.insert("type".into(), only);
                }
            }
            let any_of_null = match map.get_mut("anyOf") {
                Some(Value::Array(options)) => {
                    options.retain(|o| o.get("type") != Some(&Value::String("null".into())));
                    match options.as_slice() {
                        [only] => Some(only.clone()),
                        _ => None,
                    }
                }
                _ => None,
            };
            if let Some(Value::Object(only)) = any_of_null {
                map.remove("anyOf");
                if only.contains_key("$ref") {
                    // Draft 7 ignores a `$ref`'s siblings: keep the
                    // description beside an `allOf` instead.
                    map.insert("allOf".into(), Value::Array(vec![Value::Object(only)]));
                } else {
                    for (k, x) in only {
                        map.entry(k).or_insert(x);
                    }
                }
            }
            if let Some(Value::String(d)) = map.get_mut("description") {
                // Rust doc sections (`# Example`) are for the crate's docs.
                if let Some(i) = d.find("\n\n# ") {
                    d.truncate(i);
                }
            }
            if let Some(Value::String(r)) = map.get_mut("$ref") {
                if let Some(stripped) = r.strip_suffix("Spec") {
                    *r = stripped.to_owned();
                }
            }
            if let Some(Value::Object(defs)) = map.get_mut("definitions") {
                let renamed: serde_json::Map<String, Value> = std::mem::take(defs)
                    .into_iter()
                    .map(|(k, x)| (k.strip_suffix("Spec").map_or(k.clone(), str::to_owned), x))
                    .collect();
                *defs = renamed;
            }
            for (_, child) in map.iter_mut() {
                tidy(child);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(tidy),
        _ => {}
    }
}
