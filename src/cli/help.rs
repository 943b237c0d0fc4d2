//! `wuye --help` in the estate's language. The commands' doc comments are
//! the English help (clap reads them); for a Chinese estate (or none), the
//! same command tree is given the Chinese texts below before it parses, so
//! `wuye --help`, `wuye import -h` and `wuye help pdf` speak to the clerk as
//! the slips in [`super::slips`] do.
//!
//! clap's own words are replaced too: the headings (命令, 选项, 参数, 用法),
//! the help and version flags, the `help` command, and the default and
//! accepted values, which are written into each option's text here instead
//! of clap's `[default: …]` and `[possible values: …]`. A test checks that
//! every command and option has its Chinese text, so a new option without
//! one fails `cargo test`, not a clerk.

use clap::builder::PossibleValuesParser;
use clap::{Arg, ArgAction, Command};

use crate::i18n::Lang;

/// Each command: (name, what it does, more). `--help` (and `wuye help
/// COMMAND`) shows `more` under the first line, then the example of the
/// command's doc comment (a command line, the same in both languages).
const COMMANDS: &[(&str, &str, &str)] = &[
    ("check", "检查全部内容文件，列出每一个问题", "每个问题都写明 文件:行:列 和改法。"),
    ("new", "新建一个小区：content/ 里每种文件各有一个示例，另有 .gitignore 和给服务中心同事看的 README", ""),
    ("demo", "生成一个固定的演示小区（用来试用 wuye 和做基准测试）", ""),
    (
        "import",
        "把表格导出（xlsx 或 CSV）导入某个月的记录",
        "每一行都按 wuye check 的规则检查；有错的行报告为 文件:行:列，并且什么也不写入。\n\
         月份里已有的记录：完全相同就跳过，不同就报告为冲突（加 --update 则把改动的字段写进去）。",
    ),
    (
        "serve",
        "预览网站，保存文件后页面自动刷新；只在内存里生成，不动 output/",
        "公开网站在 http://127.0.0.1:8686/，内部网站在 /_internal/ 下。",
    ),
    ("completions", "打印命令行补全脚本", ""),
    (
        "build",
        "生成公开网站（OUTPUT/public）和内部网站（OUTPUT/internal）",
        "生成失败（记录有错、模板出错、公开页面上有个人信息）时列出每一个问题，退出码为 1，上一次的输出原样保留。",
    ),
    (
        "schema",
        "为每种内容文件写出 JSON Schema（draft 2020-12），带上本小区的分类",
        "给编辑器用：VS Code 装上 YAML 扩展后，会补全字段名、标出不认识的分类（wuye new 已在 .vscode/settings.json 里关联好）。\n\
         改了 site.yaml 里的分类后，请再运行一次。",
    ),
    (
        "pdf",
        "用 Chrome、Edge 或 Chromium 把某月的会议材料或某季度的服务公报打印成 PDF",
        "月份（2026-10）：内部月度分析和当年的工作标准表（内部资料）。季度（2026-Q3）：公开的服务公报。\n\
         A4 纸，有页码和书签。浏览器：--browser，否则 WUYE_BROWSER，否则在 PATH 和 Edge、Chrome 的常见安装位置里找。",
    ),
    ("kpi", "打印某个期间的 KPI（这个期间的每条记录都算，不管 --date 是哪天）", ""),
    (
        "figures",
        "把 --date 之前已经开始的每个月和每个季度写成一个 JSON 文件，交给总部（格式 wuye.figures/1）",
        "每个期间都与 wuye kpi --period 期间 --format json 打印的完全相同。",
    ),
    ("portfolio", "生成公司网站，汇总多个小区（content 文件夹或 figures 文件）", ""),
];

