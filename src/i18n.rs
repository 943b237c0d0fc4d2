//! The site's language for messages and UI strings: Chinese by default.

use serde::{Deserialize, Serialize};

mod message;
pub use message::Msg;
pub use message::{msg, tr};

/// The language clerks read messages in, from `site.yaml`'s `language`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Lang {
    /// 简体中文 (`zh-CN`, the default).
    #[default]
    Zh,
    /// English (`en`).
    En,
}

impl Lang {
    /// Reads `site.yaml`'s `language` value; anything starting `en` is English.
    pub fn from_tag(tag: &str) -> Lang {
        if tag.to_ascii_lowercase().starts_with("en") { Lang::En } else { Lang::Zh }
    }
}

/// The lines the command line prints itself (summaries, progress, hints):
/// the one table of CLI text, so every line follows `language`.
pub mod say {
    use super::{Lang, tr};

    /// `check` found problems.
    pub fn check_failed(l: Lang, errors: usize, warnings: usize) -> String {
        tr!(
            l,
            "检查未通过：{errors} 个错误，{warnings} 条警告",
            "check failed: {errors} error(s), {warnings} warning(s)"
        )
    }
    /// `check` passed: what was read.
    #[allow(clippy::too_many_arguments)]
    pub fn check_ok(
        l: Lang,
        units: usize,
        months: usize,
        tickets: usize,
        complaints: usize,
        bills: usize,
        payments: usize,
        warnings: usize,
    ) -> String {
        tr!(
            l,
            "检查通过：{units} 户，{months} 个月份目录，报事 {tickets} 条，投诉 {complaints} 条，应收 {bills} 笔，实收 {payments} 笔（{warnings} 条警告）",
            "ok: {units} units, {months} month folders, {tickets} tickets, {complaints} complaints, {bills} bills, {payments} payments ({warnings} warning(s))"
        )
    }
    /// Warnings of a read-only command, folded into one line.
    pub fn warnings_folded(l: Lang, n: usize) -> String {
        tr!(l, "{n} 条警告，运行 wuye check 查看", "{n} warning(s): run wuye check to see them")
    }
    /// `build` failed; the output is unchanged.
    pub fn build_failed(l: Lang, errors: usize, warnings: usize, output: &str) -> String {
        tr!(
            l,
            "生成失败：{errors} 个错误，{warnings} 条警告；{output} 未改动",
            "build failed: {errors} error(s), {warnings} warning(s); {output} was not changed"
        )
    }
    /// `build` succeeded.
    pub fn built(
        l: Lang,
        total: &str,
        public: &str,
        internal: &str,
        secs: f64,
        output: &str,
        warnings: usize,
    ) -> String {
        let w = match (warnings, l) {
            (0, _) => String::new(),
            (n, Lang::Zh) => format!("，{n} 条警告"),
            (n, Lang::En) => format!(", {n} warning(s)"),
        };
        tr!(
            l,
            "已生成 {total} 个页面（公开 {public} · 内部 {internal}），用时 {secs:.2} 秒，输出到 {output}{w}",
            "built {total} pages (public {public} · internal {internal}) in {secs:.2} s into {output}{w}"
        )
    }
    /// A build phase, for the progress spinner.
    pub fn phase(l: Lang, phase: &str) -> String {
        let zh = match phase {
            "loading" => "读取记录",
            "computing and rendering" => "计算指标、生成页面",
            "checking for personal data" => "检查个人信息",
            "writing" => "写入",
            other => other,
        };
        tr!(l, zh, phase)
    }
    /// The output directory could not be written.
    pub fn cannot_write(l: Lang, what: &str, e: &str) -> String {
        tr!(l, "error: 无法写入 {what}：{e}", "error: cannot write {what}: {e}")
    }
    /// `import` failed; nothing was written.
    pub fn import_failed(l: Lang, errors: usize, warnings: usize) -> String {
        tr!(
            l,
            "导入失败：{errors} 个错误，{warnings} 条警告；没有写入任何内容",
            "import failed: {errors} error(s), {warnings} warning(s); nothing written"
        )
    }
    /// `import` added records.
    pub fn imported(l: Lang, what: &str, target: &str, present: usize) -> String {
        match l {
            Lang::Zh if present > 0 => format!("已导入{what}到 {target}（{present} 条已存在，未重复写入）"),
            Lang::Zh => format!("已导入{what}到 {target}"),
            Lang::En if present > 0 => format!("imported {what} into {target} ({present} already present)"),
            Lang::En => format!("imported {what} into {target}"),
        }
    }
    /// `import --update` rewrote records in place (their changes follow, one line each).
    pub fn updated(l: Lang, n: usize) -> String {
        tr!(l, "已按表格更新 {n} 条记录：", "updated {n} record(s) from the sheet:")
    }
    /// What an import added, e.g. `报事 5 条`.
    pub fn import_what(l: Lang, kind: &str, items: usize, bills: usize, payments: usize) -> String {
        let s = |n: usize| if n == 1 { "" } else { "s" };
        match (l, kind) {
            (Lang::Zh, "fees") => format!("应收 {bills} 笔、实收 {payments} 笔"),
            (Lang::Zh, "complaints") => format!("投诉 {items} 条"),
            (Lang::Zh, _) => format!("报事 {items} 条"),
            (Lang::En, "fees") => format!("{bills} bill{} and {payments} payment{}", s(bills), s(payments)),
            (Lang::En, "complaints") => format!("{items} complaint{}", s(items)),
            (Lang::En, _) => format!("{items} ticket{}", s(items)),
        }
    }
    /// `schema` wrote its files.
    pub fn schemas_written(l: Lang, n: usize, dir: &str) -> String {
        tr!(l, "已写入 {n} 个 JSON Schema 到 {dir}", "wrote {n} JSON Schemas into {dir}")
    }
    /// `new` created an estate.
    pub fn created(l: Lang, n: usize, dir: &str) -> String {
        tr!(l, "已在 {dir} 创建 {n} 个文件", "created {n} files in {dir}")
    }
    /// What to do after `new`.
    pub fn next_steps(l: Lang, dir: &str) -> String {
        tr!(
            l,
            "下一步：cd {dir}，阅读 README.md，然后 wuye check && wuye build",
            "next: cd {dir}, read README.md, then wuye check && wuye build"
        )
    }
    /// `figures` found errors.
    pub fn figures_failed(l: Lang, errors: usize) -> String {
        tr!(l, "导出失败：{errors} 个错误，未写入任何文件", "figures failed: {errors} error(s); nothing written")
    }
    /// `figures` refuses an implausible --date span.
    pub fn figures_span(l: Lang, as_of: &str, months: usize, max: usize) -> String {
        tr!(
            l,
            "error: --date {as_of} 与最早的记录相隔 {months} 个月（最多 {max} 个月）：请检查 --date",
            "error: --date {as_of} is {months} months after the first records (at most {max}): check the date"
        )
    }
    /// `figures` wrote its export.
    pub fn figures_written(l: Lang, n: usize, estate: &str, as_of: &str, path: &str) -> String {
        tr!(
            l,
            "已将 {estate} 截至 {as_of} 的 {n} 个期间写入 {path}",
            "wrote {n} periods of {estate} as of {as_of} into {path}"
        )
    }
    /// `portfolio` found errors: the previous site stays.
    pub fn portfolio_failed(l: Lang, errors: usize, output: &str) -> String {
        tr!(
            l,
            "公司汇总站点生成失败：{errors} 个错误；{output} 未改动",
            "portfolio failed: {errors} error(s); {output} was not changed"
        )
    }
    /// `portfolio` built the company site.
    pub fn portfolio_built(l: Lang, estates: usize, pages: usize, period: &str, secs: f64, output: &str) -> String {
        tr!(
            l,
            "已生成公司汇总站点：{estates} 个小区，{pages} 个页面（{period}），用时 {secs:.2} 秒，写入 {output}",
            "built the company site: {estates} estates, {pages} pages ({period}) in {secs:.2} s into {output}"
        )
    }
    /// The output folder holds an estate site, not a company site.
    pub fn holds_estate_site(l: Lang, output: &str) -> String {
        tr!(
            l,
            "error: {output} 里是 `wuye build` 生成的小区站点：请换一个 --output（如 output/portfolio）",
            "error: {output} holds an estate site built by `wuye build`: choose another --output (e.g. output/portfolio)"
        )
    }
    /// `demo` writes only into an empty folder.
    pub fn demo_not_empty(l: Lang, out: &str) -> String {
        tr!(
            l,
            "error: {out} 不是空文件夹：demo 要写一个全新的小区，请选择空的或新的文件夹",
            "error: {out} is not empty: demo writes a fresh estate, choose an empty or new directory"
        )
    }
    /// `demo` wrote its estate.
    pub fn demo_written(l: Lang, n: usize, out: &str) -> String {
        tr!(l, "已写入 {n} 个文件到 {out}", "wrote {n} files into {out}")
    }
    /// No content folder where the command looked.
    pub fn no_content(l: Lang, dir: &str, cwd: &str) -> String {
        tr!(
            l,
            "error: 找不到内容目录 `{dir}`（当前文件夹：{cwd}）；用 --content 指定内容目录的位置",
            "error: no content directory `{dir}` (current folder: {cwd}); pass --content with its location"
        )
    }
    /// `--date` is not a `YYYY-MM-DD` day; `fixed` is the text to paste when
    /// the slip is only its shape (`2026/11/3`, `2026-2-3`, full-width digits).
    pub fn bad_date(l: Lang, given: &str, fixed: Option<&str>) -> String {
        match fixed {
            Some(f) => tr!(
                l,
                "`{given}` 不是 YYYY-MM-DD 格式的日期；请改为 `--date {f}`",
                "`{given}` is not a YYYY-MM-DD date; write `--date {f}`"
            ),
            None => tr!(
                l,
                "`{given}` 不是日期：请写成 YYYY-MM-DD（月、日各两位），并确认这一天存在，例如 `--date 2026-10-03`",
                "`{given}` is not a date: write YYYY-MM-DD (two-digit month and day) for a day that exists, e.g. `--date 2026-10-03`"
            ),
        }
    }
    /// `flag` (`--month`, `--last-month`) is not a `YYYY-MM` month; `fixed`
    /// is the text to paste when only its shape is wrong (`2026/10`,
    /// `2026-1`, `2026年10月`).
    pub fn bad_month(l: Lang, flag: &str, given: &str, fixed: Option<&str>) -> String {
        match fixed {
            Some(f) => tr!(
                l,
                "`{given}` 不是 YYYY-MM 格式的月份；请改为 `{flag} {f}`",
                "`{given}` is not a YYYY-MM month; write `{flag} {f}`"
            ),
            None => tr!(
                l,
                "`{given}` 不是月份：请写成 YYYY-MM（月份两位），例如 `{flag} 2026-10`",
                "`{given}` is not a month: write YYYY-MM (a two-digit month), e.g. `{flag} 2026-10`"
            ),
        }
    }
    /// `kpi --period` asks for a period that starts after the as-of day.
    pub fn period_not_begun(l: Lang, period: &str, day: &str) -> String {
        tr!(
            l,
            "error: --period {period} 在数据截至日 {day} 尚未开始：请选择在此之前开始的期间，或用 --date 指定更晚的日期",
            "error: --period {period} has not begun by {day} (the as-of day): choose a period that starts on or before it, or pass a later --date"
        )
    }
    /// A mistyped command (`wuye chek`), with the whole line corrected when
    /// there is a likely one.
    pub fn no_such_command(l: Lang, bad: &str, fixed: Option<&str>) -> String {
        match fixed {
            Some(f) => tr!(
                l,
                "error: 没有 `{bad}` 这个命令；是不是想写：\n  {f}",
                "error: no command `{bad}`; did you mean:\n  {f}"
            ),
            None => tr!(
                l,
                "error: 没有 `{bad}` 这个命令；`wuye --help` 列出全部命令",
                "error: no command `{bad}`; `wuye --help` lists them all"
            ),
        }
    }
    /// A mistyped option (`--ouput`).
    /// `help` is the command that lists the options (`wuye build --help`).
    pub fn no_such_option(l: Lang, bad: &str, help: &str, fixed: Option<&str>) -> String {
        match fixed {
            Some(f) => tr!(
                l,
                "error: 没有 `{bad}` 这个选项；是不是想写：\n  {f}",
                "error: no option `{bad}`; did you mean:\n  {f}"
            ),
            None => tr!(
                l,
                "error: 没有 `{bad}` 这个选项；`{help}` 列出全部选项",
                "error: no option `{bad}`; `{help}` lists them all"
            ),
        }
    }
    /// An option given without its value (`--period` at the end of the line).
    pub fn value_missing(l: Lang, arg: &str, valid: &str) -> String {
        if valid.is_empty() {
            tr!(l, "error: `{arg}` 后面缺少取值", "error: `{arg}` needs a value")
        } else {
            tr!(l, "error: `{arg}` 后面缺少取值（可用：{valid}）", "error: `{arg}` needs a value (one of: {valid})")
        }
    }
    /// A value outside a fixed list (`tickets`, `complaints`, `fees`).
    pub fn value_not_accepted(l: Lang, bad: &str, arg: &str, valid: &str, fixed: Option<&str>) -> String {
        let first = tr!(
            l,
            "error: `{bad}` 不是 {arg} 可用的值（可用：{valid}）",
            "error: `{bad}` is not a value {arg} takes (one of: {valid})"
        );
        match fixed {
            Some(f) => tr!(l, "{first}；是不是想写：\n  {f}", "{first}; did you mean:\n  {f}"),
            None => first,
        }
    }
    /// A value that is not what the option takes (`--units abc`); `why` is
    /// the reader's own reason.
    pub fn value_invalid(l: Lang, bad: &str, arg: &str, why: &str, help: &str) -> String {
        tr!(
            l,
            "error: `{bad}` 不能用作 `{arg}`（{why}）；`{help}` 说明它要的值",
            "error: `{bad}` will not do for `{arg}` ({why}); `{help}` says what it takes"
        )
    }
    /// A whole number was needed (the reason [`value_invalid`] gives then).
    pub fn whole_number_needed(l: Lang) -> String {
        tr!(l, "要写一个整数", "a whole number is needed")
    }
    /// A number outside what the option takes (clap's `99999 is not in 0..=65535`).
    pub fn number_between(l: Lang, low: &str, high: &str) -> String {
        tr!(l, "要写 {low} 到 {high} 之间的整数", "a whole number from {low} to {high} is needed")
    }
    /// An IP address was needed (`--bind`).
    pub fn ip_address_needed(l: Lang) -> String {
        tr!(l, "要写一个 IP 地址，例如 127.0.0.1", "an IP address is needed, such as 127.0.0.1")
    }
    /// Required arguments left out, with the command's usage and example.
    pub fn arguments_missing(l: Lang, missing: &str, usage: &str, example: Option<&str>) -> String {
        let first = tr!(l, "error: 缺少 {missing}\n  用法：{usage}", "error: missing {missing}\n  usage: {usage}");
        match example {
            Some(x) => tr!(l, "{first}\n  例如：{x}", "{first}\n  for example: {x}"),
            None => first,
        }
    }
    /// Two options that exclude each other.
    pub fn options_conflict(l: Lang, a: &str, b: &str) -> String {
        tr!(l, "error: `{a}` 和 `{b}` 不能同时使用", "error: `{a}` cannot be used with `{b}`")
    }
    /// An option given twice (`--output a --output b`).
    pub fn option_twice(l: Lang, a: &str) -> String {
        tr!(l, "error: `{a}` 只能写一次", "error: `{a}` can be given once only")
    }
    /// A word the command takes no place for (`wuye kpi --period 2026-10 extra`), and the line without it.
    pub fn word_extra(l: Lang, bad: &str, help: &str, fixed: &str) -> String {
        tr!(
            l,
            "error: 多了 `{bad}`：这个命令用不上它（`{help}` 列出它要的参数）。去掉后是：\n  {fixed}",
            "error: `{bad}` is one word too many for this command (`{help}` lists what it takes); without it:\n  {fixed}"
        )
    }
    /// A value given to a switch (`--strict=yes`), and the line without it.
    pub fn switch_value(l: Lang, arg: &str, fixed: &str) -> String {
        tr!(
            l,
            "error: `{arg}` 是开关，后面不写值：写上它就是打开；请改为：\n  {fixed}",
            "error: `{arg}` is a switch and takes no value (giving it turns it on); write:\n  {fixed}"
        )
    }
    /// …and the current folder itself looks like a content folder.
    pub fn run_one_level_up(l: Lang) -> String {
        tr!(
            l,
            "help: 当前文件夹里有 site.yaml，它本身就是内容目录：回到上一级（cd ..）再运行，或加上 `--content .`",
            "help: this folder has site.yaml, so it is the content directory itself: run from one level up (cd ..) or pass `--content .`"
        )
    }
    /// `serve` is listening.
    pub fn serving(l: Lang, content: &str, addr: &str, ms: u128) -> String {
        tr!(
            l,
            "正在预览 {content}：http://{addr}/（内部站点：http://{addr}/_internal/），首次生成用时 {ms} 毫秒；按 Ctrl-C 停止",
            "serving {content} on http://{addr}/  (internal site: http://{addr}/_internal/) — built in {ms} ms; Ctrl-C to stop"
        )
    }
    /// `serve` rebuilt after an edit.
    pub fn rebuilt(l: Lang, ms: u128) -> String {
        tr!(l, "已重新生成，用时 {ms} 毫秒", "rebuilt in {ms} ms")
    }
    /// `serve` could not rebuild.
    pub fn rebuild_failed(l: Lang) -> String {
        tr!(l, "重新生成失败：仍在预览上一次成功的版本", "rebuild failed: the last good site is still served")
    }
    /// The heading of `serve`'s error overlay.
    pub fn build_failed_overlay(l: Lang) -> String {
        tr!(l, "构建失败：仍显示上一次成功的版本", "build failed: the last good site is still shown")
    }
    /// What `serve`'s overlay says when a rebuild panicked.
    pub fn rebuild_panicked(l: Lang) -> String {
        tr!(
            l,
            "wuye 内部错误（程序缺陷，不是内容的问题），详情见终端，请报告给维护者。保存任一文件即重新完整生成。",
            "internal error in wuye (a bug, not a problem in the content); details are in the terminal, please report it. Saving any file rebuilds everything."
        )
    }
    /// `serve` stops.
    pub fn stopping(l: Lang) -> String {
        tr!(l, "正在停止", "stopping")
    }
    /// `serve` bound to a non-loopback address.
    pub fn exposed(l: Lang, bind: &str) -> String {
        tr!(
            l,
            "warning: 正在监听 {bind}：能访问这个地址的人都能看到内部站点（含个人信息）",
            "warning: listening on {bind}: anyone who can reach this address can read the internal site (personal data)"
        )
    }
}
