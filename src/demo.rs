//! A deterministic demo estate (演示小区): `site.yaml`, `households.yaml` and
//! every kind of monthly record, written as plain YAML text.
//!
//! The generator uses only `std` and `chrono`. Randomness comes from a small
//! hand-rolled splitmix64 generator; every stream is derived from the seed and
//! a fixed key (kind of record, month, unit), so the same options give
//! byte-identical files on every run and platform.
//!
//! The estate is 翠湖花园: buildings `1栋`, `2栋`, … with units keyed
//! `B-E-FRR` (building, 单元 entrance, floor and room: `3-2-1502`, `5-1-301`).
//! The last month is filled up to its 27th day (the "as of" day of the demo),
//! and nothing in the records happens after 18:00 of that day.
//!
//! Existing files of the same names are overwritten; nothing else in the
//! content directory is touched or removed.

use std::fmt::{self, Display, Write as _};
use std::io;
use std::path::Path;

use chrono::{Datelike, NaiveDate, Weekday};

/// Options for [`generate`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoOptions {
    /// Number of units (户) in `households.yaml`; at least 1.
    pub units: u32,
    /// Number of months with records, ending with `last_month`; at least 1.
    pub months: u32,
    /// Seed of the generator: the same options give byte-identical files.
    pub seed: u64,
    /// The last month with records, `(year, month)`; it is filled up to its 27th day.
    pub last_month: (i32, u32),
    /// Number of extra synthetic notices `notices/gen-NNNNN.md` (0 = none).
    pub notices: u32,
}

impl Default for DemoOptions {
    fn default() -> Self {
        DemoOptions { units: 600, months: 15, seed: 1, last_month: (2026, 11), notices: 0 }
    }
}

/// Writes `site.yaml`, `households.yaml` and `records/YYYY-MM/*.yaml` (all
/// eight kinds) into `content_dir`, plus `notices` synthetic notices
/// `notices/gen-NNNNN.md`. Returns the number of files written.
///
/// Bills prepaid for months after `last_month` are written to those months'
/// folders, holding only `fees.yaml` with bills. Options out of range
/// (no units, no months, a month outside 1–12) are an `InvalidInput` error.
pub fn generate(opts: &DemoOptions, content_dir: &Path) -> io::Result<usize> {
    let estate = Estate::new(opts)?;
    let ledger = estate.ledger();
    let mut files = Files { root: content_dir, count: 0 };
    let last = estate.months.last().expect("at least one month");
    files.write("site.yaml", &site_yaml(&format!("{:04}-{:02}-{:02}", last.y, last.m, last.last)))?;
    files.write("households.yaml", &estate.households_yaml())?;
    for mon in &estate.months {
        let data = estate.month(mon);
        let dir = format!("records/{}", mon.label());
        files.write(&format!("{dir}/tickets.yaml"), &estate.tickets_yaml(&data.tickets))?;
        files.write(&format!("{dir}/complaints.yaml"), &estate.complaints_yaml(&data.complaints))?;
        files.write(&format!("{dir}/visits.yaml"), &estate.visits_yaml(&data.visits))?;
        files.write(&format!("{dir}/surveys.yaml"), &estate.surveys_yaml(&data.surveys))?;
        files
            .write(&format!("{dir}/fees.yaml"), &estate.fees_yaml(&ledger.bills[mon.idx], &ledger.payments[mon.idx]))?;
        files.write(&format!("{dir}/inspections.yaml"), &inspections_yaml(&data.inspections))?;
        files.write(&format!("{dir}/lost-found.yaml"), &lost_found_yaml(&data.lost))?;
        files.write(&format!("{dir}/meetings.yaml"), &meetings_yaml(&data.meetings))?;
        files.write(&format!("{dir}/worklog.yaml"), &worklog_yaml(&estate.worklogs(mon, &data.tickets)))?;
    }
    for (idx, bills) in ledger.bills.iter().enumerate().skip(estate.months.len()) {
        if !bills.is_empty() {
            let label = estate.period_label(idx);
            files.write(&format!("records/{label}/fees.yaml"), &estate.fees_yaml(bills, &[]))?;
        }
    }
    for k in 1..=opts.notices {
        files.write(&format!("notices/gen-{k:05}.md"), &estate.synthetic_notice(k, opts.notices))?;
    }
    Ok(files.count)
}

// ---------------------------------------------------------------- output

struct Files<'a> {
    root: &'a Path,
    count: usize,
}

impl Files<'_> {
    fn write(&mut self, rel: &str, text: &str) -> io::Result<()> {
        let path = self.root.join(rel);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        std::fs::write(&path, text)?;
        self.count += 1;
        Ok(())
    }
}

/// `writeln!` into a `String`, which cannot fail.
macro_rules! out {
    ($s:expr) => {{
        $s.push('\n');
    }};
    ($s:expr, $($t:tt)*) => {{
        let _ = writeln!($s, $($t)*);
    }};
}

/// A YAML scalar for free text: plain when nothing could misread it, else double-quoted.
struct Text<'a>(&'a str);

impl Display for Text<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = self.0;
        let plain = !s.is_empty()
            && s.chars().next().is_some_and(|c| !c.is_ascii())
            && s.chars().all(|c| !c.is_ascii() || c.is_ascii_alphanumeric() || c == '-')
            && !s.contains('\u{3000}');
        if plain {
            return f.write_str(s);
        }
        f.write_char('"')?;
        for c in s.chars() {
            match c {
                '"' => f.write_str("\\\"")?,
                '\\' => f.write_str("\\\\")?,
                '\n' => f.write_str("\\n")?,
                _ => f.write_char(c)?,
            }
        }
        f.write_char('"')
    }
}

/// A day number (days from the common era) as `YYYY-MM-DD`.
#[derive(Clone, Copy)]
struct Ymd(i64);

impl Display for Ymd {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let d = date_of(self.0);
        write!(f, "{:04}-{:02}-{:02}", d.year(), d.month(), d.day())
    }
}

/// A minute number (minutes from the common era) as `YYYY-MM-DD HH:MM`.
#[derive(Clone, Copy)]
struct Hm(i64);

impl Display for Hm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let m = self.0.rem_euclid(DAY);
        write!(f, "{} {:02}:{:02}", Ymd(self.0.div_euclid(DAY)), m / 60, m % 60)
    }
}

/// Fen as yuan with two decimals.
#[derive(Clone, Copy)]
struct Yuan(i64);

impl Display for Yuan {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{:02}", self.0 / 100, self.0 % 100)
    }
}

/// A personal name drawn from a key.
#[derive(Clone, Copy)]
struct Name(u64);

impl Display for Name {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut r = Rng(self.0);
        f.write_str(r.pick::<&str>(SURNAMES))?;
        f.write_str(r.pick::<&str>(GIVEN))?;
        if r.chance(6500) {
            f.write_str(r.pick::<&str>(GIVEN))?;
        }
        Ok(())
    }
}

/// A polite form of address, `赵先生` / `王女士`, drawn from a key.
#[derive(Clone, Copy)]
struct Polite(u64);

impl Display for Polite {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut r = Rng(self.0);
        f.write_str(r.pick::<&str>(SURNAMES))?;
        f.write_str(if r.chance(5000) { "先生" } else { "女士" })
    }
}

/// An 11-digit mobile number drawn from a key, quoted for YAML.
#[derive(Clone, Copy)]
struct Phone(u64);

impl Display for Phone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut r = Rng(self.0 ^ 0x0050_484f_4e45);
        let prefix = r.pick(PHONE_PREFIXES);
        write!(f, "\"{prefix}{:08}\"", r.below(100_000_000))
    }
}

// ---------------------------------------------------------------- random

/// The splitmix64 finaliser.
fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// A key derived from the seed and a path of numbers.
fn key(seed: u64, parts: &[u64]) -> u64 {
    parts.iter().fold(mix(seed), |h, &p| mix(h ^ p))
}

/// splitmix64.
struct Rng(u64);

impl Rng {
    fn new(seed: u64, parts: &[u64]) -> Rng {
        Rng(key(seed, parts))
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (`n` > 0).
    fn below(&mut self, n: u64) -> u64 {
        ((u128::from(self.next()) * u128::from(n)) >> 64) as u64
    }

    /// Uniform in `lo..=hi`.
    fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + self.below((hi - lo + 1) as u64) as i64
    }

    /// True with probability `bp` / 10 000.
    fn chance(&mut self, bp: u64) -> bool {
        self.below(10_000) < bp
    }

    fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len() as u64) as usize]
    }

    /// An index drawn by weight.
    fn weighted(&mut self, weights: &[u32]) -> usize {
        let total: u64 = weights.iter().map(|&w| u64::from(w)).sum();
        let mut x = self.below(total);
        for (i, &w) in weights.iter().enumerate() {
            if x < u64::from(w) {
                return i;
            }
            x -= u64::from(w);
        }
        weights.len() - 1
    }
}

// Stream tags.
const T_LAYOUT: u64 = 1;
const T_FEES: u64 = 2;
const T_BILL: u64 = 3;
const T_TICKETS: u64 = 4;
const T_COMPLAINTS: u64 = 5;
const T_VISITS: u64 = 6;
const T_SURVEYS: u64 = 7;
const T_INSPECT: u64 = 8;
const T_LOST: u64 = 9;
const T_MEET: u64 = 10;
const T_PERSON: u64 = 11;
const T_NOTICE: u64 = 12;
const T_ROUTINE: u64 = 13;

// ---------------------------------------------------------------- time

const DAY: i64 = 1440;

fn date_of(days: i64) -> NaiveDate {
    NaiveDate::from_num_days_from_ce_opt(days as i32).expect("demo dates stay within chrono's range")
}

fn days_of(d: NaiveDate) -> i64 {
    i64::from(d.num_days_from_ce())
}

fn days_in_month(y: i32, m: u32) -> u32 {
    let next = if m == 12 { NaiveDate::from_ymd_opt(y + 1, 1, 1) } else { NaiveDate::from_ymd_opt(y, m + 1, 1) };
    let first = NaiveDate::from_ymd_opt(y, m, 1);
    match (first, next) {
        (Some(a), Some(b)) => (b - a).num_days() as u32,
        _ => 30,
    }
}

/// Moves a time outside office hours (before 08:00 or from 21:00) to the next morning.
fn office(t: i64, r: &mut Rng) -> i64 {
    let m = t.rem_euclid(DAY);
    let day = t.div_euclid(DAY);
    if m < 8 * 60 {
        day * DAY + 8 * 60 + 20 + r.range(0, 100)
    } else if m >= 21 * 60 {
        (day + 1) * DAY + 8 * 60 + 20 + r.range(0, 100)
    } else {
        t
    }
}

/// One month of the demo.
#[derive(Clone, Debug)]
struct Month {
    idx: usize,
    y: i32,
    m: u32,
    /// Day number of the 1st.
    first: i64,
    /// Days in the month.
    dim: u32,
    /// Last day with records (the 27th in the last month).
    last: u32,
}

