//! Unit tests with hand-computed fixtures for every figure of `docs/kpi.md`,
//! and property tests of the invariants the figures must keep.

use std::collections::BTreeMap;

use chrono::{NaiveDate, NaiveDateTime};

use super::*;
use crate::calendar::{Calendar, YearDays};
use crate::config::Site;
use crate::diag::Pos;
use crate::records::{
    Area, Bill, Complaint, Estate, FollowResult, Followup, Household, Inspection, Payment, Quarter, Records, Spanned,
    Src, Survey, Ticket, UnitStatus, Visit, VisitMode,
};
use crate::scalars::{Money, Month, parse_date, parse_datetime};

// ---------------------------------------------------------------------------
// Fixture builders

fn dt(s: &str) -> NaiveDateTime {
    parse_datetime(s).unwrap_or_else(|| panic!("bad datetime {s}"))
}

fn d(s: &str) -> NaiveDate {
    parse_date(s).unwrap_or_else(|| panic!("bad date {s}"))
}

fn m(s: &str) -> Month {
    Month::parse(s).unwrap()
}

fn yuan(s: &str) -> Money {
    Money::parse(s).unwrap()
}

fn sp<T>(v: T) -> Spanned<T> {
    Spanned { value: v, pos: Pos::START }
}

fn p(s: &str) -> Period {
    Period::parse(s).unwrap()
}

fn estate(households: Vec<Household>, records: Records) -> Estate {
    Estate {
        site: Site::default(),
        households,
        calendar: Calendar::builtin(),
        roles: vec![],
        notices: vec![],
        bulletins: vec![],
        records: records.into(),
        static_files: vec![],
        record_stamps: vec![],
    }
}

fn unit(u: &str, status: UnitStatus) -> Household {
    Household { unit: u.into(), building: None, area_m2: None, status }
}

fn followup(at: &str) -> Followup {
    Followup { at: dt(at), by: None, result: FollowResult::Satisfied }
}

fn ticket(id: &str, reported: &str, completed: Option<&str>, fu: Option<&str>) -> Ticket {
    Ticket {
        id: sp(id.into()),
        reported_at: dt(reported),
        entered_at: None,
        channel: "电话".into(),
        area: Area::Indoor,
        category: "水电".into(),
        unit: None,
        reporter: None,
        phone: None,
        description: String::new(),
        department: "工程部".into(),
        completed_at: completed.map(dt),
        cost: None,
        approved_by: None,
        followup: fu.map(followup),
        src: Src::default(),
    }
}

fn complaint(id: &str, received: &str, resolved: Option<&str>, fu: Option<&str>) -> Complaint {
    Complaint {
        id: sp(id.into()),
        received_at: dt(received),
        channel: "电话".into(),
        category: "噪音".into(),
        unit: None,
        complainant: None,
        phone: None,
        description: String::new(),
        valid: true,
        department: "客服部".into(),
        resolved_at: resolved.map(dt),
        followup: fu.map(followup),
        src: Src::default(),
    }
}

fn bill(u: &str, item: &str, period: &str, amount: &str, waived: &str) -> Bill {
    Bill {
        unit: sp(u.into()),
        item: item.into(),
        period: m(period),
        amount: yuan(amount).into(),
        waived: yuan(waived).into(),
        src: Src::default(),
    }
}

fn pay(u: &str, item: &str, period: &str, amount: &str, date: &str) -> Payment {
    Payment {
        unit: sp(u.into()),
        item: item.into(),
        period: m(period),
        amount: yuan(amount).into(),
        date: d(date),
        method: None,
        src: Src::default(),
    }
}

fn survey(date: &str, overall: u8, scores: &[(&str, u8)]) -> Survey {
    Survey {
        unit: None,
        date: d(date),
        overall,
        scores: scores.iter().map(|(k, v)| (k.to_string(), *v)).collect(),
        comment: None,
        src: Src::default(),
    }
}

fn visit(u: &str, date: &str, mode: VisitMode) -> Visit {
    Visit { unit: sp(u.into()), date: d(date), mode, by: "客服".into(), notes: None, src: Src::default() }
}

fn inspection(date: &str) -> Inspection {
    Inspection { date: d(date), by: "客服".into(), areas: vec![], findings: 0, tickets: vec![], src: Src::default() }
}

fn counts(pairs: &[(&str, u64)]) -> BTreeMap<String, u64> {
    pairs.iter().map(|(k, v)| (k.to_string(), *v)).collect()
}

// ---------------------------------------------------------------------------
// Periods and formatting

/// Periods parse in exactly three shapes and know their bounds.
#[test]
fn periods_parse_and_bound() {
    let q = p("2026-Q3");
    assert_eq!(q, Period::Quarter(Quarter { year: 2026, q: 3 }));
    assert_eq!((q.start(), q.end(), q.last_day()), (d("2026-07-01"), d("2026-10-01"), d("2026-09-30")));
    assert_eq!(q.months(), vec![m("2026-07"), m("2026-08"), m("2026-09")]);
    assert_eq!(q.days(), 92);
    assert_eq!(q.to_string(), "2026-Q3");
    assert_eq!(p("2026-02").days(), 28);
    assert_eq!(p("2024").days(), 366);
    assert_eq!(p("2026").last_day(), d("2026-12-31"));
    assert_eq!(p("2026-12").end(), d("2027-01-01"));
    assert_eq!(p("2026-Q1").prev(), p("2025-Q4"));
    assert_eq!(p("2026-01").prev(), p("2025-12"));
    assert_eq!(p("2026-Q3").year_before(), p("2025-Q3"));
    assert_eq!(p("2026-Q3").label_zh(), "2026年第3季度");
    for bad in ["", "2026-7", "2026-13", "2026-Q5", "2026-Q0", "2026Q3", "2026-q3", "26", " 2026", "2026-", "２０２６"]
    {
        assert_eq!(Period::parse(bad), None, "{bad:?}");
    }
}

/// Percentages round half up from the integers; pp changes half away from zero.
#[test]
fn percent_and_pp_change_round_from_integers() {
    assert_eq!(percent(1, 16).as_deref(), Some("6.3%")); // 6.25 → 6.3 (the contract's example)
    assert_eq!(percent(1, 3).as_deref(), Some("33.3%"));
    assert_eq!(percent(2, 3).as_deref(), Some("66.7%"));
    assert_eq!(percent(1, 2000).as_deref(), Some("0.1%")); // 0.05 → 0.1
    assert_eq!(percent(0, 7).as_deref(), Some("0.0%"));
    assert_eq!(percent(7, 7).as_deref(), Some("100.0%"));
    assert_eq!(percent(1, 0), None);
    assert_eq!(decimal(1, 8, 2).as_deref(), Some("0.13"));
    assert_eq!(decimal(18001, 7200, 1).as_deref(), Some("2.5"));
    assert_eq!(decimal(5, 1, 0).as_deref(), Some("5"));
    let r = Ratio::new;
    assert_eq!(pp_change(r(1, 16), r(0, 1)), "+6.3");
    assert_eq!(pp_change(r(0, 1), r(1, 16)), "-6.3"); // half away from zero, not half up
    assert_eq!(pp_change(r(1, 2000), r(0, 1)), "+0.1");
    assert_eq!(pp_change(r(0, 1), r(1, 2000)), "-0.1");
    assert_eq!(pp_change(r(1, 3000), r(0, 1)), "0.0");
    assert_eq!(pp_change(r(0, 1), r(1, 3000)), "0.0");
    assert_eq!(pp_change(r(1, 3), r(1, 3)), "0.0");
    assert_eq!(pp_change(r(2, 3), r(1, 2)), "+16.7");
    assert_eq!(pp_change(r(1, 0), r(1, 2)), DASH);
    assert_eq!(pp_change(r(1, 2), r(0, 0)), DASH);
}

