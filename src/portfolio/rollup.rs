//! Company figures: sums of the estates' numerators and denominators.
//!
//! A company rate is Σnumerator ÷ Σdenominator (Σ实收 ÷ Σ应收, Σ满意 ÷ Σ答卷,
//! Σ有效投诉 × 100 ÷ Σ户数 …), never an average of the estates' rates: a
//! small estate must not weigh as much as a large one. Sums are `i128`, so
//! no number of estates can overflow them (each figure is at most an `i64`).
//! Medians are not summable; pages show the range of the estates' medians.

use crate::config::Targets;
use crate::figures::PeriodFigures;
use crate::site::strings::Strings;

/// Σ of every summable figure of one period over some estates.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Sums {
    /// Estates that had the period.
    pub estates: i128,
    /// Units in their registers.
    pub units: i128,
    /// 应收 (fen).
    pub receivable: i128,
    /// 实收 (fen).
    pub collected: i128,
    /// Arrears at the start (fen).
    pub arrears_at_start: i128,
    /// Arrears collected (fen).
    pub arrears_collected: i128,
    /// Tickets reported.
    pub reported: i128,
    /// Tickets completed.
    pub completed: i128,
    /// Completed tickets followed up within 24 hours.
    pub followed_up_24h: i128,
    /// Complaints received.
    pub received: i128,
    /// Valid complaints.
    pub valid: i128,
    /// Complaints resolved.
    pub resolved: i128,
    /// Resolved complaints followed up within three working days.
    pub followed_up_3wd: i128,
    /// Survey responses.
    pub responses: i128,
    /// Satisfied responses.
    pub satisfied: i128,
    /// Occupied units (visits, year to date).
    pub occupied: i128,
    /// Of those, visited.
    pub visited: i128,
}

impl Sums {
    /// One estate's period as sums of one.
    pub fn of(p: &PeriodFigures, units: u64) -> Sums {
        let n = |v: u64| v as i128;
        Sums {
            estates: 1,
            units: n(units),
            receivable: p.fees.receivable as i128,
            collected: p.fees.collected as i128,
            arrears_at_start: p.fees.arrears_at_start as i128,
            arrears_collected: p.fees.arrears_collected as i128,
            reported: n(p.tickets.reported),
            completed: n(p.tickets.completed),
            followed_up_24h: n(p.tickets.followed_up_24h),
            received: n(p.complaints.received),
            valid: n(p.complaints.valid),
            resolved: n(p.complaints.resolved),
            followed_up_3wd: n(p.complaints.followed_up_3wd),
            responses: n(p.satisfaction.responses),
            satisfied: n(p.satisfaction.satisfied),
            occupied: n(p.visits.occupied_units),
            visited: n(p.visits.visited_units),
        }
    }
}

impl std::ops::AddAssign for Sums {
    fn add_assign(&mut self, o: Sums) {
        self.estates += o.estates;
        self.units += o.units;
        self.receivable += o.receivable;
        self.collected += o.collected;
        self.arrears_at_start += o.arrears_at_start;
        self.arrears_collected += o.arrears_collected;
        self.reported += o.reported;
        self.completed += o.completed;
        self.followed_up_24h += o.followed_up_24h;
        self.received += o.received;
        self.valid += o.valid;
        self.resolved += o.resolved;
        self.followed_up_3wd += o.followed_up_3wd;
        self.responses += o.responses;
        self.satisfied += o.satisfied;
        self.occupied += o.occupied;
        self.visited += o.visited;
    }
}

impl std::iter::Sum for Sums {
    fn sum<I: Iterator<Item = Sums>>(iter: I) -> Sums {
        let mut s = Sums::default();
        for x in iter {
            s += x;
        }
        s
    }
}

/// An exact quotient of two sums; no value when the denominator is 0.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Frac {
    /// Numerator.
    pub num: i128,
    /// Denominator.
    pub den: i128,
}