impl Month {
    fn label(&self) -> String {
        format!("{:04}-{:02}", self.y, self.m)
    }

    fn day(&self, d: u32) -> i64 {
        self.first + i64::from(d) - 1
    }

    /// A day number in 1..=last, weighted towards the start when `early`.
    fn any_day(&self, r: &mut Rng, early: bool) -> u32 {
        let n = u64::from(self.last);
        let d = if early { r.below(n).min(r.below(n)) } else { r.below(n) };
        d as u32 + 1
    }
}

// ---------------------------------------------------------------- estate

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Status {
    Occupied,
    Vacant,
    Renovating,
}

impl Status {
    fn zh(self) -> &'static str {
        match self {
            Status::Occupied => "已入住",
            Status::Vacant => "空置",
            Status::Renovating => "装修",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Payer {
    Regular,
    Late,
    /// Stops paying from this month index on.
    Stops(usize),
    Prepay,
    Partial,
}

#[derive(Clone, Debug)]
struct Unit {
    key: String,
    building: u32,
    entrance: u32,
    /// Area in tenths of a square metre.
    area: u32,
    status: Status,
    /// Monthly 车位管理费 in fen, 0 for none.
    parking: i64,
    /// 空置房 30% reduction of 物业费.
    vacancy_waiver: bool,
    payer: Payer,
    method: &'static str,
}

/// A building type: floors, entrances (单元), rooms per floor and their areas (0.1 m²).
struct BType {
    floors: u32,
    entrances: u32,
    areas: &'static [u32],
    weight: u32,
}

const BTYPES: [BType; 4] = [
    BType { floors: 6, entrances: 3, areas: &[1285, 1372], weight: 2 },
    BType { floors: 11, entrances: 2, areas: &[1126, 985], weight: 3 },
    BType { floors: 18, entrances: 2, areas: &[893, 1046], weight: 3 },
    BType { floors: 26, entrances: 2, areas: &[892, 726, 1203], weight: 2 },
];

struct Estate {
    seed: u64,
    units: Vec<Unit>,
    /// Indexes of occupied units.
    occupied: Vec<u32>,
    /// Indexes of units where people live or work (occupied or renovating).
    lived_in: Vec<u32>,
    months: Vec<Month>,
    /// `year * 12 + month - 1` of the first month.
    start_ym: i64,
    /// The demo's "now": 18:00 on the last day with records.
    now: i64,
}

impl Estate {
    fn new(opts: &DemoOptions) -> io::Result<Estate> {
        let bad = |m: &str| io::Error::new(io::ErrorKind::InvalidInput, m.to_string());
        if opts.units == 0 {
            return Err(bad("demo: --units must be at least 1"));
        }
        if opts.months == 0 {
            return Err(bad("demo: --months must be at least 1"));
        }
        let (ly, lm) = opts.last_month;
        if !(1..=12).contains(&lm) || !(1000..=9000).contains(&ly) {
            return Err(bad("demo: the last month must be a month YYYY-MM"));
        }
        let seed = opts.seed;
        let end_ym = i64::from(ly) * 12 + i64::from(lm) - 1;
        let start_ym = end_ym - i64::from(opts.months) + 1;
        if start_ym < 1000 * 12 {
            return Err(bad("demo: too many months"));
        }
        let mut months = Vec::with_capacity(opts.months as usize);
        for idx in 0..opts.months as usize {
            let ym = start_ym + idx as i64;
            let (y, m) = ((ym / 12) as i32, (ym % 12) as u32 + 1);
            let first = days_of(NaiveDate::from_ymd_opt(y, m, 1).ok_or_else(|| bad("demo: month out of range"))?);
            let dim = days_in_month(y, m);
            let last = if idx + 1 == opts.months as usize { dim.min(27) } else { dim };
            months.push(Month { idx, y, m, first, dim, last });
        }
        let lastm = months.last().expect("at least one month");
        let now = lastm.day(lastm.last) * DAY + 18 * 60;

        let mut r = Rng::new(seed, &[T_LAYOUT]);
        let mut units = Vec::with_capacity(opts.units as usize);
        let mut building = 0;
        'fill: loop {
            building += 1;
            let bt = &BTYPES[r.weighted(&BTYPES.map(|b| b.weight))];
            let areas: Vec<u32> =
                bt.areas.iter().map(|&a| (a as i64 + r.range(-30, 30)).clamp(700, 1400) as u32).collect();
            for entrance in 1..=bt.entrances {
                for floor in 1..=bt.floors {
                    for (room, &area) in areas.iter().enumerate() {
                        if units.len() == opts.units as usize {
                            break 'fill;
                        }
                        let status = match r.below(100) {
                            0..85 => Status::Occupied,
                            85..95 => Status::Vacant,
                            _ => Status::Renovating,
                        };
                        let parking_share = if status == Status::Occupied { 4500 } else { 1000 };
                        let parking =
                            if r.chance(parking_share) { if r.chance(6000) { 15000 } else { 12000 } } else { 0 };
                        let vacancy_waiver = status == Status::Vacant && r.chance(4000);
                        let payer = match r.below(10_000) {
                            0..9150 => Payer::Regular,
                            9150..9600 => Payer::Late,
                            9600..9720 => Payer::Stops(r.below(u64::from(opts.months)) as usize),
                            9720..9920 => Payer::Prepay,
                            _ => Payer::Partial,
                        };
                        let method = METHODS[r.weighted(&METHOD_WEIGHTS)];
                        units.push(Unit {
                            key: format!("{building}-{entrance}-{floor}{:02}", room + 1),
                            building,
                            entrance,
                            area,
                            status,
                            parking,
                            vacancy_waiver,
                            payer,
                            method,
                        });
                    }
                }
            }
        }
        let occupied = (0..units.len() as u32).filter(|&i| units[i as usize].status == Status::Occupied).collect();
        let lived_in = (0..units.len() as u32).filter(|&i| units[i as usize].status != Status::Vacant).collect();
        Ok(Estate { seed, units, occupied, lived_in, months, start_ym, now })
    }

    /// `YYYY-MM` of a month index (which may lie after the last month).
    fn period_label(&self, idx: usize) -> String {
        let ym = self.start_ym + idx as i64;
        format!("{:04}-{:02}", ym / 12, ym % 12 + 1)
    }

    fn last_day(&self) -> i64 {
        self.now.div_euclid(DAY)
    }

    /// A person living in a unit: `k` tells household members apart.
    fn resident(&self, unit: u32, k: u64) -> u64 {
        key(self.seed, &[T_PERSON, u64::from(unit), k])
    }

    /// A unit someone lives in (or, for a tiny estate with none, any unit).
    fn lived_in_unit(&self, r: &mut Rng) -> u32 {
        if self.lived_in.is_empty() { r.below(self.units.len() as u64) as u32 } else { *r.pick(&self.lived_in) }
    }

    /// `3栋2单元` for a random entrance of the estate.
    fn entrance_label(&self, r: &mut Rng) -> String {
        let u = &self.units[r.below(self.units.len() as u64) as usize];
        format!("{}栋{}单元", u.building, u.entrance)
    }

    fn households_yaml(&self) -> String {
        let mut s = String::with_capacity(self.units.len() * 80);
        out!(s, "# 翠湖花园 房屋登记表（演示数据，由 wuye demo 生成；不含业主姓名和电话）");
        for u in &self.units {
            out!(s, "- unit: {}", u.key);
            out!(s, "  building: {}栋", u.building);
            out!(s, "  area_m2: {}.{}", u.area / 10, u.area % 10);
            out!(s, "  status: {}", u.status.zh());
        }
        s
    }
}

/// The demo pins `as_of` to its last day with records, so it shows the same
/// lively estate (a running month and quarter) whatever day it is built.
fn site_yaml(as_of: &str) -> String {
    "# 站点设置（演示数据，由 wuye demo 生成）
name: 翠湖花园物业服务中心
estate: 翠湖花园
base_url: https://example.org/cuihu/
language: zh-CN
service_phone: 0571-8888 0000
# 数据截至日：演示数据固定为最后一天有记录的日子；wuye build --date 可另选日期
as_of: AS_OF
targets:
  fee_collection_rate: 0.95
  arrears_recovery_rate: 0.30
  satisfaction_rate: 0.90
  ticket_completion_rate: 0.98
  ticket_followup_24h_rate: 1.0
  complaint_followup_3wd_rate: 1.0
  visit_coverage: 1.0
  visit_face_to_face_share: 0.20
  inspection_compliance: 1.0
satisfied_min_score: 4
approval_threshold: 200
"
    .replace("AS_OF", as_of)
}

// ---------------------------------------------------------------- fees

const ITEMS: [&str; 2] = ["物业费", "车位管理费"];
const METHODS: [&str; 6] = ["微信", "支付宝", "银行代扣", "POS刷卡", "现金", "银行转账"];
const METHOD_WEIGHTS: [u32; 6] = [45, 25, 10, 10, 5, 5];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Bill {
    unit: u32,
    item: u8,
    /// Month index (may lie after the last month for prepaid bills).
    period: usize,
    amount: i64,
    waived: i64,
}

impl Bill {
    fn owed(&self) -> i64 {
        self.amount - self.waived
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Payment {
    unit: u32,
    item: u8,
    period: usize,
    amount: i64,
    /// Day number of the payment.
    day: i64,
}

/// Every bill and payment, by month index (bills may run past the last month).
struct Ledger {
    bills: Vec<Vec<Bill>>,
    payments: Vec<Vec<Payment>>,
}

impl Estate {
    /// The bills of one unit for one month: the same whenever asked.
    fn unit_bills(&self, u: u32, period: usize) -> Vec<Bill> {
        let unit = &self.units[u as usize];
        let mut r = Rng::new(self.seed, &[T_BILL, u64::from(u), period as u64]);
        let amount = i64::from(unit.area) * 25;
        let waived = if unit.vacancy_waiver {
            (amount * 3 + 5) / 10
        } else if r.chance(120) {
            *r.pick(&[1000, 2000, 5000, amount / 200 * 100])
        } else {
            0
        }
        .min(amount / 2);
        let mut bills = vec![Bill { unit: u, item: 0, period, amount, waived }];
        if unit.parking > 0 {
            bills.push(Bill { unit: u, item: 1, period, amount: unit.parking, waived: 0 });
        }
        bills
    }

    fn ledger(&self) -> Ledger {
        let n = self.months.len();
        let mut bills: Vec<Vec<Bill>> = vec![Vec::new(); n + 3];
        let mut payments: Vec<Vec<Payment>> = vec![Vec::new(); n];
        for u in 0..self.units.len() as u32 {
            let payer = self.units[u as usize].payer;
            let mut r = Rng::new(self.seed, &[T_FEES, u64::from(u)]);
            // (bill, what is still owed on it)
            let mut open: Vec<(Bill, i64)> = Vec::new();
            let mut paid_through = 0;
            for mon in &self.months {
                let i = mon.idx;
                let new = self.unit_bills(u, i);
                for b in &new {
                    bills[i].push(*b);
                    if i >= paid_through && b.owed() > 0 {
                        open.push((*b, b.owed()));
                    }
                }
                let day = mon.day(mon.any_day(&mut r, true));
                let mut pay = |b: &Bill, amount: i64| {
                    payments[i].push(Payment { unit: u, item: b.item, period: b.period, amount, day })
                };
                let regular = |r: &mut Rng| !r.chance(300);
                match payer {
                    Payer::Regular => {
                        if regular(&mut r) {
                            open.drain(..).for_each(|(b, left)| pay(&b, left));
                        }
                    }
                    Payer::Stops(from) => {
                        if i < from && regular(&mut r) {
                            open.drain(..).for_each(|(b, left)| pay(&b, left));
                        }
                    }
                    Payer::Late => {
                        let overdue = open.first().is_some_and(|(b, _)| i - b.period >= 3);
                        if overdue || (i > 0 && r.chance(2500)) {
                            open.drain(..).for_each(|(b, left)| pay(&b, left));
                        }
                    }
                    Payer::Partial => {
                        if r.chance(4000) {
                            open.retain(|(b, left)| {
                                if b.period < i {
                                    pay(b, *left);
                                }
                                b.period == i
                            });
                        }
                        for (b, left) in open.iter_mut().filter(|(b, _)| b.period == i) {
                            let part = (*left * r.range(50, 80) / 100) / 100 * 100;
                            if part > 0 && part < *left {
                                pay(b, part);
                                *left -= part;
                            }
                        }
                    }
                    Payer::Prepay => {
                        open.drain(..).for_each(|(b, left)| pay(&b, left));
                        if mon.m % 3 == 1 || i == 0 {
                            let quarter_end = i + (2 - (mon.m as usize - 1) % 3);
                            for (j, future) in bills.iter_mut().enumerate().take(quarter_end + 1).skip(i + 1) {
                                for b in self.unit_bills(u, j) {
                                    if b.owed() > 0 {
                                        pay(&b, b.owed());
                                    }
                                    if j >= n {
                                        future.push(b);
                                    }
                                }
                            }
                            paid_through = quarter_end + 1;
                        }
                    }
                }
            }
        }
        for p in &mut payments {
            p.sort_by_key(|p| (p.day, p.unit, p.item, p.period));
        }
        Ledger { bills, payments }
    }

    fn fees_yaml(&self, bills: &[Bill], payments: &[Payment]) -> String {
        let mut s = String::with_capacity(bills.len() * 80 + payments.len() * 110);
        if bills.is_empty() {
            out!(s, "bills: []");
        } else {
            out!(s, "bills:");
        }
        for b in bills {
            out!(s, "  - unit: {}", self.units[b.unit as usize].key);
            out!(s, "    item: {}", ITEMS[b.item as usize]);
            out!(s, "    period: {}", self.period_label(b.period));
            out!(s, "    amount: {}", Yuan(b.amount));
            if b.waived > 0 {
                out!(s, "    waived: {}", Yuan(b.waived));
            }
        }
        if payments.is_empty() {
            out!(s, "payments: []");
        } else {
            out!(s, "payments:");
        }
        for p in payments {
            let unit = &self.units[p.unit as usize];
            out!(s, "  - unit: {}", unit.key);
            out!(s, "    item: {}", ITEMS[p.item as usize]);
            out!(s, "    period: {}", self.period_label(p.period));
            out!(s, "    amount: {}", Yuan(p.amount));
            out!(s, "    date: {}", Ymd(p.day));
            out!(s, "    method: {}", unit.method);
        }
        s
    }
}

// ---------------------------------------------------------------- monthly records

/// A ticket template: category, 户内?, speed (0 hours, 1 a day or so, 2 days), weight, found on patrol?, text.
/// `%` in the text stands for an entrance such as `3栋2单元`.
#[derive(Debug)]
struct Tpl {
    cat: &'static str,
    indoor: bool,
    speed: u8,
    weight: u32,
    patrol: bool,
    text: &'static str,
}

const fn t(cat: &'static str, indoor: bool, speed: u8, weight: u32, patrol: bool, text: &'static str) -> Tpl {
    Tpl { cat, indoor, speed, weight, patrol, text }
}

const TICKETS: &[Tpl] = &[
    t("水电", true, 1, 5, false, "厨房水槽下水管接头漏水"),
    t("水电", true, 1, 4, false, "卫生间地漏堵塞，排水缓慢"),
    t("水电", true, 1, 3, false, "马桶水箱进水阀关不严，一直流水"),
    t("水电", true, 1, 3, false, "客厅一路插座没有电"),
    t("水电", true, 0, 3, false, "家中跳闸后总开关合不上"),
    t("水电", true, 1, 2, false, "热水器进水角阀滴水"),
    t("水电", true, 1, 2, false, "户内水压偏小，龙头出水很细"),
    t("水电", true, 2, 2, false, "楼上卫生间渗水，本户天花板有水渍"),
    t("门窗", true, 1, 2, false, "入户门锁芯卡涩，钥匙转不动"),
    t("门窗", true, 1, 2, false, "卧室窗户密封条老化脱落"),
    t("门窗", true, 1, 2, false, "阳台推拉门滑轮损坏，推拉费力"),
    t("门窗", true, 1, 1, false, "纱窗破损，需要更换"),
    t("墙面", true, 2, 2, false, "卧室靠外墙一侧墙面渗水发霉"),
    t("墙面", true, 2, 1, false, "客厅天花板出现裂缝"),
    t("墙面", true, 2, 1, false, "飘窗下方墙皮起鼓脱落"),
    t("安防", true, 1, 2, false, "户内可视对讲打不开单元门"),
    t("安防", true, 0, 1, false, "户内烟感报警器误报"),
    t("其他", true, 0, 2, false, "咨询装修申请和施工备案流程"),
    t("其他", true, 0, 2, false, "申请开具物业费电子发票"),
    t("其他", true, 0, 2, false, "门禁卡丢失，申请补办"),
    t("其他", true, 0, 1, false, "咨询车位租赁事宜"),
    t("水电", false, 1, 5, true, "%楼道声控灯不亮"),
    t("水电", false, 1, 2, true, "地下车库部分照明灯不亮"),
    t("水电", false, 1, 2, true, "%门口路灯不亮"),
    t("水电", false, 1, 1, true, "景观水池水泵不工作"),
    t("电梯", false, 1, 3, false, "%电梯运行时有异响"),
    t("电梯", false, 1, 2, false, "%电梯楼层按钮失灵"),
    t("电梯", false, 0, 1, false, "%电梯困人，已安抚并通知维保单位"),
    t("电梯", false, 1, 1, true, "%电梯轿厢照明不亮"),
    t("电梯", false, 1, 1, false, "%电梯平层不准，进出有高差"),
    t("门窗", false, 0, 3, false, "%单元门禁刷卡没有反应"),
    t("门窗", false, 1, 2, true, "%楼道防火门闭门器损坏"),
    t("门窗", false, 1, 1, true, "%单元门玻璃破裂"),
    t("墙面", false, 2, 2, true, "%楼道墙面涂料起皮脱落"),
    t("墙面", false, 2, 1, true, "%外墙瓷砖松动，有坠落隐患"),
    t("公共设施", false, 1, 2, true, "儿童游乐区滑梯螺丝松动"),
    t("公共设施", false, 1, 1, true, "健身器材扶手断裂"),
    t("公共设施", false, 1, 1, true, "%信报箱箱门脱落"),
    t("公共设施", false, 0, 1, true, "园区雨水井盖缺失"),
    t("公共设施", false, 1, 1, true, "中心花园长椅木条破损"),
    t("绿化", false, 2, 2, true, "%楼前树木遮挡低层采光，申请修剪"),
    t("绿化", false, 1, 1, true, "中心草坪积水"),
    t("绿化", false, 1, 1, true, "园区枯树枝有掉落风险"),
    t("绿化", false, 1, 2, false, "绿化带蚊虫较多，申请消杀"),
    t("保洁", false, 1, 3, true, "%楼道有装修垃圾未清运"),
    t("保洁", false, 1, 2, true, "地下车库地面有油污积水"),
    t("保洁", false, 0, 2, false, "%电梯轿厢有异味"),
    t("保洁", false, 0, 2, true, "垃圾分类投放点垃圾外溢"),
    t("保洁", false, 0, 1, true, "草坪上有宠物粪便未清理"),
    t("安防", false, 1, 1, true, "%监控摄像头画面缺失"),
    t("安防", false, 0, 2, true, "消防通道被车辆占用"),
    t("安防", false, 1, 2, true, "%楼道堆放杂物，有消防隐患"),
    t("安防", false, 0, 2, true, "%有电动车在楼道内充电"),
    t("停车", false, 0, 3, false, "个人车位被其他车辆占用"),
    t("停车", false, 0, 1, false, "地库出口道闸不抬杆"),
    t("停车", false, 0, 1, true, "外来车辆长时间占用访客车位"),
    t("停车", false, 1, 1, false, "充电桩无法正常充电"),
    t("其他", false, 1, 1, false, "小区内有流浪猫狗出没"),
    t("其他", false, 0, 1, true, "%楼道张贴小广告"),
    t("其他", false, 1, 1, false, "快递柜显示故障，无法取件"),
];

fn weights(tpls: &[&Tpl]) -> Vec<u32> {
    tpls.iter().map(|t| t.weight).collect()
}

fn department(cat: &str) -> &'static str {
    match cat {
        "水电" | "电梯" | "门窗" | "墙面" | "公共设施" => "工程部",
        "绿化" | "保洁" => "环境部",
        "安防" | "停车" => "秩序部",
        _ => "客服部",
    }
}

const DAY_CHANNELS: [&str; 8] = ["电话", "微信", "APP", "前台", "来访", "网络平台", "12345热线", "业委会"];
const DAY_CHANNEL_WEIGHTS: [u32; 8] = [30, 20, 15, 12, 5, 4, 2, 1];
const SEASON: [u32; 12] = [90, 80, 100, 100, 105, 115, 120, 120, 105, 95, 95, 100];

const CS_STAFF: [&str; 4] = ["客服 李敏", "客服 王芳", "客服 陈静", "客服 刘洋"];
const MANAGER: &str = "项目经理 周建华";
const SERVICE_MANAGER: &str = "物业服务部经理 孙丽娟";
const RESULTS: [&str; 3] = ["满意", "基本满意", "不满意"];

/// A follow-up: time, staff index, result index.
#[derive(Clone, Copy, Debug)]
struct Follow {
    at: i64,
    by: usize,
    result: usize,
}

#[derive(Debug)]
struct Ticket {
    id: String,
    at: i64,
    entered: Option<i64>,
    channel: &'static str,
    tpl: &'static Tpl,
    unit: Option<u32>,
    reporter: Option<u64>,
    phone: bool,
    desc: String,
    done: Option<i64>,
    cost: Option<i64>,
    approved: bool,
    followup: Option<Follow>,
}

#[derive(Debug)]
struct Complaint {
    id: String,
    at: i64,
    channel: &'static str,
    cat: &'static str,
    dept: &'static str,
    text: &'static str,
    unit: Option<u32>,
    complainant: Option<u64>,
    phone: bool,
    valid: bool,
    done: Option<i64>,
    followup: Option<Follow>,
}

#[derive(Debug)]
struct Visit {
    unit: u32,
    day: i64,
    face: bool,
    by: usize,
    notes: Option<&'static str>,
}

#[derive(Debug)]
struct Survey {
    unit: Option<u32>,
    day: i64,
    overall: u8,
    scores: Option<[u8; 4]>,
    comment: Option<&'static str>,
}

#[derive(Debug)]
struct Inspection {
    day: i64,
    by: &'static str,
    areas: &'static [&'static str],
    findings: u32,
    tickets: Vec<String>,
}

#[derive(Debug)]
struct Lost {
    id: String,
    day: i64,
    place: String,
    item: &'static str,
    valuable: bool,
    claimed: Option<(i64, u64, bool)>,
}

#[derive(Debug)]
struct Meeting {
    day: i64,
    kind: &'static str,
    /// The month it analyses, `(year, month)`, when not the month of `day`.
    about: Option<(i32, u32)>,
    chair: &'static str,
    notes: String,
}

/// Everything recorded in one month (except fees, which run across months).
struct MonthData {
    tickets: Vec<Ticket>,
    complaints: Vec<Complaint>,
    visits: Vec<Visit>,
    surveys: Vec<Survey>,
    inspections: Vec<Inspection>,
    lost: Vec<Lost>,
    meetings: Vec<Meeting>,
}

const AREAS_FULL: &[&str] =
    &["公共区域环境", "设施设备", "房屋本体", "标识标牌", "装修管理", "园区配套", "客户触点岗位"];
const AREAS_SHORT: &[&str] = &["公共区域环境", "设施设备", "房屋本体", "装修管理"];

/// A count whose expectation for a full month is `milli` / 1000, scaled by the
/// share of the month that has records, with ±`spread`% noise and random rounding.
fn scaled(milli: u64, mon: &Month, spread: i64, r: &mut Rng) -> u64 {
    let noise = (100 + r.range(-spread, spread)) as u64;
    let v = milli * u64::from(mon.last) * noise / (u64::from(mon.dim) * 100);
    v / 1000 + u64::from(r.below(1000) < v % 1000)
}

impl Estate {
    fn month(&self, mon: &Month) -> MonthData {
        let mut inspections = self.inspection_days(mon);
        let mut tickets = self.tickets(mon, &inspections);
        self.entry_times(mon, &mut tickets);
        for ins in &mut inspections {
            let ids: Vec<String> = tickets
                .iter()
                .filter(|t| t.channel == "巡查" && t.at.div_euclid(DAY) == ins.day)
                .map(|t| t.id.clone())
                .collect();
            ins.findings += ids.len() as u32;
            ins.tickets = ids;
        }
        let complaints = self.complaints(mon);
        let mut meetings = self.meetings(mon, &tickets, &complaints);
        meetings.extend(self.meetings_about(mon));
        meetings.sort_by_key(|m| m.day);
        MonthData {
            visits: self.visits(mon),
            surveys: self.surveys(mon),
            lost: self.lost(mon),
            tickets,
            complaints,
            inspections,
            meetings,
        }
    }

