//! wuye's test suite: one binary (as mdBook's), one module per area.
//!
//! Run one area with `cargo test --test testsuite <module>::` (e.g.
//! `cargo test --test testsuite check_rules::`). Every test that runs the
//! binary goes through [`support::command`], which pins the environment.

mod support;

mod adversarial;
mod as_of;
mod browser;
mod build_site;
mod check_rules;
mod clerk;
mod english;
mod hardening;
mod import;
mod import_integrity;
mod kpi_cli;
mod layers;
mod money_bounds;
mod owners_browser;
mod owners_site;
mod pdf;
mod portability;
mod portfolio;
mod privacy_escaping;
mod reimport;
mod routines;
mod scaffold;
mod schema;
mod serve;
mod snapshots;
mod tools_required;