// ---------------------------------------------------------------------------
// Tickets

fn ticket_estate() -> Estate {
    let cost = |t: Ticket, c: &str, by: Option<&str>| Ticket {
        cost: Some(yuan(c).into()),
        approved_by: by.map(Into::into),
        ..t
    };
    let tickets = vec![
        // Reported in June: T0 completed in July, T7 never.
        ticket("T0", "2026-06-20 10:00", Some("2026-07-05 10:00"), None),
        ticket("T7", "2026-06-25 10:00", None, None),
        // July. T1: 1h, follow-up exactly 24h later (counts); 200 without approval (counts).
        cost(ticket("T1", "2026-07-01 08:00", Some("2026-07-01 09:00"), Some("2026-07-02 09:00")), "200", None),
        // T2: 2h, follow-up 24h + 1min (does not count); 199.99 needs no approval.
        Ticket {
            area: Area::Public,
            category: "保洁".into(),
            channel: "微信".into(),
            ..cost(ticket("T2", "2026-07-02 10:00", Some("2026-07-02 12:00"), Some("2026-07-03 12:01")), "199.99", None)
        },
        // T3: 3h 0m 1s, no follow-up; 200 approved.
        cost(ticket("T3", "2026-07-03 00:00:00", Some("2026-07-03 03:00:01"), None), "200", Some("工程部经理")),
        // T4: 5h, followed up after 1h.
        Ticket {
            area: Area::Public,
            category: "绿化".into(),
            channel: "巡查".into(),
            ..ticket("T4", "2026-07-10 08:00", Some("2026-07-10 13:00"), Some("2026-07-10 14:00"))
        },
        // T5: reported 31 July, completed 1 August: open at July's end, completed in Q3.
        Ticket {
            category: "门窗".into(),
            channel: "APP".into(),
            ..ticket("T5", "2026-07-31 20:00", Some("2026-08-01 08:00"), Some("2026-08-01 09:00"))
        },
        // T6: still open.
        Ticket { area: Area::Public, category: "电梯".into(), ..ticket("T6", "2026-07-15 09:00", None, None) },
    ];
    estate(vec![], Records { tickets, ..Default::default() })
}

/// Every ticket figure of July 2026, by hand.
#[test]
fn tickets_of_a_month() {
    let e = ticket_estate();
    let t = compute(&e, p("2026-07")).tickets;
    assert_eq!(t.reported, 6);
    assert_eq!(t.completed, 4); // T1–T4; T5 completes on 1 August
    assert_eq!(t.completion_rate, Some(4.0 / 6.0));
    // Reported before 1 Aug: T0, T7, T1–T6 (8); completed before it: T0–T4 (5) → T5, T6, T7.
    assert_eq!(t.open_at_end, 3);
    // Even count: 3600, 7200, 10801, 18000 s → (7200 + 10801) / 7200 h.
    assert_eq!(t.median_resolution_hours, Some(18001.0 / 7200.0));
    assert_eq!(t.p50_resolution_hours, t.median_resolution_hours);
    // p90: rank 0.9 × 3 = 2.7 → 10801 + 0.7 × (18000 − 10801) s.
    assert_eq!(t.p90_resolution_hours, Some(1584030.0 / 360000.0));
    // T1 (exactly 24h) and T4 count; T2 (24h + 1min) and T3 (none) do not.
    assert_eq!(t.followed_up_24h, 2);
    assert_eq!(t.followup_24h_rate, Some(0.5));
    assert_eq!(t.over_threshold_unapproved, 1);
    assert_eq!(t.by_area, counts(&[("户内", 3), ("公区", 3)]));
    assert_eq!(t.by_category, counts(&[("水电", 2), ("保洁", 1), ("绿化", 1), ("门窗", 1), ("电梯", 1)]));
    assert_eq!(t.by_channel, counts(&[("电话", 3), ("微信", 1), ("巡查", 1), ("APP", 1)]));
}

/// A quarter sees T5's completion; an empty month still counts open tickets.
#[test]
fn tickets_of_a_quarter_and_of_months_without_tickets() {
    let e = ticket_estate();
    let q = compute(&e, p("2026-Q3")).tickets;
    assert_eq!((q.reported, q.completed, q.open_at_end), (6, 5, 2));
    assert_eq!(q.median_resolution_hours, Some(10801.0 / 3600.0)); // odd count: the middle value
    assert_eq!(q.followup_24h_rate, Some(3.0 / 5.0));

    let june = compute(&e, p("2026-06")).tickets;
    assert_eq!((june.reported, june.completed, june.open_at_end), (2, 0, 2));
    assert_eq!(june.completion_rate, Some(0.0));
    assert_eq!(june.median_resolution_hours, None);
    assert_eq!(june.followup_24h_rate, None);

    let aug = compute(&e, p("2026-08")).tickets;
    assert_eq!((aug.reported, aug.completed, aug.open_at_end), (0, 0, 2));
    assert_eq!(aug.completion_rate, None);
    assert!(aug.by_area.is_empty());
}

/// The 24-hour rule directly: the deadline instant itself is in time.
#[test]
fn ticket_followup_deadline_is_inclusive() {
    assert_eq!(ticket_followup_deadline(dt("2026-07-01 09:00")), dt("2026-07-02 09:00"));
}

// ---------------------------------------------------------------------------
// Complaints

fn eight_units() -> Vec<Household> {
    (1..=8).map(|i| unit(&format!("1-1-10{i}"), UnitStatus::Occupied)).collect()
}