    /// Daily inspections, a few days missed; findings beyond the tickets raised are added later.
    fn inspection_days(&self, mon: &Month) -> Vec<Inspection> {
        let mut r = Rng::new(self.seed, &[T_INSPECT, mon.idx as u64]);
        let missed = r.weighted(&[40, 30, 20, 10]);
        let skip: Vec<u32> = (0..missed).map(|_| mon.any_day(&mut r, false)).collect();
        let mut out = Vec::new();
        for d in 1..=mon.last {
            if skip.contains(&d) {
                continue;
            }
            let findings = r.weighted(&[60, 25, 15]) as u32;
            let areas = if r.chance(8500) { AREAS_FULL } else { AREAS_SHORT };
            let by = CS_STAFF[(mon.day(d) % CS_STAFF.len() as i64) as usize];
            out.push(Inspection { day: mon.day(d), by, areas, findings, tickets: Vec::new() });
        }
        out
    }

    fn tickets(&self, mon: &Month, inspections: &[Inspection]) -> Vec<Ticket> {
        let mut r = Rng::new(self.seed, &[T_TICKETS, mon.idx as u64]);
        // 0.25 tickets per unit and month, times the season's factor (per cent).
        let n = scaled(self.units.len() as u64 * u64::from(SEASON[mon.m as usize - 1]) * 10 / 4, mon, 10, &mut r);
        let indoor: Vec<&'static Tpl> = TICKETS.iter().filter(|t| t.indoor).collect();
        let public: Vec<&'static Tpl> = TICKETS.iter().filter(|t| !t.indoor).collect();
        let patrol: Vec<&'static Tpl> = TICKETS.iter().filter(|t| t.patrol).collect();
        let (w_in, w_pub, w_pat) = (weights(&indoor), weights(&public), weights(&patrol));
        let mut out = Vec::with_capacity(n as usize);
        for _ in 0..n {
            let kind = r.below(100);
            let (at, channel, tpl) = if kind < 7 && !inspections.is_empty() {
                let day = r.pick(inspections).day;
                let minute =
                    if r.chance(5000) { r.range(9 * 60, 11 * 60 + 30) } else { r.range(14 * 60, 16 * 60 + 30) };
                (day * DAY + minute, "巡查", patrol[r.weighted(&w_pat)])
            } else {
                let day = mon.day(mon.any_day(&mut r, false));
                let night = r.chance(800);
                let minute = if night {
                    let m = r.range(0, 9 * 60 - 1);
                    if m < 2 * 60 { 22 * 60 + m } else { m - 2 * 60 }
                } else {
                    let h = 7 + r.weighted(&[3, 8, 10, 10, 9, 6, 5, 8, 9, 8, 7, 6, 5, 4, 2]) as i64;
                    h * 60 + r.range(0, 59)
                };
                let channel = if night { "夜间监控中心" } else { DAY_CHANNELS[r.weighted(&DAY_CHANNEL_WEIGHTS)] };
                let tpl = if r.chance(6000) { indoor[r.weighted(&w_in)] } else { public[r.weighted(&w_pub)] };
                (day * DAY + minute, channel, tpl)
            };
            if at > self.now {
                continue;
            }
            out.push(self.ticket(&mut r, at, channel, tpl));
        }
        out.sort_by_key(|t| t.at);
        let label = mon.label();
        for (k, t) in out.iter_mut().enumerate() {
            t.id = format!("BS-{label}-{:04}", k + 1);
        }
        out
    }

