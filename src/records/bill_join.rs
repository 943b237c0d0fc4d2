//! Payments joined to their bills by (unit, item, period): the one join the
//! KPI fee facts and the meeting pack's arrears lists both read, so the two
//! can never pair a payment with different bills.

use chrono::NaiveDate;
use rustc_hash::FxHashMap;

use super::{Payment, Records};

/// Bills numbered by (unit, item, period), with units and items numbered
/// first: small maps that stay in cache, then a map of plain integers. The
/// first bill of a key takes its payments.
pub struct BillJoin<'a> {
    /// Unit → its number, in order of first bill.
    pub units: FxHashMap<&'a str, u32>,
    items: FxHashMap<&'a str, u32>,
    bill_at: FxHashMap<(u32, u32, i32), u32>,
    /// Each bill's unit number, by bill index.
    pub unit_of: Vec<u32>,
}

impl<'a> BillJoin<'a> {
    /// Indexes `r`'s bills (one pass).
    pub fn new(r: &'a Records) -> BillJoin<'a> {
        let mut join = BillJoin {
            units: FxHashMap::default(),
            items: FxHashMap::default(),
            bill_at: FxHashMap::default(),
            unit_of: Vec::with_capacity(r.bills.len()),
        };
        join.bill_at.reserve(r.bills.len());
        for (i, b) in r.bills.iter().enumerate() {
            let n = join.units.len() as u32;
            let u = *join.units.entry(b.unit.value.as_str()).or_insert(n);
            let n = join.items.len() as u32;
            let it = *join.items.entry(b.item.as_str()).or_insert(n);
            join.bill_at.entry((u, it, b.period.index())).or_insert(i as u32);
            join.unit_of.push(u);
        }
        join
    }

    /// The index of the bill `p` pays, if it names one.
    pub fn bill_of(&self, p: &Payment) -> Option<u32> {
        let key = (*self.units.get(p.unit.value.as_str())?, *self.items.get(p.item.as_str())?, p.period.index());
        self.bill_at.get(&key).copied()
    }

    /// Every payment that names a bill as (bill index, day, fen), sorted:
    /// each bill's payments are one run, in day order. A payment naming no
    /// bill is a content error reported by validation; it collects nothing.
    pub fn paid(&self, payments: &[Payment]) -> Vec<(u32, NaiveDate, i64)> {
        let mut paid: Vec<(u32, NaiveDate, i64)> =
            payments.iter().filter_map(|p| Some((self.bill_of(p)?, p.date, p.amount.fen()))).collect();
        paid.sort_unstable();
        paid
    }
}