/// Each option or argument: (command, id, value name, text). The command
/// `*` is any command whose own entry is missing (the shared options).
const ARGS: &[(&str, &str, &str, &str)] = &[
    (
        "*",
        "message_format",
        "格式",
        "问题的打印方式：human 带源码片段和改法；short 每个问题一行，带稳定代码（给编辑器和 CI 用）",
    ),
    ("*", "quiet", "", "只打印问题"),
    ("*", "verbose", "", "打印每个阶段的用时"),
    ("*", "content", "目录", "内容文件夹"),
    (
        "*",
        "date",
        "日期",
        "以哪一天为准（YYYY-MM-DD）：决定哪些公告已发布、哪些月份和季度还没结束；不写就用 site.yaml 的 as_of，没有 as_of 就用 SOURCE_DATE_EPOCH，再没有就是今天",
    ),
    ("portfolio", "date", "日期", "以哪一天为准（YYYY-MM-DD）；不写就用 SOURCE_DATE_EPOCH，再没有就是今天"),
    ("*", "cache_dir", "目录", "解析缓存放在哪里（在内容文件夹旁边，不能在它里面）"),
    ("*", "no_cache", "", "不用缓存，每个文件都重新解析"),
    ("*", "force", "", "接管一个不是 wuye 建的、不是空的输出文件夹"),
    ("check", "strict", "", "警告也当作错误（给记录仓库的 CI 用）"),
    ("new", "dir", "文件夹", "要新建的文件夹（也可以是一个空文件夹）"),
    ("new", "date", "日期", "示例记录用的日期（YYYY-MM-DD）；不写就是今天"),
    ("demo", "out", "文件夹", "要写入的内容文件夹"),
    ("demo", "units", "户数", "户数"),
    ("demo", "months", "月数", "记录的月数，到 --last-month 为止"),
    ("demo", "seed", "种子", "随机种子（种子相同，文件就相同）"),
    ("demo", "last_month", "月份", "有记录的最后一个月（YYYY-MM）"),
    ("demo", "notices", "条数", "另外生成的公告条数"),
    ("import", "kind", "类型", "表格里是什么：tickets（报事）、complaints（投诉）或 fees（应收、实收）"),
    ("import", "file", "表格", "表格文件：.xlsx（也可以是 .xls、.ods）或 .csv（UTF-8 或 GB18030 编码）"),
    ("import", "month", "月份", "记录放进哪个月的文件夹（YYYY-MM）；每一行都必须属于这个月"),
    ("import", "map", "文件", "列名对照文件（YAML：columns: {报事单号: id, …}），表头名称不同时用"),
    ("import", "sheet", "工作表", "要读的工作表（不写就读第一个）"),
    (
        "import",
        "update",
        "",
        "导入一份更新的导出：月文件里已有、字段有变化的记录就地更新（只改变化的那几行），每一处改动都会打印出来",
    ),
    ("import", "include_hidden", "", "也导入 Excel 里隐藏的行（默认跳过并给出警告：隐藏的常是作废的行）"),
    ("serve", "port", "端口", "端口（0 表示任选一个空闲的）"),
    ("serve", "bind", "地址", "监听的地址。不是本机地址（127.0.0.1）时，局域网里的人也能看到内部网站"),
    ("serve", "drafts", "", "把草稿公告当作已发布的显示"),
    ("completions", "shell", "SHELL", "哪一种 shell"),
    ("build", "output", "文件夹", "输出文件夹；里面的 public/ 和 internal/ 会被整个替换"),
    ("schema", "content", "目录", "内容文件夹（用它的 site.yaml 里的分类）"),
    ("schema", "out", "文件夹", "Schema 文件写到哪里"),
    ("pdf", "period", "期间", "期间：YYYY-MM（会议材料）或 YYYY-Qn（服务公报）"),
    ("pdf", "out", "文件", "要写的 PDF（不写就是 output/pdf/<小区>-<期间>.pdf）"),
    ("pdf", "browser", "程序", "浏览器的程序文件（Chrome、Edge 或 Chromium）"),
    ("kpi", "period", "期间", "期间：YYYY-MM（月）、YYYY-Qn（季度）或 YYYY（年）"),
    (
        "kpi",
        "format",
        "格式",
        "table 给人看（本站语言的名称、取整的百分比、目标，未达标处有标记）；json 与 KPI 约定完全一致（比率不取整）",
    ),
    ("figures", "out", "文件", "要写的文件（写好后一次替换）；不写就打印到标准输出"),
    ("portfolio", "file", "文件", "公司网站的配置文件（name，estates: - content: 文件夹 或 - figures: 文件，region）"),
    ("portfolio", "output", "文件夹", "输出文件夹；整个替换"),
];

/// The help layout, with clap's `Usage:` heading in Chinese.
const TEMPLATE: &str = "{about-with-newline}\n用法：{usage}\n\n{all-args}{after-help}";

