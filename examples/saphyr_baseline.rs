//! The benchmark's yardstick: bare deserialisation of an estate's record
//! files into the same record shapes with serde-saphyr 2.2, files in
//! parallel on all cores. wuye's `check` and `build` times are reported as
//! ratios to this (see bench/run.sh).
//!
//! Usage: cargo run --release --example saphyr_baseline -- CONTENT_DIR

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::Instant;

use chrono::{NaiveDate, NaiveDateTime};
use rayon::prelude::*;
use serde::{Deserialize, Deserializer};

fn dt<'de, D: Deserializer<'de>>(d: D) -> Result<NaiveDateTime, D::Error> {
    let s = String::deserialize(d)?;
    wuye::scalars::parse_datetime(&s).ok_or_else(|| serde::de::Error::custom("bad datetime"))
}
fn odt<'de, D: Deserializer<'de>>(d: D) -> Result<Option<NaiveDateTime>, D::Error> {
    let s: Option<String> = Option::deserialize(d)?;
    s.map(|s| wuye::scalars::parse_datetime(&s).ok_or_else(|| serde::de::Error::custom("bad datetime"))).transpose()
}
fn date<'de, D: Deserializer<'de>>(d: D) -> Result<NaiveDate, D::Error> {
    let s = String::deserialize(d)?;
    wuye::scalars::parse_date(&s).ok_or_else(|| serde::de::Error::custom("bad date"))
}
fn odate<'de, D: Deserializer<'de>>(d: D) -> Result<Option<NaiveDate>, D::Error> {
    let s: Option<String> = Option::deserialize(d)?;
    s.map(|s| wuye::scalars::parse_date(&s).ok_or_else(|| serde::de::Error::custom("bad date"))).transpose()
}
fn money<'de, D: Deserializer<'de>>(d: D) -> Result<i128, D::Error> {
    let s = String::deserialize(d)?;
    wuye::scalars::Money::parse(&s).map(|m| m.0).ok_or_else(|| serde::de::Error::custom("bad money"))
}
fn omoney<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i128>, D::Error> {
    let s: Option<String> = Option::deserialize(d)?;
    s.map(|s| wuye::scalars::Money::parse(&s).map(|m| m.0).ok_or_else(|| serde::de::Error::custom("bad money")))
        .transpose()
}

#[allow(dead_code)]
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Followup {
    #[serde(deserialize_with = "dt")]
    at: NaiveDateTime,
    by: Option<String>,
    result: String,
}

#[allow(dead_code)]
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Ticket {
    id: String,
    #[serde(deserialize_with = "dt")]
    reported_at: NaiveDateTime,
    #[serde(default, deserialize_with = "odt")]
    entered_at: Option<NaiveDateTime>,
    channel: String,
    area: String,
    category: String,
    unit: Option<String>,
    reporter: Option<String>,
    phone: Option<String>,
    description: String,
    department: String,
    #[serde(default, deserialize_with = "odt")]
    completed_at: Option<NaiveDateTime>,
    #[serde(default, deserialize_with = "omoney")]
    cost: Option<i128>,
    approved_by: Option<String>,
    followup: Option<Followup>,
}

#[allow(dead_code)]
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Complaint {
    id: String,
    #[serde(deserialize_with = "dt")]
    received_at: NaiveDateTime,
    channel: String,
    category: String,
    unit: Option<String>,
    complainant: Option<String>,
    phone: Option<String>,
    description: String,
    valid: Option<bool>,
    department: String,
    #[serde(default, deserialize_with = "odt")]
    resolved_at: Option<NaiveDateTime>,
    followup: Option<Followup>,
}

#[allow(dead_code)]
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Visit {
    unit: String,
    #[serde(deserialize_with = "date")]
    date: NaiveDate,
    mode: String,
    by: String,
    notes: Option<String>,
}

#[allow(dead_code)]
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Survey {
    unit: Option<String>,
    #[serde(deserialize_with = "date")]
    date: NaiveDate,
    overall: u8,
    scores: Option<BTreeMap<String, u8>>,
    comment: Option<String>,
}

#[allow(dead_code)]
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Bill {
    unit: String,
    item: String,
    period: String,
    #[serde(deserialize_with = "money")]
    amount: i128,
    #[serde(default, deserialize_with = "omoney")]
    waived: Option<i128>,
}

