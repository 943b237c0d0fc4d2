//! One month's records: tickets (from templates), complaints, visits,
//! surveys, inspections, lost-and-found and the meetings that analyse them.

use chrono::{Datelike, Weekday};

use super::estate::{Estate, Status};
use super::rng::{Rng, T_COMPLAINTS, T_INSPECT, T_LOST, T_MEET, T_PERSON, T_SURVEYS, T_TICKETS, T_VISITS, key};
use super::time::{DAY, Month, date_of, office};
use super::words::{
    COMPLAINT_CHANNEL_WEIGHTS, COMPLAINT_CHANNELS, COMPLAINTS, LOST_ITEMS, LOST_PLACES, MEETING_FOCUS, SURVEY_COMMENTS,
    VISIT_NOTES, VISIT_NOTES_EMPTY,
};

/// A ticket template: category, 户内?, speed (0 hours, 1 a day or so, 2 days), weight, found on patrol?, text.
/// `%` in the text stands for an entrance such as `3栋2单元`.
#[derive(Debug)]
pub(super) struct Tpl {
    pub(super) cat: &'static str,
    pub(super) indoor: bool,
    speed: u8,
    pub(super) weight: u32,
    patrol: bool,
    pub(super) text: &'static str,
}

pub(super) const fn t(
    cat: &'static str,
    indoor: bool,
    speed: u8,
    weight: u32,
    patrol: bool,
    text: &'static str,
) -> Tpl {
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

pub(super) fn weights(tpls: &[&Tpl]) -> Vec<u32> {
    tpls.iter().map(|t| t.weight).collect()
}

pub(super) fn department(cat: &str) -> &'static str {
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

pub(super) const CS_STAFF: [&str; 4] = ["客服 李敏", "客服 王芳", "客服 陈静", "客服 刘洋"];
pub(super) const MANAGER: &str = "项目经理 周建华";
pub(super) const SERVICE_MANAGER: &str = "物业服务部经理 孙丽娟";
pub(super) const RESULTS: [&str; 3] = ["满意", "基本满意", "不满意"];

/// A follow-up: time, staff index, result index.
#[derive(Clone, Copy, Debug)]
pub(super) struct Follow {
    pub(super) at: i64,
    pub(super) by: usize,
    pub(super) result: usize,
}

#[derive(Debug)]
pub(super) struct Ticket {
    pub(super) id: String,
    pub(super) at: i64,
    pub(super) entered: Option<i64>,
    pub(super) channel: &'static str,
    pub(super) tpl: &'static Tpl,
    pub(super) unit: Option<u32>,
    pub(super) reporter: Option<u64>,
    pub(super) phone: bool,
    pub(super) desc: String,
    pub(super) done: Option<i64>,
    pub(super) cost: Option<i64>,
    pub(super) approved: bool,
    pub(super) followup: Option<Follow>,
}

#[derive(Debug)]
pub(super) struct Complaint {
    pub(super) id: String,
    pub(super) at: i64,
    pub(super) channel: &'static str,
    pub(super) cat: &'static str,
    pub(super) dept: &'static str,
    pub(super) text: &'static str,
    pub(super) unit: Option<u32>,
    pub(super) complainant: Option<u64>,
    pub(super) phone: bool,
    pub(super) valid: bool,
    pub(super) done: Option<i64>,
    pub(super) followup: Option<Follow>,
}

#[derive(Debug)]
pub(super) struct Visit {
    pub(super) unit: u32,
    pub(super) day: i64,
    pub(super) face: bool,
    pub(super) by: usize,
    pub(super) notes: Option<&'static str>,
}

#[derive(Debug)]
pub(super) struct Survey {
    pub(super) unit: Option<u32>,
    pub(super) day: i64,
    pub(super) overall: u8,
    pub(super) scores: Option<[u8; 4]>,
    pub(super) comment: Option<&'static str>,
}

#[derive(Debug)]
pub(super) struct Inspection {
    pub(super) day: i64,
    pub(super) by: &'static str,
    pub(super) areas: &'static [&'static str],
    pub(super) findings: u32,
    pub(super) tickets: Vec<String>,
}

#[derive(Debug)]
pub(super) struct Lost {
    pub(super) id: String,
    pub(super) day: i64,
    pub(super) place: String,
    pub(super) item: &'static str,
    pub(super) valuable: bool,
    pub(super) claimed: Option<(i64, u64, bool)>,
}

#[derive(Debug)]
pub(super) struct Meeting {
    pub(super) day: i64,
    pub(super) kind: &'static str,
    /// The month it analyses, `(year, month)`, when not the month of `day`.
    pub(super) about: Option<(i32, u32)>,
    pub(super) chair: &'static str,
    pub(super) notes: String,
}

/// Everything recorded in one month (except fees, which run across months).
pub(super) struct MonthData {
    pub(super) tickets: Vec<Ticket>,
    pub(super) complaints: Vec<Complaint>,
    pub(super) visits: Vec<Visit>,
    pub(super) surveys: Vec<Survey>,
    pub(super) inspections: Vec<Inspection>,
    pub(super) lost: Vec<Lost>,
    pub(super) meetings: Vec<Meeting>,
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
    pub(super) fn month(&self, mon: &Month) -> MonthData {
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

    pub(super) fn tickets(&self, mon: &Month, inspections: &[Inspection]) -> Vec<Ticket> {
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

    pub(super) fn ticket(&self, r: &mut Rng, at: i64, channel: &'static str, tpl: &'static Tpl) -> Ticket {
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

    pub(super) fn complaints(&self, mon: &Month) -> Vec<Complaint> {
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

    /// Occupied units are visited once a year, other units twice (six months apart).
    pub(super) fn visits(&self, mon: &Month) -> Vec<Visit> {
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

    /// A batch of about 5% of occupied units in the last month of each quarter.
    pub(super) fn surveys(&self, mon: &Month) -> Vec<Survey> {
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

    pub(super) fn lost(&self, mon: &Month) -> Vec<Lost> {
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
    pub(super) fn meetings(&self, mon: &Month, tickets: &[Ticket], complaints: &[Complaint]) -> Vec<Meeting> {
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