    fn ticket(&self, r: &mut Rng, at: i64, channel: &'static str, tpl: &'static Tpl) -> Ticket {
        let night = channel == "夜间监控中心";
        let entered = night.then(|| {
            let day = at.div_euclid(DAY) + i64::from(at.rem_euclid(DAY) >= 12 * 60);
            day * DAY + 8 * 60 + 5 + r.range(0, 80)
        });
        let (unit, reporter, phone) = if tpl.indoor {
            let u = self.lived_in_unit(r);
            let who = r.chance(8500).then(|| self.resident(u, r.below(3)));
            (Some(u), who, who.is_some() && r.chance(8500))
        } else if channel == "巡查" {
            (None, None, false)
        } else if r.chance(5000) {
            let u = self.lived_in_unit(r);
            let who = self.resident(u, r.below(3));
            (r.chance(3000).then_some(u), Some(who), r.chance(7000))
        } else {
            (None, None, false)
        };
        let desc =
            if tpl.text.contains('%') { tpl.text.replace('%', &self.entrance_label(r)) } else { tpl.text.to_string() };
        // Completion.
        let urgent = tpl.speed == 0;
        let start = if night && !urgent { entered.unwrap_or(at) } else { at };
        let mut done = match tpl.speed {
            0 => start + r.range(15, 120),
            1 => {
                if r.chance(7000) {
                    office(start + r.range(30, 360), r)
                } else {
                    office(start + r.range(6 * 60, 30 * 60), r)
                }
            }
            _ => office(start + r.range(DAY, 10 * DAY), r),
        };
        if r.chance(150) {
            done += r.range(3 * DAY, 12 * DAY);
        }
        let stuck = tpl.speed == 2 && r.chance(300);
        let done = (!stuck && done <= self.now).then_some(done);
        // Cost and approval.
        let dept = department(tpl.cat);
        let cost = if dept != "工程部" || (urgent && tpl.indoor) {
            None
        } else if tpl.indoor {
            match r.below(100) {
                0..5 => Some(0),
                5..33 => Some(*r.pick(&[15, 20, 30, 45, 60, 80, 120, 150, 180]) * 100),
                33..36 => Some(*r.pick(&[220, 260, 350, 480]) * 100),
                _ => None,
            }
        } else if r.chance(2000) {
            Some(r.range(8, 300) * 1000 + *r.pick(&[0, 0, 500]))
        } else {
            None
        };
        let approved = cost.is_some_and(|c| c >= 20_000) && r.chance(9600);
        // Follow-up (回访).
        let followup = done.and_then(|d| {
            let kind = r.below(10_000);
            let at = if kind < 9500 {
                let t = office(d + r.range(20, 20 * 60), r);
                if t > d + DAY { d + DAY - r.range(0, 60) } else { t }
            } else if kind < 9800 {
                office(d + r.range(25 * 60, 72 * 60), r)
            } else {
                return None;
            };
            let result = r.weighted(&[85, 12, 3]);
            (at <= self.now).then(|| Follow { at, by: r.below(CS_STAFF.len() as u64) as usize, result })
        });
        Ticket {
            id: String::new(),
            at,
            entered,
            channel,
            tpl,
            unit,
            reporter,
            phone,
            desc,
            done,
            cost,
            approved,
            followup,
        }
    }

    fn tickets_yaml(&self, tickets: &[Ticket]) -> String {
        let mut s = String::with_capacity(tickets.len() * 420);
        if tickets.is_empty() {
            out!(s, "[]");
        }
        for t in tickets {
            out!(s, "- id: {}", t.id);
            out!(s, "  reported_at: {}", Hm(t.at));
            if let Some(e) = t.entered {
                out!(s, "  entered_at: {}", Hm(e));
            }
            out!(s, "  channel: {}", t.channel);
            out!(s, "  area: {}", if t.tpl.indoor { "户内" } else { "公区" });
            out!(s, "  category: {}", t.tpl.cat);
            if let Some(u) = t.unit {
                out!(s, "  unit: {}", self.units[u as usize].key);
            }
            if let Some(p) = t.reporter {
                out!(s, "  reporter: {}", Name(p));
                if t.phone {
                    out!(s, "  phone: {}", Phone(p));
                }
            }
            out!(s, "  description: {}", Text(&t.desc));
            out!(s, "  department: {}", department(t.tpl.cat));
            if let Some(d) = t.done {
                out!(s, "  completed_at: {}", Hm(d));
            }
            if let Some(c) = t.cost {
                out!(s, "  cost: {}", Yuan(c));
                if t.approved {
                    out!(s, "  approved_by: 工程部经理");
                }
            }
            if let Some(f) = t.followup {
                out!(s, "  followup:");
                out!(s, "    at: {}", Hm(f.at));
                out!(s, "    by: {}", CS_STAFF[f.by]);
                out!(s, "    result: {}", RESULTS[f.result]);
            }
        }
        s
    }