/// Every complaint figure of November 2026 (a month with normal weekends).
#[test]
fn complaints_of_a_month() {
    let with = |c: Complaint, u: Option<&str>, cat: &str, valid: bool| Complaint {
        unit: u.map(|u| sp(u.to_string())),
        category: cat.into(),
        valid,
        ..c
    };
    let complaints = vec![
        // Resolved Friday 6 Nov: in time until Wednesday 11 Nov 23:59:59.
        with(
            complaint("C1", "2026-11-05 09:00", Some("2026-11-06 17:00"), Some("2026-11-11 23:59:59")),
            Some("1-1-101"),
            "噪音",
            true,
        ),
        with(
            complaint("C2", "2026-11-05 10:00", Some("2026-11-06 18:00"), Some("2026-11-12 00:00")),
            Some("1-1-102"),
            "收费",
            true,
        ),
        // Invalid, but counted everywhere except `valid`; a repeat of C1's unit within 90 days.
        with(
            complaint("C3", "2026-11-20 09:00", Some("2026-11-20 12:00"), Some("2026-11-21 10:00")),
            Some("1-1-101"),
            "其他",
            false,
        ),
        with(complaint("C4", "2026-11-25 09:00", None, None), None, "噪音", true),
        // Resolved after the end of November.
        with(complaint("C5", "2026-11-28 10:00", Some("2026-12-01 09:00"), None), Some("1-1-103"), "停车", true),
    ];
    let e = estate(eight_units(), Records { complaints, ..Default::default() });
    let c = compute(&e, p("2026-11")).complaints;
    assert_eq!((c.received, c.valid, c.resolved), (5, 4, 3));
    assert_eq!(c.per_100_households, Some(50.0)); // 4 × 100 / 8
    assert_eq!(c.resolution_rate, Some(3.0 / 5.0));
    assert_eq!(c.followed_up_3wd, 2); // C1, C3
    assert_eq!(c.followup_3wd_rate, Some(2.0 / 3.0));
    assert_eq!(c.by_category, counts(&[("噪音", 2), ("收费", 1), ("其他", 1), ("停车", 1)]));
    assert_eq!((c.repeat_90d, c.repeat_90d_units), (1, 1));
    // December: C5 resolved there, but it was received in November.
    let dec = compute(&e, p("2026-12")).complaints;
    assert_eq!((dec.received, dec.resolved, dec.per_100_households), (0, 0, Some(0.0)));
    assert_eq!(dec.resolution_rate, None);
    // No units at all: per_100 has no value.
    let none = estate(vec![], Records::default());
    assert_eq!(compute(&none, p("2026-11")).complaints.per_100_households, None);
}

/// Holiday blocks: 国庆 with a 调休 Saturday, 清明 without one, follow-ups on both sides.
#[test]
fn complaint_followups_around_holidays() {
    let cal = Calendar::builtin();
    // Wed 30 Sep: 1–7 Oct off; Thu 8, Fri 9, Sat 10 (调休 workday) → late from 11 Oct 00:00.
    assert_eq!(complaint_followup_deadline(&cal, dt("2026-09-30 10:00")), dt("2026-10-11 00:00"));
    // Fri 3 Apr before 清明 (4–6 Apr off): Tue 7, Wed 8, Thu 9 → late from 10 Apr 00:00.
    assert_eq!(complaint_followup_deadline(&cal, dt("2026-04-03 16:00")), dt("2026-04-10 00:00"));
    let complaints = vec![
        complaint("C6", "2026-09-29 09:00", Some("2026-09-30 10:00"), Some("2026-10-10 23:59")),
        complaint("C7", "2026-09-29 10:00", Some("2026-09-30 11:00"), Some("2026-10-11 00:00")),
        complaint("C8", "2026-04-02 09:00", Some("2026-04-03 16:00"), Some("2026-04-09 23:59:59")),
        complaint("C9", "2026-04-02 10:00", Some("2026-04-03 17:00"), Some("2026-04-10 00:00")),
    ];
    let e = estate(eight_units(), Records { complaints, ..Default::default() });
    // The follow-ups fall in October, after September ends: judged against their own deadline.
    let sep = compute(&e, p("2026-09")).complaints;
    assert_eq!((sep.resolved, sep.followed_up_3wd), (2, 1));
    assert_eq!(sep.followup_3wd_rate, Some(0.5));
    let apr = compute(&e, p("2026-04")).complaints;
    assert_eq!((apr.resolved, apr.followed_up_3wd), (2, 1));
}

/// A make-up workday from calendar.yaml shortens the deadline by a day.
#[test]
fn make_up_workday_from_calendar_yaml_shortens_the_deadline() {
    // 2030 is in no built-in table; calendar.yaml makes Saturday 2 March a workday.
    let days = YearDays { holidays: Default::default(), workdays: [d("2030-03-02")].into_iter().collect() };
    let cal = Calendar::builtin().with_years([(2030, days)].into_iter().collect());
    // Fri 1 Mar: Sat 2 (调休), Mon 4, Tue 5 → late from Wed 6 Mar, not Thu 7 Mar.
    assert_eq!(complaint_followup_deadline(&cal, dt("2030-03-01 15:00")), dt("2030-03-06 00:00"));
    assert_eq!(complaint_followup_deadline(&Calendar::builtin(), dt("2030-03-01 15:00")), dt("2030-03-07 00:00"));
    let complaints = vec![
        complaint("A", "2030-03-01 09:00", Some("2030-03-01 15:00"), Some("2030-03-05 23:59:59")),
        complaint("B", "2030-03-01 10:00", Some("2030-03-01 15:00"), Some("2030-03-06 09:00")),
    ];
    let mut e = estate(eight_units(), Records { complaints, ..Default::default() });
    e.calendar = cal;
    assert_eq!(compute(&e, p("2030-03")).complaints.followed_up_3wd, 1);
}

/// Repeats look back 90 calendar days, across periods.
#[test]
fn repeat_complaints_within_90_days() {
    let at = |id: &str, when: &str, u: &str| Complaint { unit: Some(sp(u.into())), ..complaint(id, when, None, None) };
    let complaints = vec![
        at("R1", "2026-01-01 10:00", "1-1-101"),
        at("R2", "2026-04-01 09:00", "1-1-101"), // 90 days after R1: a repeat
        at("R3", "2026-07-01 10:00", "1-1-101"), // 91 days after R2: not
        at("R4", "2026-07-02 10:00", "1-1-101"), // a repeat of R3
        at("R5", "2026-07-03 10:00", "1-1-102"), // first from its unit
    ];
    let e = estate(eight_units(), Records { complaints, ..Default::default() });
    let k = KpiIndex::new(&e);
    assert_eq!(k.compute(p("2026-04")).complaints.repeat_90d, 1);
    let jul = k.compute(p("2026-07")).complaints;
    assert_eq!((jul.repeat_90d, jul.repeat_90d_units), (1, 1));
    assert_eq!(k.compute(p("2026")).complaints.repeat_90d, 2);
}

// ---------------------------------------------------------------------------
// Fees

fn fee_estate() -> Estate {
    let bills = vec![
        bill("1-1-101", "物业费", "2026-07", "100", "0"), // A: two payments, in full
        bill("1-1-102", "物业费", "2026-07", "100", "20"), // B: owes 80, pays 50
        bill("1-1-201", "物业费", "2026-07", "100", "0"), // C: prepaid in June
        bill("1-1-202", "物业费", "2026-07", "100", "0"), // D: paid late, in August
        bill("1-1-101", "车位管理费", "2026-07", "0.30", "0"), // E: 0.10 + 0.20
        bill("1-1-301", "物业费", "2026-07", "50", "0"),  // F: overpaid 30 + 40
        bill("1-1-102", "物业费", "2026-06", "200", "0"), // G: June's bill, paid 150 + 100 later
    ];
    let payments = vec![
        pay("1-1-201", "物业费", "2026-07", "100.00", "2026-06-15"),
        pay("1-1-101", "车位管理费", "2026-07", "0.10", "2026-07-01"),
        pay("1-1-101", "车位管理费", "2026-07", "0.20", "2026-07-02"),
        pay("1-1-301", "物业费", "2026-07", "30", "2026-07-03"),
        pay("1-1-301", "物业费", "2026-07", "40", "2026-07-04"),
        pay("1-1-101", "物业费", "2026-07", "40", "2026-07-05"),
        pay("1-1-102", "物业费", "2026-07", "50", "2026-07-10"),
        pay("1-1-102", "物业费", "2026-06", "150", "2026-07-15"),
        pay("1-1-101", "物业费", "2026-07", "60", "2026-07-20"),
        pay("1-1-202", "物业费", "2026-07", "100", "2026-08-03"),
        pay("1-1-102", "物业费", "2026-06", "100", "2026-08-20"),
    ];
    estate(vec![], Records { bills, payments, ..Default::default() })
}