#[allow(dead_code)]
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Payment {
    unit: String,
    item: String,
    period: String,
    #[serde(deserialize_with = "money")]
    amount: i128,
    #[serde(deserialize_with = "date")]
    date: NaiveDate,
    method: Option<String>,
}

#[allow(dead_code)]
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Fees {
    bills: Option<Vec<Bill>>,
    payments: Option<Vec<Payment>>,
}

#[allow(dead_code)]
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Inspection {
    #[serde(deserialize_with = "date")]
    date: NaiveDate,
    by: String,
    areas: Vec<String>,
    findings: u32,
    tickets: Option<Vec<String>>,
}

#[allow(dead_code)]
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LostItem {
    id: String,
    #[serde(deserialize_with = "date")]
    found_on: NaiveDate,
    place: String,
    item: String,
    valuable: Option<bool>,
    #[serde(default, deserialize_with = "odate")]
    claimed_on: Option<NaiveDate>,
    claimed_by: Option<String>,
}

#[allow(dead_code)]
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Meeting {
    #[serde(deserialize_with = "date")]
    date: NaiveDate,
    kind: String,
    /// The month it analyses (`YYYY-MM`), when not its own.
    about: Option<String>,
    chair: String,
    notes: Option<String>,
}

fn options(len: usize) -> serde_saphyr::Options {
    // Budgets scaled to the file (about 60 nodes per KB here), alias limits at their defaults.
    let mut budget = serde_saphyr::Budget::default();
    budget.max_nodes = 100_000 + len / 8;
    budget.max_events = 200_000 + len / 4;
    budget.max_total_scalar_bytes = len + 1024;
    let mut o = serde_saphyr::Options::default();
    o.budget = Some(budget);
    o
}

fn parse(kind: &str, text: &str) -> Result<usize, String> {
    let o = options(text.len());
    let e = |e: serde_saphyr::Error| e.to_string();
    Ok(match kind {
        "tickets.yaml" => {
            serde_saphyr::from_str_with_options::<Option<Vec<Ticket>>>(text, o).map_err(e)?.map_or(0, |v| v.len())
        }
        "complaints.yaml" => {
            serde_saphyr::from_str_with_options::<Option<Vec<Complaint>>>(text, o).map_err(e)?.map_or(0, |v| v.len())
        }
        "visits.yaml" => {
            serde_saphyr::from_str_with_options::<Option<Vec<Visit>>>(text, o).map_err(e)?.map_or(0, |v| v.len())
        }
        "surveys.yaml" => {
            serde_saphyr::from_str_with_options::<Option<Vec<Survey>>>(text, o).map_err(e)?.map_or(0, |v| v.len())
        }
        "fees.yaml" => serde_saphyr::from_str_with_options::<Option<Fees>>(text, o)
            .map_err(e)?
            .map_or(0, |f| f.bills.map_or(0, |b| b.len()) + f.payments.map_or(0, |p| p.len())),
        "inspections.yaml" => {
            serde_saphyr::from_str_with_options::<Option<Vec<Inspection>>>(text, o).map_err(e)?.map_or(0, |v| v.len())
        }
        "lost-found.yaml" => {
            serde_saphyr::from_str_with_options::<Option<Vec<LostItem>>>(text, o).map_err(e)?.map_or(0, |v| v.len())
        }
        "meetings.yaml" => {
            serde_saphyr::from_str_with_options::<Option<Vec<Meeting>>>(text, o).map_err(e)?.map_or(0, |v| v.len())
        }
        _ => 0,
    })
}

fn main() {
    let root = PathBuf::from(std::env::args().nth(1).expect("usage: saphyr_baseline CONTENT_DIR"));
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(root.join("records"))
        .sort_by_file_name()
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .collect();
    files.sort();
    let start = Instant::now();
    let results: Vec<(usize, usize)> = files
        .par_iter()
        .map(|p| {
            let text = std::fs::read_to_string(p).expect("readable");
            let kind = p.file_name().unwrap().to_string_lossy().to_string();
            let n = parse(&kind, &text).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
            (n, text.len())
        })
        .collect();
    let secs = start.elapsed().as_secs_f64();
    let records: usize = results.iter().map(|r| r.0).sum();
    let bytes: usize = results.iter().map(|r| r.1).sum();
    println!(
        "serde-saphyr baseline: {} files, {records} records, {:.1} MB in {secs:.3} s ({:.1} MB/s, {} threads)",
        files.len(),
        bytes as f64 / 1e6,
        bytes as f64 / 1e6 / secs,
        rayon::current_num_threads()
    );
}