    fn complaints(&self, mon: &Month) -> Vec<Complaint> {
        let mut r = Rng::new(self.seed, &[T_COMPLAINTS, mon.idx as u64]);
        let n = scaled(self.units.len() as u64 * 20, mon, 25, &mut r);
        let weights: Vec<u32> = COMPLAINTS.iter().map(|c| c.3).collect();
        let mut out = Vec::new();
        for _ in 0..n {
            let day = mon.day(mon.any_day(&mut r, false));
            let at = day * DAY + r.range(8 * 60, 20 * 60 + 59);
            if at > self.now {
                continue;
            }
            let (cat, dept, text, _) = COMPLAINTS[r.weighted(&weights)];
            let channel = COMPLAINT_CHANNELS[r.weighted(&COMPLAINT_CHANNEL_WEIGHTS)];
            let unit = r.chance(8500).then(|| self.lived_in_unit(&mut r));
            let complainant = unit.filter(|_| r.chance(7500)).map(|u| self.resident(u, r.below(2)));
            let phone = complainant.is_some() && r.chance(7000);
            let valid = r.chance(8500);
            let took = match r.below(100) {
                0..50 => r.range(60, 8 * 60),
                50..85 => r.range(DAY, 2 * DAY),
                85..98 => r.range(3 * DAY, 6 * DAY),
                _ => r.range(7 * DAY, 20 * DAY),
            };
            let done = office(at + took, &mut r);
            let done = (done <= self.now && !r.chance(80)).then_some(done);
            let followup = done.and_then(|d| {
                let kind = r.below(100);
                let at = if kind < 92 {
                    office(d + r.range(60, 2 * DAY), &mut r)
                } else if kind < 98 {
                    office(d + r.range(6 * DAY, 14 * DAY), &mut r)
                } else {
                    return None;
                };
                let result = r.weighted(&[70, 22, 8]);
                (at <= self.now).then(|| Follow { at, by: r.below(CS_STAFF.len() as u64) as usize, result })
            });
            out.push(Complaint {
                id: String::new(),
                at,
                channel,
                cat,
                dept,
                text,
                unit,
                complainant,
                phone,
                valid,
                done,
                followup,
            });
        }
        out.sort_by_key(|c| c.at);
        let label = mon.label();
        for (k, c) in out.iter_mut().enumerate() {
            c.id = format!("TS-{label}-{:03}", k + 1);
        }
        out
    }

    fn complaints_yaml(&self, complaints: &[Complaint]) -> String {
        let mut s = String::with_capacity(complaints.len() * 400);
        if complaints.is_empty() {
            out!(s, "[]");
        }
        for c in complaints {
            out!(s, "- id: {}", c.id);
            out!(s, "  received_at: {}", Hm(c.at));
            out!(s, "  channel: {}", c.channel);
            out!(s, "  category: {}", c.cat);
            if let Some(u) = c.unit {
                out!(s, "  unit: {}", self.units[u as usize].key);
            }
            if let Some(p) = c.complainant {
                out!(s, "  complainant: {}", Name(p));
                if c.phone {
                    out!(s, "  phone: {}", Phone(p));
                }
            }
            out!(s, "  description: {}", Text(c.text));
            out!(s, "  valid: {}", c.valid);
            out!(s, "  department: {}", c.dept);
            if let Some(d) = c.done {
                out!(s, "  resolved_at: {}", Hm(d));
            }
            if let Some(f) = c.followup {
                out!(s, "  followup:");
                out!(s, "    at: {}", Hm(f.at));
                out!(s, "    by: {}", CS_STAFF[f.by]);
                out!(s, "    result: {}", RESULTS[f.result]);
            }
        }
        s
    }

    /// Occupied units are visited once a year, other units twice (six months apart).
    fn visits(&self, mon: &Month) -> Vec<Visit> {
        let mut out = Vec::new();
        let mut r = Rng::new(self.seed, &[T_VISITS, mon.idx as u64]);
        for (u, unit) in self.units.iter().enumerate() {
            let mut plan = Rng::new(self.seed, &[T_VISITS, u as u64, mon.y as u64]);
            let due = if unit.status == Status::Occupied {
                plan.below(12) as u32 + 1 == mon.m && !plan.chance(250)
            } else {
                let m0 = plan.below(6) as u32 + 1;
                (m0 == mon.m || m0 + 6 == mon.m) && !plan.chance(150)
            };
            if !due {
                continue;
            }
            let face = r.chance(if unit.status == Status::Occupied { 3000 } else { 1500 });
            let notes = if r.chance(3500) {
                Some(if unit.status == Status::Occupied { *r.pick(VISIT_NOTES) } else { *r.pick(VISIT_NOTES_EMPTY) })
            } else {
                None
            };
            let day = mon.day(mon.any_day(&mut r, false));
            out.push(Visit { unit: u as u32, day, face, by: r.below(CS_STAFF.len() as u64) as usize, notes });
        }
        out.sort_by_key(|v| (v.day, v.unit));
        out
    }

    fn visits_yaml(&self, visits: &[Visit]) -> String {
        let mut s = String::with_capacity(visits.len() * 110);
        if visits.is_empty() {
            out!(s, "[]");
        }
        for v in visits {
            out!(s, "- unit: {}", self.units[v.unit as usize].key);
            out!(s, "  date: {}", Ymd(v.day));
            out!(s, "  mode: {}", if v.face { "面访" } else { "电访" });
            out!(s, "  by: {}", CS_STAFF[v.by]);
            if let Some(n) = v.notes {
                out!(s, "  notes: {}", Text(n));
            }
        }
        s
    }

    /// A batch of about 5% of occupied units in the last month of each quarter.
    fn surveys(&self, mon: &Month) -> Vec<Survey> {
        if !mon.m.is_multiple_of(3) || self.occupied.is_empty() {
            return Vec::new();
        }
        let mut r = Rng::new(self.seed, &[T_SURVEYS, mon.idx as u64]);
        let n = (self.units.len() * 5).div_ceil(100).min(self.occupied.len());
        let mut pool = self.occupied.clone();
        let first = mon.last.saturating_sub(20).max(1);
        let mut out = Vec::with_capacity(n);
        for k in 0..n {
            let j = k + r.below((pool.len() - k) as u64) as usize;
            pool.swap(k, j);
            let overall = 5 - r.weighted(&[45, 43, 8, 3, 1]) as u8;
            let scores = r.chance(9000).then(|| {
                let mut s = [0u8; 4];
                for x in &mut s {
                    *x = (i64::from(overall) + r.weighted(&[15, 70, 15]) as i64 - 1).clamp(1, 5) as u8;
                }
                s
            });
            let comment = r.chance(2000).then(|| *r.pick(SURVEY_COMMENTS));
            let day = mon.day(r.range(i64::from(first), i64::from(mon.last)) as u32);
            out.push(Survey { unit: r.chance(9000).then_some(pool[k]), day, overall, scores, comment });
        }
        out.sort_by_key(|s| s.day);
        out
    }

    fn surveys_yaml(&self, surveys: &[Survey]) -> String {
        let mut s = String::with_capacity(surveys.len() * 120);
        if surveys.is_empty() {
            out!(s, "[]");
        }
        for v in surveys {
            match v.unit {
                Some(u) => {
                    out!(s, "- unit: {}", self.units[u as usize].key);
                    out!(s, "  date: {}", Ymd(v.day));
                }
                None => out!(s, "- date: {}", Ymd(v.day)),
            }
            out!(s, "  overall: {}", v.overall);
            if let Some(sc) = v.scores {
                out!(s, "  scores:");
                for (line_name, score) in ["客服", "工程", "秩序", "环境"].iter().zip(sc) {
                    out!(s, "    {line_name}: {score}");
                }
            }
            if let Some(c) = v.comment {
                out!(s, "  comment: {}", Text(c));
            }
        }
        s
    }

    fn lost(&self, mon: &Month) -> Vec<Lost> {
        let mut r = Rng::new(self.seed, &[T_LOST, mon.idx as u64]);
        let n = scaled(3000 + self.units.len() as u64 / 2, mon, 34, &mut r);
        let mut out = Vec::new();
        for _ in 0..n {
            let day = mon.day(mon.any_day(&mut r, false));
            let (item, valuable) = *r.pick(LOST_ITEMS);
            let place = match r.below(8) {
                0 => format!("{}栋大堂", self.units[r.below(self.units.len() as u64) as usize].building),
                1 => format!("{}电梯厅", self.entrance_label(&mut r)),
                _ => r.pick(LOST_PLACES).to_string(),
            };
            let claimed = if r.chance(if valuable { 8500 } else { 7000 }) {
                let on = day + r.range(0, 20);
                let who = key(self.seed, &[T_PERSON, r.next()]);
                (on <= self.last_day()).then_some((on, who, r.chance(5000)))
            } else {
                None
            };
            out.push(Lost { id: String::new(), day, place, item, valuable, claimed });
        }
        out.sort_by_key(|l| l.day);
        let label = mon.label();
        for (k, l) in out.iter_mut().enumerate() {
            l.id = format!("SW-{label}-{:02}", k + 1);
        }
        out
    }

