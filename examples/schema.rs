//! Prints the plan file's JSON Schema; regenerate the committed copy with
//!
//! ```text
//! cargo run --quiet --features schema --example schema > plans/plan.schema.json
//! ```

fn main() {
    print!("{}", incentive::schema::plan_schema());
}