/// Partial, multiple, prepaid, late and over-payments, month by month and for the quarter.
#[test]
fn fees_by_hand() {
    let e = fee_estate();
    let k = KpiIndex::new(&e);

    let jun = k.compute(p("2026-06")).fees;
    assert_eq!((jun.receivable, jun.collected), (yuan("200"), Money::ZERO)); // C's prepayment is July's
    assert_eq!(jun.collection_rate, Some(0.0));
    assert_eq!((jun.arrears_at_start, jun.arrears_recovery_rate), (Money::ZERO, None));

    let jul = k.compute(p("2026-07")).fees;
    // 100 + 80 + 100 + 100 + 0.30 + 50
    assert_eq!(jul.receivable, yuan("430.30"));
    // A 100 + B 50 + C 100 (prepaid) + D 0 (late) + E 0.10+0.20 + F 50 (capped, not 70)
    assert_eq!(jul.collected, yuan("300.30"));
    assert_eq!(jul.collection_rate, Some(30030.0 / 43030.0));
    assert_eq!(jul.arrears_at_start, yuan("200")); // G
    assert_eq!(jul.arrears_collected, yuan("150")); // G's July payment
    assert_eq!(jul.arrears_recovery_rate, Some(0.75));
    // Units 101, 102, 201, 202, 301 owe; 102 (partial) and 202 (late) had not paid by 31 July.
    assert_eq!((jul.households_billed, jul.households_paid), (5, 3));
    assert_eq!(jul.household_collection_rate, Some(0.6));
    assert_eq!(jul.by_item["车位管理费"].collected, yuan("0.30"));
    assert_eq!(jul.by_item["车位管理费"].collected.plain(), "0.30");
    assert_eq!((jul.by_item["物业费"].receivable, jul.by_item["物业费"].collected), (yuan("430"), yuan("300")));

    let aug = k.compute(p("2026-08")).fees;
    assert_eq!((aug.receivable, aug.collected, aug.collection_rate), (Money::ZERO, Money::ZERO, None));
    // Owed at 1 Aug: B 30 + D 100 + G 50 (A, C, E paid; F overpaid counts 0, not −20).
    assert_eq!(aug.arrears_at_start, yuan("180"));
    // D 100 + G 100 capped at the 50 it still owed.
    assert_eq!(aug.arrears_collected, yuan("150"));
    assert_eq!(aug.arrears_recovery_rate, Some(15000.0 / 18000.0));

    let q3 = k.compute(p("2026-Q3")).fees;
    assert_eq!(q3.receivable, yuan("430.30"));
    assert_eq!(q3.collected, yuan("400.30")); // D's August payment is before the quarter's end
    assert_eq!(q3.arrears_at_start, yuan("200"));
    assert_eq!(q3.arrears_collected, yuan("200")); // G: 150 + 100 in Q3, capped at 200
    assert_eq!(q3.arrears_recovery_rate, Some(1.0));
    assert_eq!((q3.households_billed, q3.households_paid), (5, 4));

    let year = k.compute(p("2026")).fees;
    assert_eq!((year.receivable, year.collected), (yuan("630.30"), yuan("600.30")));
}

/// July cut to date: bills of July count, payments up to the end of D; the
/// arrears collected run to D by payment day (docs/kpi.md, "Periods in progress").
#[test]
fn fees_cut_to_date_by_hand() {
    let e = fee_estate();
    let k = KpiIndex::new(&e);
    let jul = k.compute_as_of(p("2026-07"), d("2026-07-12")).unwrap();
    assert!(jul.in_progress && jul.end == d("2026-07-12") && jul.as_of == Some(d("2026-07-12")));
    let f = &jul.fees;
    // A 40 (5 Jul) + B 50 (10 Jul) + C 100 (prepaid) + D 0 + E 0.30 + F 50 (capped).
    assert_eq!((f.receivable, f.collected), (yuan("430.30"), yuan("240.30")));
    assert_eq!((f.arrears_at_start, f.arrears_collected), (yuan("200"), Money::ZERO)); // G pays on 15 Jul
    assert_eq!(k.compute_as_of(p("2026-07"), d("2026-07-15")).unwrap().fees.arrears_collected, yuan("150"));
    // Q3 to 10 August: D's 3 August payment counts; G's 20 August one not yet.
    let q3 = k.compute_as_of(p("2026-Q3"), d("2026-08-10")).unwrap().fees;
    assert_eq!((q3.collected, q3.arrears_collected), (yuan("400.30"), yuan("150")));
    let q3 = k.compute_as_of(p("2026-Q3"), d("2026-08-20")).unwrap().fees;
    assert_eq!(q3.arrears_collected, yuan("200"));
    // Its last day: the whole month, unchanged and not marked.
    let whole = k.compute_as_of(p("2026-07"), d("2026-07-31")).unwrap();
    assert!(!whole.in_progress && whole.fees.collected == yuan("300.30"));
    assert!(k.compute_as_of(p("2026-08"), d("2026-07-31")).is_none());
    let v = serde_json::to_value(&jul).unwrap();
    assert_eq!(
        (v["in_progress"].clone(), v["as_of"].clone(), v["end"].clone()),
        (true.into(), "2026-07-12".into(), "2026-07-12".into())
    );
    let v = serde_json::to_value(&whole).unwrap();
    assert!(v.get("in_progress").is_none() && v.get("as_of").is_none());
}

/// Inspection days of a period to date run from its start to D inclusive.
#[test]
fn inspections_cut_to_date() {
    let inspections = vec![inspection("2026-07-01"), inspection("2026-07-02"), inspection("2026-07-20")];
    let e = estate(vec![], Records { inspections, ..Default::default() });
    let k = KpiIndex::new(&e);
    let jul = k.compute_as_of(p("2026-07"), d("2026-07-02")).unwrap().inspections;
    assert_eq!((jul.days, jul.days_inspected), (2, 2));
    let prev = k.compute_span(p("2026-08").cut(d("2026-08-02")).unwrap().previous()).inspections;
    assert_eq!((prev.days, prev.days_inspected), (2, 2));
}

/// Money is serialized as two-decimal strings, never floats.
#[test]
fn fee_json_uses_two_decimal_strings() {
    let e = fee_estate();
    let v = serde_json::to_value(compute(&e, p("2026-07"))).unwrap();
    assert_eq!(v["fees"]["receivable"], "430.30");
    assert_eq!(v["fees"]["collected"], "300.30");
    assert_eq!(v["fees"]["arrears_at_start"], "200.00");
    assert_eq!(v["fees"]["by_item"]["车位管理费"]["receivable"], "0.30");
}