/// `cmd` (wuye's command tree) with its help in `lang`: unchanged in
/// English (the doc comments), rewritten from the tables above in Chinese.
/// In Chinese, `wuye help COMMAND` is a command of this tree (clap's own
/// `help` command cannot be worded): [`super::main`] prints that help.
pub fn in_language(cmd: Command, lang: Lang) -> Command {
    if lang == Lang::En {
        return cmd;
    }
    let mut cmd = zh_command(cmd, None)
        .about("物业服务中心的网站生成器：由记录文件生成给业主看的公开网站和给管理人员看的内部网站")
        .long_about(None)
        .subcommand_help_heading("命令")
        .subcommand_value_name("命令")
        .disable_version_flag(true)
        .arg(
            Arg::new("version")
                .short('V')
                .long("version")
                .action(ArgAction::Version)
                .help("显示版本")
                .help_heading("选项")
                .display_order(1600),
        )
        .disable_help_subcommand(true)
        .subcommand(
            Command::new("help")
                .about("显示帮助，或某个命令的帮助")
                .arg(
                    Arg::new("command")
                        .value_name("命令")
                        .value_parser(PossibleValuesParser::new(COMMANDS.iter().map(|c| c.0)))
                        .hide_possible_values(true)
                        .help("要看哪个命令的帮助")
                        .help_heading("参数"),
                )
                .help_template(TEMPLATE),
        );
    let subs: Vec<String> = cmd.get_subcommands().map(|s| s.get_name().to_string()).collect();
    for name in subs.iter().filter(|n| *n != "help") {
        cmd = cmd.mut_subcommand(name, |s| zh_command(s, Some(name)));
    }
    cmd
}

/// `cmd` (the Chinese tree) with clap's `[OPTIONS]` in each command's usage
/// line said as `[选项]`. clap writes that placeholder itself, so each usage
/// is rendered once, worded and set as the command's own; only for a help
/// that is about to be printed, since it builds the whole tree. The usages
/// name the program as `cmd`'s bin name: the one clap took from the command
/// line when it parsed it (`wuye`, `wuye.exe`).
pub fn usages_in_chinese(mut cmd: Command) -> Command {
    cmd.build();
    let worded = |c: &mut Command| {
        let usage = c.render_usage().to_string();
        usage.trim().trim_start_matches("Usage:").trim().replace("[OPTIONS]", "[选项]")
    };
    let root = worded(&mut cmd);
    let subs: Vec<String> = cmd.get_subcommands().map(|s| s.get_name().to_string()).collect();
    for name in &subs {
        let usage = cmd.find_subcommand_mut(name).map(worded).unwrap_or_default();
        cmd = cmd.mut_subcommand(name, |s| s.override_usage(usage));
    }
    cmd.override_usage(root)
}

/// One command in Chinese: its texts (a subcommand's from [`COMMANDS`]),
/// each of its options' ([`ARGS`]), the headings and the help flag.
fn zh_command(mut cmd: Command, name: Option<&str>) -> Command {
    if let Some(&(_, about, more)) = name.and_then(|n| COMMANDS.iter().find(|c| c.0 == n)) {
        let example = cmd.get_long_about().and_then(|a| example(&a.to_string())).map(|x| format!("例：{x}"));
        let mut long = about.to_string();
        for part in [more].into_iter().chain(example.as_deref()) {
            if !part.is_empty() {
                long.push_str("\n\n");
                long.push_str(part);
            }
        }
        cmd = cmd.about(about).long_about(long);
    }
    let ids: Vec<String> = cmd.get_arguments().map(|a| a.get_id().to_string()).collect();
    // In the order they are declared, a command's own options first, then
    // its help flag, then the options every command has (as clap's English).
    let first = if name.is_some() { 0 } else { 1000 };
    for (i, id) in ids.iter().enumerate() {
        cmd = cmd.mut_arg(id, |a| zh_arg(a, name.unwrap_or("")).display_order(first + i));
    }
    cmd.help_template(TEMPLATE).disable_help_flag(true).arg(
        Arg::new("help")
            .short('h')
            .long("help")
            .action(ArgAction::Help)
            .help("显示帮助（--help 更详细）")
            .help_heading("选项")
            .display_order(if name.is_some() { 500 } else { 1500 }),
    )
}

/// The Chinese of option `id` of `command`: its own, else the shared one.
fn entry(command: &str, id: &str) -> Option<&'static (&'static str, &'static str, &'static str, &'static str)> {
    ARGS.iter().find(|a| a.0 == command && a.1 == id).or_else(|| ARGS.iter().find(|a| a.0 == "*" && a.1 == id))
}