    /// 部门例会 early in the month, 报事分析会 and 投诉分析会 near its end (now and then skipped).
    fn meetings(&self, mon: &Month, tickets: &[Ticket], complaints: &[Complaint]) -> Vec<Meeting> {
        let mut r = Rng::new(self.seed, &[T_MEET, mon.idx as u64]);
        let mut out = Vec::new();
        let first_monday = (1..=7).find(|&d| date_of(mon.day(d)).weekday() == Weekday::Mon).unwrap_or(1);
        if first_monday <= mon.last {
            out.push(Meeting {
                day: mon.day(first_monday),
                about: None,
                kind: "部门例会",
                chair: SERVICE_MANAGER,
                notes: format!(
                    "总结{}月工作，布置本月重点：{}",
                    if mon.m == 1 { 12 } else { mon.m - 1 },
                    r.pick(MEETING_FOCUS)
                ),
            });
        }
        let late = (mon.dim - 5 + r.below(4) as u32).min(mon.last);
        if late > first_monday {
            let day = mon.day(late);
            let cutoff = (day + 1) * DAY;
            if !r.chance(700) {
                let seen: Vec<&Ticket> = tickets.iter().filter(|t| t.at < cutoff).collect();
                let open = seen.iter().filter(|t| t.done.is_none_or(|d| d >= cutoff)).count();
                let mut by_cat: Vec<(&str, usize)> = Vec::new();
                for t in &seen {
                    match by_cat.iter_mut().find(|(c, _)| *c == t.tpl.cat) {
                        Some((_, n)) => *n += 1,
                        None => by_cat.push((t.tpl.cat, 1)),
                    }
                }
                by_cat.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
                let top = by_cat.first().map_or("无", |c| c.0);
                out.push(Meeting {
                    day,
                    about: None,
                    kind: "报事分析会",
                    chair: MANAGER,
                    notes: format!(
                        "本月截至会前报事{}件，未完结{}件；报事最多的类别为{}，会后逐件落实责任人",
                        seen.len(),
                        open,
                        top
                    ),
                });
            }
            if !r.chance(700) {
                let seen = complaints.iter().filter(|c| c.at < cutoff).count();
                let open = complaints.iter().filter(|c| c.at < cutoff && c.done.is_none_or(|d| d >= cutoff)).count();
                out.push(Meeting {
                    day,
                    about: None,
                    kind: "投诉分析会",
                    chair: MANAGER,
                    notes: format!("本月截至会前受理投诉{seen}件，未解决{open}件；逐件分析原因并明确回访责任人"),
                });
            }
            if mon.m.is_multiple_of(3) {
                out.push(Meeting {
                    day: mon.day(r.range(10, i64::from(late.clamp(10, 20))) as u32),
                    about: None,
                    kind: "其他",
                    chair: MANAGER,
                    notes: "与业委会沟通本季度服务简报内容".to_string(),
                });
            }
        }
        out.sort_by_key(|m| m.day);
        out
    }
}

fn inspections_yaml(inspections: &[Inspection]) -> String {
    let mut s = String::with_capacity(inspections.len() * 160);
    if inspections.is_empty() {
        out!(s, "[]");
    }
    for i in inspections {
        out!(s, "- date: {}", Ymd(i.day));
        out!(s, "  by: {}", i.by);
        out!(s, "  areas: [{}]", i.areas.join(", "));
        out!(s, "  findings: {}", i.findings);
        if !i.tickets.is_empty() {
            out!(s, "  tickets: [{}]", i.tickets.join(", "));
        }
    }
    s
}

fn lost_found_yaml(lost: &[Lost]) -> String {
    let mut s = String::with_capacity(lost.len() * 160);
    if lost.is_empty() {
        out!(s, "[]");
    }
    for l in lost {
        out!(s, "- id: {}", l.id);
        out!(s, "  found_on: {}", Ymd(l.day));
        out!(s, "  place: {}", Text(&l.place));
        out!(s, "  item: {}", Text(l.item));
        out!(s, "  valuable: {}", l.valuable);
        if let Some((on, who, polite)) = l.claimed {
            out!(s, "  claimed_on: {}", Ymd(on));
            if polite {
                out!(s, "  claimed_by: {}", Polite(who));
            } else {
                out!(s, "  claimed_by: {}", Name(who));
            }
        }
    }
    s
}

fn meetings_yaml(meetings: &[Meeting]) -> String {
    let mut s = String::with_capacity(meetings.len() * 200);
    if meetings.is_empty() {
        out!(s, "[]");
    }
    for m in meetings {
        out!(s, "- date: {}", Ymd(m.day));
        out!(s, "  kind: {}", m.kind);
        if let Some((y, mo)) = m.about {
            out!(s, "  about: {y:04}-{mo:02}");
        }
        out!(s, "  chair: {}", m.chair);
        out!(s, "  notes: {}", Text(&m.notes));
    }
    s
}

// ---------------------------------------------------------------- routines

/// One line of `worklog.yaml`.
#[derive(Debug)]
struct Worklog {
    day: i64,
    kind: &'static str,
    by: &'static str,
    tickets: Vec<String>,
    notes: String,
}

/// Days the office closes for the statutory holidays (国庆, 元旦, 春节):
/// the weekly routines move to another day of the week or are skipped.
const CLOSED: &[(i32, u32, u32)] = &[
    (2025, 10, 1),
    (2025, 10, 2),
    (2025, 10, 3),
    (2025, 10, 6),
    (2025, 10, 7),
    (2026, 1, 1),
    (2026, 2, 16),
    (2026, 2, 17),
    (2026, 2, 18),
    (2026, 2, 19),
    (2026, 2, 20),
    (2026, 10, 1),
    (2026, 10, 2),
    (2026, 10, 5),
    (2026, 10, 6),
    (2026, 10, 7),
];

/// Holidays on which nobody cleared the day's tickets (the duty clerk does on the others).
const NO_CLEARING: &[(i32, u32, u32)] = &[(2025, 10, 2), (2026, 2, 17), (2026, 2, 18), (2026, 10, 2), (2026, 10, 3)];

/// The week whose unit-register update was forgotten (its Monday).
const MISSED_UPDATE_WEEK: (i32, u32, u32) = (2026, 4, 20);
/// The week whose tracking of open tickets was forgotten (its Monday).
const MISSED_TRACKING_WEEK: (i32, u32, u32) = (2026, 7, 13);

fn is_day(day: i64, list: &[(i32, u32, u32)]) -> bool {
    let d = date_of(day);
    list.contains(&(d.year(), d.month(), d.day()))
}

/// The day of the week (0 = Monday) a weekly routine is done in the week
/// starting `monday`: `preferred`, else the nearest earlier open weekday,
/// else a later open day of the week, else none (the whole week closed).
fn weekly_day(monday: i64, preferred: i64) -> Option<i64> {
    let open = |k: i64| !is_day(monday + k, CLOSED);
    (0..=preferred).rev().chain(preferred + 1..7).find(|&k| open(k)).map(|k| monday + k)
}

impl Estate {
    /// When online-platform tickets were keyed in (the same day, now and
    /// then the next morning), and the odd night ticket keyed in two days
    /// late. Own random stream, so the other records do not change.
    fn entry_times(&self, mon: &Month, tickets: &mut [Ticket]) {
        let mut r = Rng::new(self.seed, &[T_ROUTINE, 1, mon.idx as u64]);
        for t in tickets.iter_mut() {
            if t.channel == "网络平台" {
                let day = t.at.div_euclid(DAY);
                let at = if r.chance(9300) {
                    (t.at + r.range(5, 90)).min(day * DAY + DAY - 1)
                } else {
                    (day + 1) * DAY + 9 * 60 + r.range(0, 60)
                };
                t.entered = Some(at).filter(|a| *a <= self.now && t.done.is_none_or(|d| d >= *a));
            } else if t.channel == "夜间监控中心" && t.entered.is_some() && r.chance(300) {
                let late = (t.at.div_euclid(DAY) + 2) * DAY + 10 * 60 + r.range(0, 120);
                if late <= self.now && t.done.is_none_or(|d| d >= late) {
                    t.entered = Some(late);
                }
            }
        }
    }

    /// `worklog.yaml` of a month: the daily clean-up (a few days missed,
    /// holidays among them), weekly tracking of open tickets (Fridays) and
    /// weekly unit-register updates (Wednesdays), with one forgotten week each.
    fn worklogs(&self, mon: &Month, tickets: &[Ticket]) -> Vec<Worklog> {
        let mut out = Vec::new();
        for d in 1..=mon.last {
            let day = mon.day(d);
            let monday = day - i64::from(date_of(day).weekday().num_days_from_monday());
            let mut r = Rng::new(self.seed, &[T_ROUTINE, 2, day as u64]);
            let end = (day + 1) * DAY;
            if !is_day(day, NO_CLEARING) && !r.chance(120) {
                let new = tickets.iter().filter(|t| t.at.div_euclid(DAY) == day).count();
                let done = tickets.iter().filter(|t| t.done.is_some_and(|x| x.div_euclid(DAY) == day)).count();
                out.push(Worklog {
                    day,
                    kind: "报事日清",
                    by: CS_STAFF[(day % CS_STAFF.len() as i64) as usize],
                    tickets: Vec::new(),
                    notes: format!("当日新增报事{new}件，完结{done}件，未完结的次日早会通报"),
                });
            }
            if weekly_day(monday, 4) == Some(day) && !is_day(monday, &[MISSED_TRACKING_WEEK]) {
                let open: Vec<String> = tickets
                    .iter()
                    .filter(|t| t.at < day * DAY + 9 * 60 && t.done.is_none_or(|x| x >= end))
                    .map(|t| t.id.clone())
                    .collect();
                let n = open.len();
                out.push(Worklog {
                    day,
                    kind: "未完报事跟踪",
                    by: CS_STAFF[0],
                    tickets: open.into_iter().take(6).collect(),
                    notes: format!("本月未完报事{n}件，逐件与工程部核对进度并记录"),
                });
            }
            if weekly_day(monday, 2) == Some(day) && !is_day(monday, &[MISSED_UPDATE_WEEK]) {
                out.push(Worklog {
                    day,
                    kind: "房屋信息更新",
                    by: CS_STAFF[2],
                    tickets: Vec::new(),
                    notes: format!("与租售中心核对本周房屋、车位转让租赁信息，更新{}户", r.range(0, 6)),
                });
            }
        }
        out
    }

    /// Meetings that name the month they analyse: a 报事分析会 missed at the
    /// end of last month is held early this month about it; the half-yearly
    /// 客户细分评估会 in late June, and in early January about December.
    fn meetings_about(&self, mon: &Month) -> Vec<Meeting> {
        let mut out = Vec::new();
        let first_workday =
            |from: u32| (from..=mon.last).find(|&d| !is_weekend(mon.day(d)) && !is_day(mon.day(d), CLOSED));
        let prev = mon.idx.checked_sub(1).map(|i| &self.months[i]);
        if let Some(p) = prev
            && !self.analysis_plan(p).1
            && let Some(d) = first_workday(3)
        {
            out.push(Meeting {
                day: mon.day(d),
                kind: "报事分析会",
                about: Some((p.y, p.m)),
                chair: MANAGER,
                notes: format!("补开{}月报事分析会：逐件复盘上月未完报事，明确责任人", p.m),
            });
        }
        let segmentation = match mon.m {
            6 => first_workday(22).map(|d| (d, None)),
            1 => first_workday(8).map(|d| (d, Some((mon.y - 1, 12)))),
            _ => None,
        };
        if let Some((d, about)) = segmentation {
            out.push(Meeting {
                day: mon.day(d),
                kind: "客户细分评估会",
                about,
                chair: SERVICE_MANAGER,
                notes: "按入住、空置、装修及欠费情况对业主分类评估，更新客户背景资料".to_string(),
            });
        }
        out
    }

