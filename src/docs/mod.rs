//! Long-form documentation: the plan file reference, a cookbook, and how
//! to move data in and out. Nothing here is code; each page is a markdown
//! file beside this one (`src/docs/*.md`), so adding a section is editing
//! markdown, and every Rust example in it runs as a doc test.

#[doc = include_str!("plan_file.md")]
pub mod plan_file {}

#[doc = include_str!("cookbook.md")]
pub mod cookbook {}

#[doc = include_str!("data.md")]
pub mod data {}

#[doc = include_str!("lint_and_schema.md")]
pub mod lint_and_schema {}
