//! Bills and payments: each unit's bills month by month, and how each kind
//! of payer (regular, late, stopping, prepaying, partial) pays them.

use std::fmt::{self, Display};

use super::estate::{Estate, Payer};
use super::rng::{Rng, T_BILL, T_FEES};

pub(super) const ITEMS: [&str; 2] = ["物业费", "车位管理费"];
pub(super) const METHODS: [&str; 6] = ["微信", "支付宝", "银行代扣", "POS刷卡", "现金", "银行转账"];
pub(super) const METHOD_WEIGHTS: [u32; 6] = [45, 25, 10, 10, 5, 5];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Bill {
    pub(super) unit: u32,
    pub(super) item: u8,
    /// Month index (may lie after the last month for prepaid bills).
    pub(super) period: usize,
    pub(super) amount: i64,
    pub(super) waived: i64,
}

impl Bill {
    pub(super) fn owed(&self) -> i64 {
        self.amount - self.waived
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Payment {
    pub(super) unit: u32,
    pub(super) item: u8,
    pub(super) period: usize,
    pub(super) amount: i64,
    /// Day number of the payment.
    pub(super) day: i64,
}

/// Every bill and payment, by month index (bills may run past the last month).
pub(super) struct Ledger {
    pub(super) bills: Vec<Vec<Bill>>,
    pub(super) payments: Vec<Vec<Payment>>,
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

    pub(super) fn ledger(&self) -> Ledger {
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
}

#[derive(Clone, Copy)]
pub(super) struct Yuan(pub(super) i64);

impl Display for Yuan {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{:02}", self.0 / 100, self.0 % 100)
    }
}