    /// The end-of-month analysis meetings as [`Estate::meetings`] draws them:
    /// (day of month, 报事分析会 held, 投诉分析会 held). Same draws, same order.
    fn analysis_plan(&self, mon: &Month) -> (u32, bool, bool) {
        let mut r = Rng::new(self.seed, &[T_MEET, mon.idx as u64]);
        let first_monday = (1..=7).find(|&d| date_of(mon.day(d)).weekday() == Weekday::Mon).unwrap_or(1);
        if first_monday <= mon.last {
            r.pick(MEETING_FOCUS);
        }
        let late = (mon.dim - 5 + r.below(4) as u32).min(mon.last);
        if late <= first_monday {
            return (late, false, false);
        }
        let ticket = !r.chance(700);
        let complaint = !r.chance(700);
        (late, ticket, complaint)
    }
}

fn is_weekend(day: i64) -> bool {
    matches!(date_of(day).weekday(), Weekday::Sat | Weekday::Sun)
}

fn worklog_yaml(logs: &[Worklog]) -> String {
    let mut s = String::with_capacity(logs.len() * 120);
    if logs.is_empty() {
        out!(s, "[]");
    }
    for w in logs {
        out!(s, "- date: {}", Ymd(w.day));
        out!(s, "  kind: {}", w.kind);
        out!(s, "  by: {}", w.by);
        if !w.tickets.is_empty() {
            out!(s, "  tickets: [{}]", w.tickets.join(", "));
        }
        out!(s, "  notes: {}", Text(&w.notes));
    }
    s
}

// ---------------------------------------------------------------- notices

impl Estate {
    /// Synthetic notice `k` of `n`, dated evenly across the demo's months.
    fn synthetic_notice(&self, k: u32, n: u32) -> String {
        let mut r = Rng::new(self.seed, &[T_NOTICE, u64::from(k)]);
        let first = self.months[0].first;
        let span = self.last_day() - first;
        let date = first + span * i64::from(k - 1) / i64::from(n.max(1));
        let d = date_of(date);
        let b = self.units[r.below(self.units.len() as u64) as usize].building;
        let (ty, title, body, affects) = match k % 10 {
            0 => (
                "停水停电",
                format!("关于{b}栋二次供水设备检修临时停水的通知"),
                "因二次供水设备例行检修，届时将暂停供水，请各位业主提前储水，检修期间请关闭家中水龙头。",
                true,
            ),
            1 => (
                "电梯维保",
                format!("关于{b}栋电梯例行维护保养的通知"),
                "维保单位将对电梯进行例行维护保养，保养期间电梯暂停使用，给您带来不便敬请谅解。",
                true,
            ),
            2 => (
                "消防安全",
                "关于开展园区消防安全检查的通知".to_string(),
                "物业服务中心将对园区消防设施和楼道堆物进行检查，请勿在楼道、消防通道堆放杂物，电动车请到集中充电点充电。",
                false,
            ),
            3 => (
                "施工",
                format!("关于{b}栋外立面局部维修施工的公告"),
                "施工期间请绕行施工围挡区域，看护好老人和儿童，施工单位将做好安全防护和文明施工。",
                true,
            ),
            4 => (
                "装修公示",
                format!("{b}栋住户装修施工公示"),
                "本栋有住户办理了装修手续，施工时间为工作日8:00至12:00、14:00至18:00，节假日不得进行产生噪音的作业。",
                true,
            ),
            5 => (
                "收费公示",
                format!("{}年{}月公共水电费分摊公示", d.year(), d.month()),
                "本月公共区域水电费分摊明细已在各单元公告栏张贴，如对分摊金额有疑问，请到物业服务中心查询。",
                false,
            ),
            6 => (
                "失物招领",
                "失物招领启事".to_string(),
                "近期在园区拾得物品若干，已登记保管在物业服务中心前台，请失主携带有效证件认领。",
                false,
            ),
            7 => (
                "社区活动",
                "关于举办邻里文化节活动的通知".to_string(),
                "邻里文化节将在中心花园举行，设有亲子游戏、义诊和旧物交换等环节，欢迎各位业主参加。",
                false,
            ),
            8 => (
                "温馨提示",
                "关于做好防汛防台工作的温馨提示".to_string(),
                "近期天气多变，请关好门窗，阳台花盆等物品请移至室内，车辆请勿停放在低洼处。",
                false,
            ),
            _ => (
                "其他",
                "关于门禁系统升级的说明".to_string(),
                "园区门禁系统将分批升级，升级后可使用手机开门，原门禁卡继续有效。",
                false,
            ),
        };
        let mut s = String::new();
        out!(s, "---");
        out!(s, "title: {}", Text(&title));
        out!(s, "type: {ty}");
        out!(s, "date: {}", Ymd(date));
        out!(s, "expires: {}", Ymd(date + r.range(7, 30)));
        if affects {
            out!(s, "affects: [{b}栋]");
            let start = date + r.range(2, 5);
            out!(s, "starts_at: {} 08:00", Ymd(start));
            out!(s, "ends_at: {} 18:00", Ymd(start));
        }
        out!(s, "---");
        out!(s);
        out!(s, "各位业主、住户：");
        out!(s);
        out!(s, "{body}");
        out!(s);
        out!(s, "如有疑问，请致电物业服务中心：0571-8888 0000。");
        out!(s);
        out!(s, "翠湖花园物业服务中心");
        out!(s, "{}年{}月{}日", d.year(), d.month(), d.day());
        s
    }
}

// ---------------------------------------------------------------- word lists

const SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭", "何", "高", "林",
    "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹", "彭", "曾", "肖", "田", "董", "袁", "潘", "于",
    "蒋", "蔡", "余", "杜", "叶", "程", "苏", "魏", "吕", "丁", "任", "沈", "姚", "卢", "姜", "崔", "钟", "谭", "陆",
    "汪", "范", "金",
];

const GIVEN: &[&str] = &[
    "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "秀", "霞",
    "平", "刚", "桂", "英", "华", "玉", "兰", "建", "国", "文", "辉", "红", "志", "海", "宇", "鑫", "婷", "雪", "琳",
    "浩", "晨", "欣", "怡", "佳", "思", "梦", "嘉", "俊", "博", "宁", "萍", "斌", "峰", "凯", "亮", "慧", "颖", "倩",
    "丹", "立", "新",
];

const PHONE_PREFIXES: &[&str] = &[
    "130", "131", "132", "133", "135", "136", "137", "138", "139", "150", "151", "152", "155", "156", "157", "158",
    "159", "166", "173", "176", "177", "180", "181", "182", "186", "187", "188", "189", "191", "198", "199",
];

/// Complaint templates: category, department, text, weight.
const COMPLAINTS: &[(&str, &str, &str, u32)] = &[
    ("服务态度", "客服部", "前台人员办理业务时态度冷淡", 2),
    ("服务态度", "客服部", "客服电话多次无人接听", 2),
    ("服务态度", "秩序部", "门岗保安对来访亲友态度生硬", 2),
    ("维修质量", "工程部", "卫生间漏水维修后再次渗漏", 3),
    ("维修质量", "工程部", "维修人员没有按约定时间上门", 2),
    ("维修质量", "工程部", "楼道灯报修后仍然不亮", 2),
    ("环境卫生", "环境部", "楼道垃圾两天无人清理", 3),
    ("环境卫生", "环境部", "地下车库异味严重", 2),
    ("环境卫生", "环境部", "绿化带内杂草丛生", 1),
    ("安全管理", "秩序部", "外来人员随意进出单元", 2),
    ("安全管理", "秩序部", "车辆停在小区内被剐蹭，夜间巡逻不到位", 1),
    ("安全管理", "秩序部", "电动车在楼道充电无人制止", 2),
    ("收费", "财务部", "对公摊水电费分摊金额有疑问", 2),
    ("收费", "财务部", "车位管理费调整未提前公示", 1),
    ("噪音", "客服部", "楼上装修超时施工，影响休息", 4),
    ("噪音", "客服部", "广场舞音响音量过大", 2),
    ("噪音", "客服部", "空调外机运行噪音扰民", 1),
    ("停车", "秩序部", "车位长期被他人占用无人处理", 3),
    ("停车", "秩序部", "地库出入口高峰期排队时间长", 1),
    ("邻里", "客服部", "邻居在公共走道堆放杂物", 2),
    ("邻里", "客服部", "楼上住户疑似高空抛物", 1),
    ("邻里", "客服部", "邻居饲养犬只夜间吠叫", 2),
    ("其他", "客服部", "小区活动通知发布不及时", 1),
    ("其他", "客服部", "快递柜超时收费不合理", 1),
];

const COMPLAINT_CHANNELS: [&str; 8] = ["电话", "前台", "微信", "12345热线", "网络平台", "来访", "业委会", "APP"];
const COMPLAINT_CHANNEL_WEIGHTS: [u32; 8] = [35, 20, 15, 8, 8, 8, 3, 3];

const VISIT_NOTES: &[&str] = &[
    "对物业服务总体满意",
    "反映楼道灯偶尔不亮",
    "建议增加儿童游乐设施",
    "询问车位租赁事宜",
    "反映地库保洁不够及时",
    "希望加强夜间巡逻",
    "对维修响应速度表示认可",
    "建议增设快递柜",
    "反映电梯高峰期等候时间长",
    "希望定期公布公共收益情况",
];

const VISIT_NOTES_EMPTY: &[&str] = &[
    "房屋暂未入住，已提醒定期开窗通风",
    "装修进行中，已提醒遵守装修施工时间",
    "业主计划年底入住，询问装修申请流程",
    "已检查户内水电总闸处于关闭状态",
];

const SURVEY_COMMENTS: &[&str] = &[
    "保安服务热情",
    "希望加强地库保洁",
    "维修师傅很专业",
    "绿化养护不错",
    "希望物业费收支更透明",
    "电梯维保要加强",
    "客服回访及时",
    "夜间巡逻可以再多一些",
];

const LOST_ITEMS: &[(&str, bool)] = &[
    ("黑色钱包", true),
    ("手机", true),
    ("身份证", true),
    ("银行卡", true),
    ("金项链", true),
    ("机械手表", true),
    ("钥匙串", false),
    ("儿童水壶", false),
    ("雨伞", false),
    ("蓝牙耳机", false),
    ("外套", false),
    ("玩具车", false),
    ("眼镜", false),
    ("门禁卡", false),
    ("保温杯", false),
    ("儿童滑板车", false),
];

const LOST_PLACES: &[&str] =
    &["地下车库", "儿童游乐区", "中心花园长椅", "小区南门岗亭", "健身步道", "会所门口", "快递柜旁"];

const MEETING_FOCUS: &[&str] = &[
    "未完报事清理和回访",
    "物业费催缴和清欠",
    "业主访谈进度",
    "园区巡查问题整改",
    "装修管理和垃圾清运",
    "消防通道和电动车充电检查",
];