/// A fully waived bill owes nothing: it adds 0 and does not make its unit 应缴户.
#[test]
fn fully_waived_bill() {
    let e = estate(
        vec![],
        Records { bills: vec![bill("1-1-101", "物业费", "2026-07", "100", "100")], ..Default::default() },
    );
    let f = compute(&e, p("2026-07")).fees;
    assert_eq!((f.receivable, f.collection_rate, f.households_billed), (Money::ZERO, None, 0));
}

// ---------------------------------------------------------------------------
// Satisfaction, visits, inspections

/// Satisfied, mean and per-line figures of September 2026.
#[test]
fn satisfaction_by_hand() {
    let surveys = vec![
        survey("2026-09-01", 5, &[("客服", 5), ("工程", 4)]),
        survey("2026-09-15", 4, &[("客服", 3)]),
        survey("2026-09-30", 3, &[("工程", 2), ("环境", 4)]),
        survey("2026-10-01", 1, &[("客服", 1)]), // October
    ];
    let mut e = estate(vec![], Records { surveys, ..Default::default() });
    let s = compute(&e, p("2026-09")).satisfaction;
    assert_eq!((s.responses, s.satisfied), (3, 2));
    assert_eq!(s.rate, Some(2.0 / 3.0));
    assert_eq!(s.mean_score, Some(4.0));
    let by_line: BTreeMap<String, f64> =
        [("客服", 4.0), ("工程", 3.0), ("环境", 4.0)].map(|(k, v)| (k.into(), v)).into();
    assert_eq!(s.by_line, by_line);
    assert_eq!((s.lines["客服"].satisfied, s.lines["客服"].responses), (1, 2));
    assert_eq!(s.lines["环境"].rate, Some(1.0));
    e.site.satisfied_min_score = 5;
    assert_eq!(compute(&e, p("2026-09")).satisfaction.satisfied, 1);
    let empty = compute(&e, p("2026-08")).satisfaction;
    assert_eq!((empty.rate, empty.mean_score, empty.by_line.len()), (None, None, 0));
}

/// Visits count year to date with today's unit status.
#[test]
fn visits_year_to_date() {
    use UnitStatus::*;
    use VisitMode::*;
    let households = vec![
        unit("101", Occupied),
        unit("102", Occupied),
        unit("201", Occupied),
        unit("202", Occupied),
        unit("301", Vacant),
        unit("302", Renovating),
    ];
    let visits = vec![
        visit("101", "2026-03-10", FaceToFace),
        visit("102", "2026-08-05", Phone),
        visit("201", "2025-12-20", FaceToFace), // last year
        visit("202", "2026-10-05", FaceToFace), // after Q3
        visit("301", "2026-02-01", Phone),
        visit("301", "2026-09-30", Phone),
        visit("302", "2026-05-01", FaceToFace),
    ];
    let e = estate(households, Records { visits, ..Default::default() });
    let k = KpiIndex::new(&e);
    let q3 = k.compute(p("2026-Q3")).visits;
    assert_eq!((q3.occupied_units, q3.visited_units, q3.coverage), (4, 2, Some(0.5)));
    assert_eq!((q3.face_to_face_units, q3.face_to_face_share), (1, Some(0.25)));
    assert_eq!((q3.unoccupied_units, q3.unoccupied_twice, q3.unoccupied_compliance), (2, 1, Some(0.5)));
    assert_eq!(q3.since, Some(d("2026-01-01")));
    let aug = k.compute(p("2026-08")).visits;
    assert_eq!((aug.visited_units, aug.face_to_face_units, aug.unoccupied_twice), (2, 1, 0));
    let q4 = k.compute(p("2026-Q4")).visits;
    assert_eq!((q4.visited_units, q4.face_to_face_units), (3, 2));
    let feb = k.compute(p("2026-02")).visits;
    assert_eq!((feb.visited_units, feb.unoccupied_twice), (0, 0));
    let dec25 = k.compute(p("2025-12")).visits;
    assert_eq!((dec25.visited_units, dec25.face_to_face_units), (1, 1));
}

/// Days with at least one inspection, over the days of the period.
#[test]
fn inspections_by_hand() {
    let inspections =
        vec![inspection("2026-07-01"), inspection("2026-07-01"), inspection("2026-07-02"), inspection("2026-08-15")];
    let e = estate(vec![], Records { inspections, ..Default::default() });
    let jul = compute(&e, p("2026-07")).inspections;
    assert_eq!((jul.days, jul.days_inspected, jul.compliance), (31, 2, Some(2.0 / 31.0)));
    let q3 = compute(&e, p("2026-Q3")).inspections;
    assert_eq!((q3.days, q3.days_inspected), (92, 3));
    let sep = compute(&e, p("2026-09")).inspections;
    assert_eq!(sep.compliance, Some(0.0)); // never null: a period has days
}

// ---------------------------------------------------------------------------
// The JSON contract, series and the table

const CONTRACT_EXAMPLE: &str = r#"{
  "period": "2026-Q3", "start": "2026-07-01", "end": "2026-09-30",
  "tickets": {"reported": 0, "completed": 0, "completion_rate": null,
              "open_at_end": 0, "median_resolution_hours": null,
              "followup_24h_rate": null, "over_threshold_unapproved": 0,
              "by_area": {}, "by_category": {}, "by_channel": {}},
  "complaints": {"received": 0, "valid": 0, "per_100_households": null,
                 "resolved": 0, "resolution_rate": null,
                 "followup_3wd_rate": null, "by_category": {}},
  "fees": {"receivable": "0.00", "collected": "0.00", "collection_rate": null,
           "arrears_at_start": "0.00", "arrears_collected": "0.00",
           "arrears_recovery_rate": null},
  "satisfaction": {"responses": 0, "satisfied": 0, "rate": null,
                   "mean_score": null, "by_line": {}},
  "visits": {"occupied_units": 0, "visited_units": 0, "coverage": null,
             "face_to_face_units": 0, "face_to_face_share": null,
             "unoccupied_units": 0, "unoccupied_twice": 0,
             "unoccupied_compliance": null},
  "inspections": {"days": 92, "days_inspected": 0, "compliance": 0.0}
}"#;

/// Every key of `expected` is in `actual` with the same value (extra keys allowed).
fn assert_contains(actual: &serde_json::Value, expected: &serde_json::Value, path: &str) {
    match (actual, expected) {
        (serde_json::Value::Object(a), serde_json::Value::Object(e)) if !e.is_empty() => {
            for (k, ev) in e {
                let av = a.get(k).unwrap_or_else(|| panic!("missing key {path}.{k}"));
                assert_contains(av, ev, &format!("{path}.{k}"));
            }
        }
        _ => assert_eq!(actual, expected, "at {path}"),
    }
}

/// An estate with no records gives the contract's example, key for key.
#[test]
fn empty_estate_matches_the_contract_example() {
    let e = estate(vec![], Records::default());
    let actual = serde_json::to_value(compute(&e, p("2026-Q3"))).unwrap();
    let expected: serde_json::Value = serde_json::from_str(CONTRACT_EXAMPLE).unwrap();
    assert_contains(&actual, &expected, "");
    // The contract's keys come first, in its order, in every object.
    let text = serde_json::to_string(&compute(&e, p("2026-Q3"))).unwrap();
    let order = ["\"period\"", "\"start\"", "\"end\"", "\"tickets\"", "\"complaints\"", "\"fees\"", "\"satisfaction\""];
    let at: Vec<usize> = order.iter().map(|k| text.find(k).unwrap()).collect();
    assert!(at.windows(2).all(|w| w[0] < w[1]), "{text}");
}

