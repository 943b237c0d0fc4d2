//! The estate: buildings of a few types, their units (area, status, parking,
//! how the household pays) and the months the demo covers.

use std::io;

use chrono::NaiveDate;

use super::DemoOptions;
use super::fees::{METHOD_WEIGHTS, METHODS};
use super::rng::{Rng, T_LAYOUT, T_PERSON, key};
use super::time::{DAY, Month, days_in_month, days_of};

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum Status {
    Occupied,
    Vacant,
    Renovating,
}

impl Status {
    pub(super) fn zh(self) -> &'static str {
        match self {
            Status::Occupied => "已入住",
            Status::Vacant => "空置",
            Status::Renovating => "装修",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Payer {
    Regular,
    Late,
    /// Stops paying from this month index on.
    Stops(usize),
    Prepay,
    Partial,
}

#[derive(Clone, Debug)]
pub(super) struct Unit {
    pub(super) key: String,
    pub(super) building: u32,
    entrance: u32,
    /// Area in tenths of a square metre.
    pub(super) area: u32,
    pub(super) status: Status,
    /// Monthly 车位管理费 in fen, 0 for none.
    pub(super) parking: i64,
    /// 空置房 30% reduction of 物业费.
    pub(super) vacancy_waiver: bool,
    pub(super) payer: Payer,
    pub(super) method: &'static str,
}

/// A building type: floors, entrances (单元), rooms per floor and their areas (0.1 m²).
struct BType {
    floors: u32,
    entrances: u32,
    pub(super) areas: &'static [u32],
    pub(super) weight: u32,
}

const BTYPES: [BType; 4] = [
    BType { floors: 6, entrances: 3, areas: &[1285, 1372], weight: 2 },
    BType { floors: 11, entrances: 2, areas: &[1126, 985], weight: 3 },
    BType { floors: 18, entrances: 2, areas: &[893, 1046], weight: 3 },
    BType { floors: 26, entrances: 2, areas: &[892, 726, 1203], weight: 2 },
];

pub(super) struct Estate {
    pub(super) seed: u64,
    pub(super) units: Vec<Unit>,
    /// Indexes of occupied units.
    pub(super) occupied: Vec<u32>,
    /// Indexes of units where people live or work (occupied or renovating).
    lived_in: Vec<u32>,
    pub(super) months: Vec<Month>,
    /// `year * 12 + month - 1` of the first month.
    start_ym: i64,
    /// The demo's "now": 18:00 on the last day with records.
    pub(super) now: i64,
}

impl Estate {
    pub(super) fn new(opts: &DemoOptions) -> io::Result<Estate> {
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
    pub(super) fn period_label(&self, idx: usize) -> String {
        let ym = self.start_ym + idx as i64;
        format!("{:04}-{:02}", ym / 12, ym % 12 + 1)
    }

    pub(super) fn last_day(&self) -> i64 {
        self.now.div_euclid(DAY)
    }

    /// A person living in a unit: `k` tells household members apart.
    pub(super) fn resident(&self, unit: u32, k: u64) -> u64 {
        key(self.seed, &[T_PERSON, u64::from(unit), k])
    }

    /// A unit someone lives in (or, for a tiny estate with none, any unit).
    pub(super) fn lived_in_unit(&self, r: &mut Rng) -> u32 {
        if self.lived_in.is_empty() { r.below(self.units.len() as u64) as u32 } else { *r.pick(&self.lived_in) }
    }

    /// `3栋2单元` for a random entrance of the estate.
    pub(super) fn entrance_label(&self, r: &mut Rng) -> String {
        let u = &self.units[r.below(self.units.len() as u64) as usize];
        format!("{}栋{}单元", u.building, u.entrance)
    }
}
