//! Synthetic notices (`notices/gen-NNNNN.md`) for benchmarks: ten kinds of
//! notice spread evenly over the demo's months.

use std::fmt::Write as _;

use chrono::Datelike;

use super::estate::Estate;
use super::rng::{Rng, T_NOTICE};
use super::time::{Ymd, date_of};
use super::write::text;

impl Estate {
    /// Synthetic notice `k` of `n`, dated evenly across the demo's months.
    pub(super) fn synthetic_notice(&self, k: u32, n: u32) -> String {
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
        out!(s, "title: {}", text(&title));
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