/// The series API gives the same figures as computing each month alone.
#[test]
fn monthly_series_equals_single_periods() {
    let e = fee_estate();
    let series = monthly(&e, m("2026-05"), m("2026-09"));
    assert_eq!(series.len(), 5);
    for k in &series {
        let alone = compute(&e, k.period);
        assert_eq!(serde_json::to_value(k).unwrap(), serde_json::to_value(alone).unwrap());
    }
    let idx = KpiIndex::new(&e);
    assert_eq!(idx.trailing_months(m("2026-09"), 12).len(), 12);
    assert_eq!(idx.trailing_months(m("2026-09"), 12)[0].period, p("2025-10"));
    assert_eq!(idx.quarterly(Quarter { year: 2025, q: 4 }, Quarter { year: 2026, q: 3 }).len(), 4);
    assert_eq!(idx.months(), &[m("2026-06"), m("2026-07"), m("2026-08")]);
    assert_eq!(idx.quarters(), vec![Quarter { year: 2026, q: 2 }, Quarter { year: 2026, q: 3 }]);
}

/// The table rounds from the integers, shows targets and marks misses, and "—" for null.
#[test]
fn table_shows_targets_and_marks() {
    let e = ticket_estate();
    let out = table::render(&compute(&e, p("2026-07")), &e.site);
    let line = |label: &str| out.lines().find(|l| l.trim_start().starts_with(label)).unwrap().to_string();
    assert!(line("报事完成率").contains("66.7%（4/6）"), "{out}");
    assert!(line("报事完成率").contains("目标 98.0%"), "{out}");
    assert!(line("报事完成率").ends_with(table::MISSED), "{out}");
    assert!(line("处理时长中位数").contains("2.5 小时"), "{out}");
    assert!(line("投诉处理完成率").contains(DASH), "{out}");
    assert!(line("清欠率").contains(DASH) && !line("清欠率").contains(table::MISSED), "{out}");
    assert!(line("按区域").contains("公区 3 · 户内 3"), "{out}");
    assert!(out.starts_with("物业服务中心 · 2026年7月（2026-07-01 至 2026-07-31）"), "{out}");
}

// ---------------------------------------------------------------------------
// Property tests

mod props {
    use proptest::prelude::*;

    use super::*;

    const UNITS: [&str; 6] = ["1-1-101", "1-1-102", "1-2-201", "1-2-202", "2-1-101", "2-1-102"];
    const ITEMS: [&str; 2] = ["物业费", "车位管理费"];
    const CATS: [&str; 3] = ["水电", "电梯", "其他"];
    const CHANNELS: [&str; 3] = ["电话", "微信", "APP"];

    /// Records from October 2025 to December 2026, so arrears and open tickets cross into 2026.
    fn day(offset: u32) -> NaiveDate {
        d("2025-10-01") + chrono::TimeDelta::days(i64::from(offset))
    }
    fn at(offset_min: u32) -> NaiveDateTime {
        dt("2025-10-01 00:00") + chrono::TimeDelta::minutes(i64::from(offset_min))
    }
    const SPAN_DAYS: u32 = 457;
    const SPAN_MIN: u32 = SPAN_DAYS * 24 * 60;

    fn arb_estate() -> impl Strategy<Value = Estate> {
        let households = proptest::collection::vec(0u8..3, 0..=6);
        let tickets = proptest::collection::vec(
            (
                0..SPAN_MIN,
                proptest::option::of(0u32..4000),
                proptest::option::of(0u32..3000),
                any::<bool>(),
                0usize..3,
                0usize..3,
                proptest::option::of(0i64..40000),
                any::<bool>(),
            ),
            0..25,
        );
        let complaints = proptest::collection::vec(
            (
                0..SPAN_MIN,
                proptest::option::of(0u32..9000),
                proptest::option::of(0u32..12000),
                any::<bool>(),
                proptest::option::of(0usize..6),
                0usize..3,
            ),
            0..20,
        );
        let surveys = proptest::collection::vec((0..SPAN_DAYS, 1u8..=5, proptest::option::of(1u8..=5)), 0..20);
        let bills = proptest::collection::vec((0usize..6, 0usize..2, 0u32..15, 1i64..50000, 0i64..3), 0..20);
        let payments = proptest::collection::vec((0usize..20, 1i64..40000, 0..SPAN_DAYS), 0..30);
        let visits = proptest::collection::vec((0usize..6, 0..SPAN_DAYS, any::<bool>()), 0..20);
        let inspections = proptest::collection::vec(0..SPAN_DAYS, 0..40);
        (households, tickets, complaints, surveys, (bills, payments), visits, inspections).prop_map(
            |(hh, tickets, complaints, surveys, (bills, payments), visits, inspections)| {
                let status = [UnitStatus::Occupied, UnitStatus::Vacant, UnitStatus::Renovating];
                let households: Vec<Household> =
                    hh.iter().enumerate().map(|(i, s)| unit(UNITS[i], status[*s as usize])).collect();
                let tickets = arb_tickets(tickets);
                let complaints = arb_complaints(complaints);
                let surveys = arb_surveys(surveys);
                let (bills, payments) = arb_fees(bills, payments);
                let visits = visits
                    .into_iter()
                    .filter(|(u, _, _)| *u < households.len())
                    .map(|(u, o, f2f)| {
                        let mode = if f2f { VisitMode::FaceToFace } else { VisitMode::Phone };
                        Visit { date: day(o), ..visit(UNITS[u], "2026-01-01", mode) }
                    })
                    .collect();
                let inspections =
                    inspections.into_iter().map(|o| Inspection { date: day(o), ..inspection("2026-01-01") }).collect();
                estate(
                    households,
                    Records {
                        tickets,
                        complaints,
                        surveys,
                        bills,
                        payments,
                        visits,
                        inspections,
                        ..Default::default()
                    },
                )
            },
        )
    }

    // What the strategy draws for one record, turned into records by the
    // `arb_*` builders below.
    /// Reported (minutes into the span), minutes to completion, minutes to
    /// follow-up, public area, category, channel, cost, approved.
    type RawTicket = (u32, Option<u32>, Option<u32>, bool, usize, usize, Option<i64>, bool);
    /// Received, minutes to resolution, minutes to follow-up, valid, unit, category.
    type RawComplaint = (u32, Option<u32>, Option<u32>, bool, Option<usize>, usize);
    /// Unit, item, month offset, amount, waived (none, half, all).
    type RawBill = (usize, usize, u32, i64, i64);

    fn arb_tickets(tickets: Vec<RawTicket>) -> Vec<Ticket> {
        tickets
            .into_iter()
            .enumerate()
            .map(|(i, (r, c, f, public, cat, ch, cost, approved))| {
                let reported = at(r);
                let completed = c.map(|c| reported + chrono::TimeDelta::minutes(i64::from(c)));
                Ticket {
                    area: if public { Area::Public } else { Area::Indoor },
                    category: CATS[cat].into(),
                    channel: CHANNELS[ch].into(),
                    reported_at: reported,
                    completed_at: completed,
                    followup: completed.zip(f).map(|(c, f)| Followup {
                        at: c + chrono::TimeDelta::minutes(i64::from(f)),
                        ..followup("2026-01-01 00:00")
                    }),
                    cost: cost.map(|c| Money(c.into()).into()),
                    approved_by: approved.then(|| "经理".into()),
                    ..ticket(&format!("T{i}"), "2026-01-01 00:00", None, None)
                }
            })
            .collect()
    }