/// `num / den` rounded half up (away from zero) to `places` decimals, from the integers.
fn decimal(num: i128, den: i128, places: u32) -> String {
    let scaled = num.saturating_mul(10i128.pow(places));
    let (a, d) = (scaled.unsigned_abs(), den.unsigned_abs().max(1));
    let r = a % d;
    let q = a / d + u128::from(r >= d - r);
    let neg = (scaled < 0) != (den < 0) && q != 0;
    let p = 10u128.pow(places);
    let body = if places == 0 { format!("{q}") } else { format!("{}.{:0w$}", q / p, q % p, w = places as usize) };
    if neg { format!("-{body}") } else { body }
}

impl Frac {
    /// The quotient as a float, for charts and target checks only.
    pub fn rate(self) -> Option<f64> {
        (self.den != 0).then(|| self.num as f64 / self.den as f64)
    }
    /// Shown as `kind` says (`96.3%` or `0.38`); `None` with no denominator.
    pub fn text(self, kind: Kind) -> Option<String> {
        (self.den != 0).then(|| match kind {
            Kind::Rate => decimal(self.num.saturating_mul(100), self.den, 1) + "%",
            Kind::Per100 => decimal(self.num, self.den, 2),
        })
    }
    /// The change from `before`, exactly (one fraction of integers): in
    /// percentage points to 0.1 for rates, in complaints to 0.01 per 100
    /// households; signed, `None` when either side has no value.
    pub fn change(self, before: Frac, kind: Kind) -> Option<String> {
        if self.den == 0 || before.den == 0 {
            return None;
        }
        let scale = if kind == Kind::Rate { 100 } else { 1 };
        let exact = (|| {
            let num = self.num.checked_mul(before.den)?.checked_sub(before.num.checked_mul(self.den)?)?;
            Some((num.checked_mul(scale)?, self.den.checked_mul(before.den)?))
        })();
        let places = if kind == Kind::Rate { 1 } else { 2 };
        let s = match exact {
            Some((num, den)) => decimal(num, den, places),
            // Beyond i128 (sums of 10^19 fen): a float is then the best there is.
            None => format!("{:.*}", places as usize, (self.rate()? - before.rate()?) * scale as f64),
        };
        let positive = s.bytes().any(|b| (b'1'..=b'9').contains(&b)) && !s.starts_with('-');
        Some(if positive { format!("+{s}") } else { s })
    }
}

/// How a KPI's value reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A share, shown as a percentage.
    Rate,
    /// Complaints per 100 households, two decimals.
    Per100,
}

/// The eight KPIs of the league table, in column order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kpi {
    /// 收缴率.
    Collection,
    /// 清欠率.
    Arrears,
    /// 满意率.
    Satisfaction,
    /// 报事完成率.
    Completion,
    /// 24小时回访率.
    Followup24h,
    /// 3个工作日回访率.
    Followup3wd,
    /// 每百户有效投诉.
    ComplaintsPer100,
    /// 访谈覆盖率.
    VisitCoverage,
}

impl Kpi {
    /// Every KPI, in column order.
    pub const ALL: [Kpi; 8] = [
        Kpi::Collection,
        Kpi::Arrears,
        Kpi::Satisfaction,
        Kpi::Completion,
        Kpi::Followup24h,
        Kpi::Followup3wd,
        Kpi::ComplaintsPer100,
        Kpi::VisitCoverage,
    ];

