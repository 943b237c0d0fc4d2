//! wuye (物业): a static-site generator for property-management service centres.
//!
//! Data flows one way: [`records::load`] (read and validate every file,
//! collecting diagnostics) → [`kpi`] (pure figures) → charts and pages
//! (render) → write (temporary directory, atomic swap).

#![warn(missing_docs)]

pub mod build;
pub mod calendar;
pub mod charts;
pub mod config;
pub mod demo;
pub mod diag;
pub mod figures;
pub mod i18n;
pub mod import;
pub mod incremental;
pub mod kpi;
pub mod output;
pub mod pdf;
pub mod portfolio;
pub mod privacy;
pub mod records;
pub mod scaffold;
pub mod scalars;
pub mod schema;
pub mod serve;
pub mod site;
pub mod timings;
pub mod yaml;