// ---------------------------------------------------------------- tests

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::{BTreeMap, BTreeSet};
    use std::path::PathBuf;

    fn small() -> DemoOptions {
        DemoOptions { units: 120, months: 8, seed: 7, last_month: (2026, 3), notices: 3 }
    }

    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("wuye-demo-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        dir
    }

    fn read_tree(dir: &Path, rel: &str, out: &mut BTreeMap<String, Vec<u8>>) {
        let mut entries: Vec<_> = std::fs::read_dir(dir.join(rel)).unwrap().map(|e| e.unwrap()).collect();
        entries.sort_by_key(|e| e.file_name());
        for e in entries {
            let name = format!("{rel}{}", e.file_name().to_string_lossy());
            if e.file_type().unwrap().is_dir() {
                read_tree(dir, &format!("{name}/"), out);
            } else {
                out.insert(name, std::fs::read(e.path()).unwrap());
            }
        }
    }

    #[test]
    fn same_seed_same_bytes() {
        let (a, b) = (scratch("a"), scratch("b"));
        let na = generate(&small(), &a).unwrap();
        let nb = generate(&small(), &b).unwrap();
        let (mut ta, mut tb) = (BTreeMap::new(), BTreeMap::new());
        read_tree(&a, "", &mut ta);
        read_tree(&b, "", &mut tb);
        assert_eq!(na, nb);
        assert_eq!(na, ta.len());
        assert!(ta == tb, "two runs with the same seed differ");
        // 2 + 8 months × 8 kinds + 3 notices (+ future bill folders)
        assert!(na >= 2 + 8 * 8 + 3);
        let other = scratch("c");
        generate(&DemoOptions { seed: 8, ..small() }, &other).unwrap();
        let mut tc = BTreeMap::new();
        read_tree(&other, "", &mut tc);
        assert!(ta.get("records/2026-01/tickets.yaml") != tc.get("records/2026-01/tickets.yaml"));
        for d in [a, b, other] {
            std::fs::remove_dir_all(d).unwrap();
        }
    }

    #[test]
    fn bad_options_are_refused() {
        let dir = scratch("bad");
        assert!(generate(&DemoOptions { units: 0, ..small() }, &dir).is_err());
        assert!(generate(&DemoOptions { months: 0, ..small() }, &dir).is_err());
        assert!(generate(&DemoOptions { last_month: (2026, 13), ..small() }, &dir).is_err());
    }

    #[test]
    fn default_layout() {
        let e = Estate::new(&DemoOptions::default()).unwrap();
        assert_eq!(e.units.len(), 600);
        assert_eq!(e.months.len(), 15);
        assert_eq!(e.months[0].label(), "2025-09");
        assert_eq!(e.months[14].label(), "2026-11");
        assert_eq!(e.months[14].last, 27);
        let keys: BTreeSet<&str> = e.units.iter().map(|u| u.key.as_str()).collect();
        assert_eq!(keys.len(), 600, "unit keys are unique");
        assert!(e.units.iter().all(|u| (700..=1400).contains(&u.area)));
        let occ = e.occupied.len() as f64 / 600.0;
        assert!((0.78..0.92).contains(&occ), "occupied share {occ}");
        assert_eq!(e.units[0].key, "1-1-101");
    }

    /// Invariants of docs/records.md checked on the in-memory records.
    #[test]
    fn records_follow_the_contract() {
        let opts = DemoOptions { units: 400, months: 14, seed: 3, last_month: (2026, 11), notices: 0 };
        let e = Estate::new(&opts).unwrap();
        let ledger = e.ledger();
        let (mut tickets, mut complaints, mut lost) = (BTreeSet::new(), BTreeSet::new(), BTreeSet::new());
        let month_of = |day: i64| {
            let d = date_of(day);
            format!("{:04}-{:02}", d.year(), d.month())
        };
        let mut n_tickets = 0;
        for mon in &e.months {
            let label = mon.label();
            let data = e.month(mon);
            let ids: BTreeSet<&str> = data.tickets.iter().map(|t| t.id.as_str()).collect();
            for t in &data.tickets {
                n_tickets += 1;
                assert!(tickets.insert(t.id.clone()), "duplicate {}", t.id);
                assert_eq!(month_of(t.at.div_euclid(DAY)), label);
                assert!(t.at <= e.now);
                if t.tpl.indoor {
                    assert!(t.unit.is_some(), "户内 ticket {} without unit", t.id);
                }
                if let Some(en) = t.entered {
                    assert!(en >= t.at && en <= e.now);
                    assert!(["夜间监控中心", "网络平台"].contains(&t.channel), "{}", t.id);
                }
                if let Some(d) = t.done {
                    assert!(d >= t.at && d <= e.now, "{}", t.id);
                }
                if let Some(f) = t.followup {
                    assert!(f.at >= t.done.unwrap() && f.at <= e.now, "{}", t.id);
                }
                assert!(t.cost.is_some() || !t.approved);
            }
            for c in &data.complaints {
                assert!(complaints.insert(c.id.clone()), "duplicate {}", c.id);
                assert_eq!(month_of(c.at.div_euclid(DAY)), label);
                if let Some(d) = c.done {
                    assert!(d >= c.at && d <= e.now);
                }
                if let Some(f) = c.followup {
                    assert!(f.at >= c.done.unwrap() && f.at <= e.now);
                }
            }
            for i in &data.inspections {
                assert_eq!(month_of(i.day), label);
                assert!(i.findings as usize >= i.tickets.len());
                for id in &i.tickets {
                    assert!(ids.contains(id.as_str()), "inspection names unknown ticket {id}");
                }
            }
            for v in &data.visits {
                assert_eq!(month_of(v.day), label);
            }
            for s in &data.surveys {
                assert_eq!(month_of(s.day), label);
                assert!((1..=5).contains(&s.overall));
                assert!(s.scores.is_none_or(|sc| sc.iter().all(|x| (1..=5).contains(x))));
            }
            for l in &data.lost {
                assert!(lost.insert(l.id.clone()));
                assert_eq!(month_of(l.day), label);
                if let Some((on, _, _)) = l.claimed {
                    assert!(on >= l.day && on <= e.last_day());
                }
            }
            for m in &data.meetings {
                assert_eq!(month_of(m.day), label);
            }
        }
        assert!(n_tickets > 400 * 14 / 5, "about 0.25 tickets per unit and month");
        // Fees: bills unique, in their month's file; payments name bills, are dated in their file's month.
        let mut bills = BTreeMap::new();
        for (idx, list) in ledger.bills.iter().enumerate() {
            for b in list {
                assert_eq!(b.period, idx);
                assert!(b.amount > 0 && b.waived >= 0 && b.waived <= b.amount);
                assert!(bills.insert((b.unit, b.item, b.period), *b).is_none(), "duplicate bill");
            }
        }
        let mut paid: BTreeMap<(u32, u8, usize), i64> = BTreeMap::new();
        for (idx, list) in ledger.payments.iter().enumerate() {
            for p in list {
                assert_eq!(month_of(p.day), e.months[idx].label());
                assert!(p.day <= e.last_day());
                assert!(p.amount > 0);
                assert!(bills.contains_key(&(p.unit, p.item, p.period)), "payment names no bill");
                *paid.entry((p.unit, p.item, p.period)).or_default() += p.amount;
            }
        }
        for (k, total) in &paid {
            assert!(*total <= bills[k].owed(), "overpaid bill {k:?}");
        }
        let due: i64 = ledger.bills.iter().take(e.months.len()).flatten().map(Bill::owed).sum();
        let got: i64 = paid.iter().filter(|(k, _)| k.2 < e.months.len()).map(|(_, v)| v).sum();
        let rate = got as f64 / due as f64;
        assert!((0.9..0.995).contains(&rate), "collection {rate}");
    }

    /// `analysis_plan` repeats the draws of `meetings`: the make-up meeting
    /// about last month exists exactly when last month's was skipped.
    #[test]
    fn routines_match_the_meetings_drawn() {
        let opts = DemoOptions { units: 200, months: 24, seed: 7, last_month: (2026, 11), notices: 0 };
        let e = Estate::new(&opts).unwrap();
        let mut skipped = 0;
        for mon in &e.months {
            let data = e.month(mon);
            let (late, ticket, complaint) = e.analysis_plan(mon);
            let at_end = |kind: &str| {
                data.meetings.iter().any(|m| m.kind == kind && m.about.is_none() && m.day == mon.day(late))
            };
            assert_eq!(at_end("报事分析会"), ticket, "{}", mon.label());
            assert_eq!(at_end("投诉分析会"), complaint, "{}", mon.label());
            skipped += usize::from(!ticket);
            let logs = e.worklogs(mon, &data.tickets);
            let days: BTreeSet<i64> = logs.iter().filter(|w| w.kind == "报事日清").map(|w| w.day).collect();
            assert!(days.len() as u32 >= mon.last - 8 && days.len() as u32 <= mon.last, "{}", mon.label());
            assert!(logs.iter().all(|w| w.day >= mon.first && w.day <= mon.day(mon.last)));
        }
        assert!(skipped > 0, "the seed skips a request analysis meeting somewhere");
    }

    #[test]
    fn visits_cover_the_year() {
        let opts = DemoOptions { units: 300, months: 12, seed: 5, last_month: (2025, 12), notices: 0 };
        let e = Estate::new(&opts).unwrap();
        let mut seen: BTreeMap<u32, (usize, bool)> = BTreeMap::new();
        for mon in &e.months {
            for v in e.visits(mon) {
                let s = seen.entry(v.unit).or_default();
                s.0 += 1;
                s.1 |= v.face;
            }
        }
        let occ = &e.occupied;
        let visited = occ.iter().filter(|u| seen.contains_key(u)).count();
        let face = occ.iter().filter(|u| seen.get(u).is_some_and(|s| s.1)).count();
        assert!(visited * 100 >= occ.len() * 95, "coverage {visited}/{}", occ.len());
        assert!(face * 100 >= occ.len() * 20, "face to face {face}/{}", occ.len());
        let empty: Vec<u32> = (0..300).filter(|u| e.units[*u as usize].status != Status::Occupied).collect();
        let twice = empty.iter().filter(|u| seen.get(u).is_some_and(|s| s.0 >= 2)).count();
        assert!(twice * 100 >= empty.len() * 90);
    }

    #[test]
    fn yaml_text_shapes() {
        assert_eq!(Text("厨房漏水").to_string(), "厨房漏水");
        assert_eq!(Text("3栋大堂").to_string(), "\"3栋大堂\"");
        assert_eq!(Text("a: b").to_string(), "\"a: b\"");
        assert_eq!(Yuan(28650).to_string(), "286.50");
        assert_eq!(Yuan(5).to_string(), "0.05");
        let d = days_of(NaiveDate::from_ymd_opt(2026, 10, 3).unwrap());
        assert_eq!(Hm(d * DAY + 21 * 60 + 4).to_string(), "2026-10-03 21:04");
        let p = Phone(42).to_string();
        assert_eq!(p.len(), 13);
        assert!(p.starts_with("\"1") && p.ends_with('"'));
    }
}