    /// File name of the KPI's page (`kpi/<slug>.html`).
    pub fn slug(self) -> &'static str {
        match self {
            Kpi::Collection => "fee-collection",
            Kpi::Arrears => "arrears-recovery",
            Kpi::Satisfaction => "satisfaction",
            Kpi::Completion => "ticket-completion",
            Kpi::Followup24h => "ticket-followup-24h",
            Kpi::Followup3wd => "complaint-followup-3wd",
            Kpi::ComplaintsPer100 => "complaints-per-100",
            Kpi::VisitCoverage => "visit-coverage",
        }
    }

    /// The KPI's name in the site's language.
    pub fn label(self, t: &Strings) -> &'static str {
        match self {
            Kpi::Collection => t.pf_collection,
            Kpi::Arrears => t.pf_arrears,
            Kpi::Satisfaction => t.pf_satisfaction,
            Kpi::Completion => t.pf_completion,
            Kpi::Followup24h => t.pf_followup_24h,
            Kpi::Followup3wd => t.pf_followup_3wd,
            Kpi::ComplaintsPer100 => t.pf_per_100,
            Kpi::VisitCoverage => t.pf_visit_coverage,
        }
    }

    /// What the numerator and denominator are, for the tables that show them.
    pub fn basis(self, t: &Strings) -> (&'static str, &'static str) {
        match self {
            Kpi::Collection => (t.pf_collected, t.pf_receivable),
            Kpi::Arrears => (t.pf_arrears_collected, t.pf_arrears_at_start),
            Kpi::Satisfaction => (t.pf_satisfied, t.pf_responses),
            Kpi::Completion => (t.pf_completed, t.pf_reported),
            Kpi::Followup24h => (t.pf_followed_up, t.pf_completed),
            Kpi::Followup3wd => (t.pf_followed_up, t.pf_resolved),
            Kpi::ComplaintsPer100 => (t.pf_valid_x100, t.pf_units),
            Kpi::VisitCoverage => (t.pf_visited, t.pf_occupied),
        }
    }

    /// Whether the numerator and denominator are money (fen).
    pub fn is_money(self) -> bool {
        matches!(self, Kpi::Collection | Kpi::Arrears)
    }

    /// How the value reads.
    pub fn kind(self) -> Kind {
        if self == Kpi::ComplaintsPer100 { Kind::Per100 } else { Kind::Rate }
    }

    /// A higher value is better (all but complaints).
    pub fn higher_is_better(self) -> bool {
        self != Kpi::ComplaintsPer100
    }

    /// The estate's own target (none for complaints per 100 households: site.yaml has no such target).
    pub fn target(self, t: &Targets) -> Option<f64> {
        match self {
            Kpi::Collection => Some(t.fee_collection_rate),
            Kpi::Arrears => Some(t.arrears_recovery_rate),
            Kpi::Satisfaction => Some(t.satisfaction_rate),
            Kpi::Completion => Some(t.ticket_completion_rate),
            Kpi::Followup24h => Some(t.ticket_followup_24h_rate),
            Kpi::Followup3wd => Some(t.complaint_followup_3wd_rate),
            Kpi::ComplaintsPer100 => None,
            Kpi::VisitCoverage => Some(t.visit_coverage),
        }
    }

    /// The KPI over `s`: Σnumerator ÷ Σdenominator.
    pub fn of(self, s: &Sums) -> Frac {
        let (num, den) = match self {
            Kpi::Collection => (s.collected, s.receivable),
            Kpi::Arrears => (s.arrears_collected, s.arrears_at_start),
            Kpi::Satisfaction => (s.satisfied, s.responses),
            Kpi::Completion => (s.completed, s.reported),
            Kpi::Followup24h => (s.followed_up_24h, s.completed),
            Kpi::Followup3wd => (s.followed_up_3wd, s.resolved),
            Kpi::ComplaintsPer100 => (s.valid * 100, s.units),
            Kpi::VisitCoverage => (s.visited, s.occupied),
        };
        Frac { num, den }
    }

    /// Whether `v` meets `target` (`None` without a value or a target).
    pub fn meets(self, v: Frac, target: Option<f64>) -> Option<bool> {
        let (r, t) = (v.rate()?, target?);
        Some(if self.higher_is_better() { r >= t } else { r <= t })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_text_and_changes() {
        let f = |num, den| Frac { num, den };
        assert_eq!(f(1, 16).text(Kind::Rate).as_deref(), Some("6.3%"));
        assert_eq!(f(0, 0).text(Kind::Rate), None);
        assert_eq!(f(300, 800).text(Kind::Per100).as_deref(), Some("0.38"));
        assert_eq!(f(95, 100).change(f(90, 100), Kind::Rate).as_deref(), Some("+5.0"));
        assert_eq!(f(90, 100).change(f(95, 100), Kind::Rate).as_deref(), Some("-5.0"));
        assert_eq!(f(1, 3).change(f(1, 3), Kind::Rate).as_deref(), Some("0.0"));
        assert_eq!(f(1, 3).change(f(0, 0), Kind::Rate), None);
        // Huge sums do not overflow: 1,000 estates × i64::MAX fen.
        let big = f(i64::MAX as i128 * 1000, i64::MAX as i128 * 1000);
        assert_eq!(big.text(Kind::Rate).as_deref(), Some("100.0%"));
    }
}