/// The example of a command's English help: what follows `Example:` (clap
/// may have joined it to the line before).
pub(super) fn example(long_about: &str) -> Option<String> {
    long_about.lines().find_map(|l| l.split_once("Example:")).map(|(_, x)| x.trim().to_string())
}

/// One option or argument in Chinese: its text, value name and heading,
/// with its default and accepted values written in (clap's are English).
fn zh_arg(arg: Arg, command: &str) -> Arg {
    let Some(&(_, _, value_name, text)) = entry(command, arg.get_id().as_str()) else { return arg };
    let mut text = text.to_string();
    let takes_value = arg.get_action().takes_values();
    let values: Vec<String> = arg.get_possible_values().iter().map(|v| v.get_name().to_string()).collect();
    if takes_value && !values.is_empty() && !values.iter().all(|v| text.contains(v.as_str())) {
        text.push_str(&format!("（可选：{}）", values.join("、")));
    }
    let defaults: Vec<String> = arg.get_default_values().iter().map(|v| v.to_string_lossy().into_owned()).collect();
    if takes_value && !defaults.is_empty() {
        text.push_str(&format!("（默认：{}）", defaults.join("、")));
    }
    let heading = if arg.is_positional() { "参数" } else { "选项" };
    let arg = arg.help(text).help_heading(heading);
    // clap's debug checks allow these two on options that take a value only.
    let arg = if takes_value { arg.hide_default_value(true).hide_possible_values(true) } else { arg };
    if value_name.is_empty() { arg } else { arg.value_name(value_name) }
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    use super::*;

    /// Every command and option has its Chinese text: a new one without it
    /// would show English in a Chinese estate's help.
    #[test]
    fn every_command_and_option_is_worded() {
        let cmd = super::super::Cli::command();
        let mut missing = Vec::new();
        let worded = |command: &str, id: &str| entry(command, id).is_some();
        for a in cmd.get_arguments() {
            if !worded("", a.get_id().as_str()) {
                missing.push(format!("--{}", a.get_id()));
            }
        }
        for s in cmd.get_subcommands() {
            if !COMMANDS.iter().any(|c| c.0 == s.get_name()) {
                missing.push(s.get_name().to_string());
            }
            for a in s.get_arguments() {
                if !worded(s.get_name(), a.get_id().as_str()) {
                    missing.push(format!("{} {}", s.get_name(), a.get_id()));
                }
            }
        }
        assert!(missing.is_empty(), "no Chinese help for: {missing:?}");
    }

    /// The Chinese tree parses what the English one does (clap checks a tree when it first parses).
    #[test]
    fn chinese_help_parses_the_same_lines() {
        let zh = || in_language(super::super::Cli::command(), Lang::Zh);
        // clap's own checks of every command of the tree (run in debug builds only).
        zh().debug_assert();
        for line in
            ["wuye check --strict -q", "wuye import tickets a.xlsx --month 2026-10", "wuye kpi --period 2026-Q3"]
        {
            let args: Vec<&str> = line.split(' ').collect();
            let m = zh().try_get_matches_from(&args).unwrap();
            assert!(m.subcommand_name().is_some(), "{line}");
        }
        let mut cmd = zh();
        let help = cmd.render_long_help().to_string();
        assert!(help.contains("用法：") && help.contains("命令") && help.contains("选项"), "{help}");
        assert!(!help.contains("Print help") && !help.contains("Usage"), "{help}");
        let mut cmd = zh();
        cmd.build();
        let import = cmd.find_subcommand_mut("import").unwrap().render_long_help().to_string();
        assert!(import.contains("例：wuye import tickets") && import.contains("（默认：content）"), "{import}");
        assert!(!import.contains("[default") && !import.contains("Possible values"), "{import}");
    }

    #[test]
    fn usage_lines_are_worded_with_the_program_as_run() {
        let mut cmd = usages_in_chinese(in_language(super::super::Cli::command(), Lang::Zh).bin_name("wuye.exe"));
        cmd.clone().debug_assert();
        assert!(cmd.render_help().to_string().contains("用法：wuye.exe [选项] <命令>"));
        let build = cmd.find_subcommand_mut("build").unwrap().render_help().to_string();
        assert!(build.contains("用法：wuye.exe build [选项]\n"), "{build}");
        let import = cmd.find_subcommand_mut("import").unwrap().render_help().to_string();
        assert!(import.contains("用法：wuye.exe import [选项] --month <月份> <类型> <表格>"), "{import}");
    }
}