    fn arb_complaints(complaints: Vec<RawComplaint>) -> Vec<Complaint> {
        complaints
            .into_iter()
            .enumerate()
            .map(|(i, (r, res, f, valid, u, cat))| {
                let received = at(r);
                let resolved = res.map(|c| received + chrono::TimeDelta::minutes(i64::from(c)));
                Complaint {
                    received_at: received,
                    resolved_at: resolved,
                    followup: resolved.zip(f).map(|(c, f)| Followup {
                        at: c + chrono::TimeDelta::minutes(i64::from(f)),
                        ..followup("2026-01-01 00:00")
                    }),
                    valid,
                    unit: u.map(|u| sp(UNITS[u].to_string())),
                    category: CATS[cat].into(),
                    ..complaint(&format!("C{i}"), "2026-01-01 00:00", None, None)
                }
            })
            .collect()
    }

    fn arb_surveys(surveys: Vec<(u32, u8, Option<u8>)>) -> Vec<Survey> {
        surveys
            .into_iter()
            .map(|(o, overall, line)| {
                let mut s = survey("2026-01-01", overall, &[]);
                s.date = day(o);
                if let Some(l) = line {
                    s.scores.insert("客服".into(), l);
                }
                s
            })
            .collect()
    }

    /// Bills unique by (unit, item, period); each payment pays one of them.
    fn arb_fees(bills: Vec<RawBill>, payments: Vec<(usize, i64, u32)>) -> (Vec<Bill>, Vec<Payment>) {
        let mut seen = std::collections::HashSet::new();
        let bills: Vec<Bill> = bills
            .into_iter()
            .filter(|(u, it, mo, _, _)| seen.insert((*u, *it, *mo)))
            .map(|(u, it, mo, amount, w)| {
                let period = Month::from_index(m("2025-10").index() + mo as i32);
                // waived: none, half, or all of the amount
                let waived = [0, amount / 2, amount][w as usize];
                Bill {
                    unit: sp(UNITS[u].into()),
                    item: ITEMS[it].into(),
                    period,
                    amount: Money(amount.into()).into(),
                    waived: Money(waived.into()).into(),
                    src: Src::default(),
                }
            })
            .collect();
        let payments = payments
            .into_iter()
            .filter_map(|(b, amount, o)| {
                let b = bills.get(b)?;
                Some(Payment {
                    unit: b.unit.clone(),
                    item: b.item.clone(),
                    period: b.period,
                    amount: Money(amount.into()).into(),
                    date: day(o),
                    method: None,
                    src: Src::default(),
                })
            })
            .collect();
        (bills, payments)
    }

    fn periods() -> Vec<Period> {
        let mut v: Vec<Period> = (0..15).map(|i| Period::Month(Month::from_index(m("2025-10").index() + i))).collect();
        v.extend(["2025-Q4", "2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4", "2025", "2026"].map(p));
        v
    }

    fn all_rates(k: &PeriodKpi) -> Vec<Option<f64>> {
        let mut v = vec![
            k.tickets.completion_rate,
            k.tickets.followup_24h_rate,
            k.complaints.resolution_rate,
            k.complaints.followup_3wd_rate,
            k.fees.collection_rate,
            k.fees.arrears_recovery_rate,
            k.fees.household_collection_rate,
            k.satisfaction.rate,
            k.visits.coverage,
            k.visits.face_to_face_share,
            k.visits.unoccupied_compliance,
            k.inspections.compliance,
        ];
        v.extend(k.fees.by_item.values().map(|i| i.collection_rate));
        v.extend(k.satisfaction.lines.values().map(|l| l.rate));
        v
    }

    /// The fee figures straight from the contract's words, one bill at a time.
    fn naive_fees(e: &Estate, period: Period) -> (Money, Money, Money, Money) {
        let (start, end) = (period.start(), period.end());
        let paid = |b: &Bill, from: NaiveDate, to: NaiveDate| -> i128 {
            e.records
                .payments
                .iter()
                .filter(|p| p.unit.value == b.unit.value && p.item == b.item && p.period == b.period)
                .filter(|p| p.date >= from && p.date < to)
                .map(|p| p.amount.money().0)
                .sum()
        };
        let epoch = d("1900-01-01");
        let (mut collected, mut arrears, mut recovered) = (0, 0, 0);
        for b in &e.records.bills {
            let owed = b.owed().0;
            let first = b.period.first_day();
            if first >= start && first < end {
                collected += paid(b, epoch, end).min(owed);
            }
            if first < start {
                let left = (owed - paid(b, epoch, start)).max(0);
                arrears += left;
                recovered += paid(b, start, end).min(left);
            }
        }
        let receivable = e.records.bills.iter().filter(|b| period.months().contains(&b.period)).map(Bill::owed).sum();
        (receivable, Money(collected), Money(arrears), Money(recovered))
    }

    /// Every figure a cut changes, straight from the contract's words for the
    /// span [start, end): records before `end`, bills of months begun by its
    /// last day, payments before `end`, visits from 1 January to `end`.
    fn naive_span(e: &Estate, s: Span) -> Vec<i128> {
        let (start, end) = (s.start, s.end);
        let (t0, t1) = (start.and_time(chrono::NaiveTime::MIN), end.and_time(chrono::NaiveTime::MIN));
        let paid = |b: &Bill, from: NaiveDate, to: NaiveDate| -> i128 {
            e.records
                .payments
                .iter()
                .filter(|p| p.unit.value == b.unit.value && p.item == b.item && p.period == b.period)
                .filter(|p| p.date >= from && p.date < to)
                .map(|p| p.amount.money().0)
                .sum()
        };
        let epoch = d("1900-01-01");
        let (mut receivable, mut collected, mut arrears, mut recovered) = (0, 0, 0, 0);
        for b in &e.records.bills {
            let (owed, first) = (b.owed().0, b.period.first_day());
            if first >= start && first < end {
                receivable += owed;
                collected += paid(b, epoch, end).min(owed);
            }
            if first < start {
                let left = (owed - paid(b, epoch, start)).max(0);
                arrears += left;
                recovered += paid(b, start, end).min(left);
            }
        }
        let tickets: Vec<&Ticket> =
            e.records.tickets.iter().filter(|t| t.reported_at >= t0 && t.reported_at < t1).collect();
        let completed = tickets.iter().filter(|t| t.completed_at.is_some_and(|c| c < t1)).count();
        let open =
            e.records.tickets.iter().filter(|t| t.reported_at < t1 && t.completed_at.is_none_or(|c| c >= t1)).count();
        let received = e.records.complaints.iter().filter(|c| c.received_at >= t0 && c.received_at < t1).count();
        let responses = e.records.surveys.iter().filter(|x| x.date >= start && x.date < end).count();
        let days: BTreeSet<NaiveDate> =
            e.records.inspections.iter().map(|i| i.date).filter(|x| *x >= start && *x < end).collect();
        let since = NaiveDate::from_ymd_opt(s.last_day().year(), 1, 1).unwrap();
        let visited: BTreeSet<&str> = e
            .records
            .visits
            .iter()
            .filter(|v| v.date >= since && v.date < end)
            .map(|v| v.unit.value.as_str())
            .collect();
        let occupied_visited = e
            .households
            .iter()
            .filter(|h| h.status == UnitStatus::Occupied && visited.contains(h.unit.as_str()))
            .count();
        [receivable, collected, arrears, recovered]
            .into_iter()
            .chain(
                [tickets.len(), completed, open, received, responses, days.len(), occupied_visited].map(|n| n as i128),
            )
            .chain([i128::from((end - start).num_days())])
            .collect()
    }

