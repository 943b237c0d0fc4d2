//! Word lists, and the people drawn from them: names, polite forms of
//! address and mobile numbers, each from a key so the same key gives the
//! same person in every file.

use std::fmt::{self, Display};

use crate::yaml::emit::{Scalar, Style};

use super::rng::Rng;

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
pub(super) const COMPLAINTS: &[(&str, &str, &str, u32)] = &[
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

pub(super) const COMPLAINT_CHANNELS: [&str; 8] =
    ["电话", "前台", "微信", "12345热线", "网络平台", "来访", "业委会", "APP"];
pub(super) const COMPLAINT_CHANNEL_WEIGHTS: [u32; 8] = [35, 20, 15, 8, 8, 8, 3, 3];

pub(super) const VISIT_NOTES: &[&str] = &[
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

pub(super) const VISIT_NOTES_EMPTY: &[&str] = &[
    "房屋暂未入住，已提醒定期开窗通风",
    "装修进行中，已提醒遵守装修施工时间",
    "业主计划年底入住，询问装修申请流程",
    "已检查户内水电总闸处于关闭状态",
];

pub(super) const SURVEY_COMMENTS: &[&str] = &[
    "保安服务热情",
    "希望加强地库保洁",
    "维修师傅很专业",
    "绿化养护不错",
    "希望物业费收支更透明",
    "电梯维保要加强",
    "客服回访及时",
    "夜间巡逻可以再多一些",
];

pub(super) const LOST_ITEMS: &[(&str, bool)] = &[
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

pub(super) const LOST_PLACES: &[&str] =
    &["地下车库", "儿童游乐区", "中心花园长椅", "小区南门岗亭", "健身步道", "会所门口", "快递柜旁"];

pub(super) const MEETING_FOCUS: &[&str] = &[
    "未完报事清理和回访",
    "物业费催缴和清欠",
    "业主访谈进度",
    "园区巡查问题整改",
    "装修管理和垃圾清运",
    "消防通道和电动车充电检查",
];

/// A personal name drawn from a key.
#[derive(Clone, Copy)]
pub(super) struct Name(pub(super) u64);

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
pub(super) struct Polite(pub(super) u64);

impl Display for Polite {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut r = Rng(self.0);
        f.write_str(r.pick::<&str>(SURNAMES))?;
        f.write_str(if r.chance(5000) { "先生" } else { "女士" })
    }
}

/// An 11-digit mobile number drawn from a key, quoted for YAML.
#[derive(Clone, Copy)]
pub(super) struct Phone(pub(super) u64);

impl Display for Phone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut r = Rng(self.0 ^ 0x0050_484f_4e45);
        let prefix = r.pick(PHONE_PREFIXES);
        let number = format!("{prefix}{:08}", r.below(100_000_000));
        Scalar(&number, Style::Quoted).fmt(f)
    }
}