    fn figures(k: &PeriodKpi) -> Vec<i128> {
        vec![
            k.fees.receivable.0,
            k.fees.collected.0,
            k.fees.arrears_at_start.0,
            k.fees.arrears_collected.0,
            k.tickets.reported as i128,
            k.tickets.completed as i128,
            k.tickets.open_at_end as i128,
            k.complaints.received as i128,
            k.satisfaction.responses as i128,
            k.inspections.days_inspected as i128,
            k.visits.visited_units as i128,
            k.inspections.days as i128,
        ]
    }

    proptest! {
        /// A period cut to any day inside it, and the previous period cut to
        /// the same days (上期同期), equal the contract read literally.
        #[test]
        fn cut_to_date_agrees_with_the_contract_read_literally(e in arb_estate(), offset in 0..SPAN_DAYS) {
            let idx = KpiIndex::new(&e);
            let day = day(offset);
            let m = Month::of(day);
            for period in [Period::Month(m), Period::Quarter(Quarter::of(m)), Period::Year(m.year)] {
                let s = period.cut(day).expect("begun");
                prop_assert_eq!(s.in_progress(), day < period.last_day());
                let k = idx.compute_span(s);
                prop_assert_eq!(figures(&k), naive_span(&e, s), "{} as of {}", period, day);
                let p = s.previous();
                prop_assert_eq!(figures(&idx.compute_span(p)), naive_span(&e, p), "{} before {}", period, day);
            }
        }

        /// Every rate is in [0, 1] or null; collected never exceeds what was paid or owed.
        #[test]
        fn rates_are_shares_and_collection_is_bounded(e in arb_estate()) {
            let idx = KpiIndex::new(&e);
            let all_paid: Money = e.records.payments.iter().map(|p| p.amount.money()).sum();
            for period in periods() {
                let k = idx.compute(period);
                for r in all_rates(&k) {
                    prop_assert!(r.is_none_or(|r| (0.0..=1.0).contains(&r)), "{period}: {r:?}");
                }
                prop_assert!(k.fees.collected <= all_paid);
                prop_assert!(k.fees.collected <= k.fees.receivable);
                prop_assert!(k.fees.arrears_collected <= k.fees.arrears_at_start);
                prop_assert!(k.fees.households_paid <= k.fees.households_billed);
                prop_assert!(k.tickets.completed <= k.tickets.reported);
                prop_assert!(k.complaints.valid <= k.complaints.received);
            }
        }

        /// The additive figures of a quarter's three months add up to the quarter's.
        #[test]
        fn months_add_up_to_their_quarter(e in arb_estate()) {
            let idx = KpiIndex::new(&e);
            for q in ["2025-Q4", "2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"] {
                let quarter = idx.compute(p(q));
                let months: Vec<PeriodKpi> = p(q).months().into_iter().map(|mo| idx.compute(Period::Month(mo))).collect();
                let sum = |f: &dyn Fn(&PeriodKpi) -> u64| months.iter().map(f).sum::<u64>();
                prop_assert_eq!(sum(&|k| k.tickets.reported), quarter.tickets.reported);
                prop_assert_eq!(sum(&|k| k.complaints.received), quarter.complaints.received);
                prop_assert_eq!(sum(&|k| k.complaints.valid), quarter.complaints.valid);
                prop_assert_eq!(sum(&|k| k.satisfaction.responses), quarter.satisfaction.responses);
                prop_assert_eq!(sum(&|k| k.satisfaction.satisfied), quarter.satisfaction.satisfied);
                prop_assert_eq!(sum(&|k| k.inspections.days), quarter.inspections.days);
                prop_assert_eq!(sum(&|k| k.inspections.days_inspected), quarter.inspections.days_inspected);
                let receivable: Money = months.iter().map(|k| k.fees.receivable).sum();
                prop_assert_eq!(receivable, quarter.fees.receivable);
                let merge = |f: &dyn Fn(&PeriodKpi) -> &BTreeMap<String, u64>| {
                    let mut out: BTreeMap<String, u64> = BTreeMap::new();
                    for k in &months {
                        for (key, v) in f(k) {
                            *out.entry(key.clone()).or_default() += v;
                        }
                    }
                    out
                };
                prop_assert_eq!(&merge(&|k| &k.tickets.by_area), &quarter.tickets.by_area);
                prop_assert_eq!(&merge(&|k| &k.tickets.by_category), &quarter.tickets.by_category);
                prop_assert_eq!(&merge(&|k| &k.tickets.by_channel), &quarter.tickets.by_channel);
                prop_assert_eq!(&merge(&|k| &k.complaints.by_category), &quarter.complaints.by_category);
            }
        }

        /// The index's precomputed fees and open tickets equal the contract applied record by record.
        #[test]
        fn index_agrees_with_the_contract_read_literally(e in arb_estate()) {
            let idx = KpiIndex::new(&e);
            for period in periods() {
                let k = idx.compute(period);
                let (receivable, collected, arrears, recovered) = naive_fees(&e, period);
                prop_assert_eq!(k.fees.receivable, receivable, "{}", period);
                prop_assert_eq!(k.fees.collected, collected, "{}", period);
                prop_assert_eq!(k.fees.arrears_at_start, arrears, "{}", period);
                prop_assert_eq!(k.fees.arrears_collected, recovered, "{}", period);
                let end = period.end().and_time(chrono::NaiveTime::MIN);
                let open = e.records.tickets.iter()
                    .filter(|t| t.reported_at < end && t.completed_at.is_none_or(|c| c >= end))
                    .count() as u64;
                prop_assert_eq!(k.tickets.open_at_end, open, "{}", period);
                let since = NaiveDate::from_ymd_opt(period.last_day().year(), 1, 1).unwrap();
                let ytd = |u: &str| e.records.visits.iter()
                    .filter(|v| v.unit.value == u && v.date >= since && v.date < period.end())
                    .collect::<Vec<_>>();
                let visited = e.households.iter()
                    .filter(|h| h.status == UnitStatus::Occupied && !ytd(&h.unit).is_empty())
                    .count() as u64;
                let twice = e.households.iter()
                    .filter(|h| h.status != UnitStatus::Occupied && ytd(&h.unit).len() >= 2)
                    .count() as u64;
                prop_assert_eq!(k.visits.visited_units, visited, "{}", period);
                prop_assert_eq!(k.visits.unoccupied_twice, twice, "{}", period);
            }
        }
    }
}
