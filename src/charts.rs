//! Charts as inline SVG, drawn with plotters' SVG backend.
//!
//! Every chart is a fixed-size SVG (`width`/`height` plus a `viewBox`), so it
//! prints crisp at a known size and CSS can scale it down on a phone. The
//! chart's data lives in one [`ChartData`]; the page shows the same data as a
//! table (see [`ChartData::table`]), so every number is readable and copyable
//! without the picture.
//!
//! Invariants:
//! - Never panics: labels are looked up with `get`, empty or all-null data
//!   draws an empty frame, and a drawing error yields a plain fallback SVG.
//! - Text is escaped once, by plotters itself; callers pass raw text.
//! - Output depends only on the data (no randomness, no clock), so two
//!   builds are byte-identical.
//! - Every word drawn comes from the [`ChartData`] (titles, series names,
//!   labels, the target's name), so the caller picks the language.
//!
//! We draw with primitives (rectangles, paths, text) in pixel coordinates
//! instead of plotters' `ChartBuilder`: the minimal feature set has no real
//! font metrics, so we place every label ourselves and truncate long ones.

pub mod small;

use plotters::element::DashedPathElement;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// Width of the wide rendering of every chart, in pixels (about the text
/// width of an A4 page): desktop and print.
pub const WIDTH: u32 = 640;
/// Width of the narrow rendering, in pixels: phones show this one at its
/// natural size (a 640 px chart scaled to a phone would shrink its text to
/// about 6 px).
pub const NARROW: u32 = 340;
/// Height of every vertical chart in pixels.
pub const HEIGHT: u32 = 280;

/// How values are scaled and written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scale {
    /// Whole counts (tickets, complaints).
    Count,
    /// A rate in 0..=1, shown as a percentage.
    Percent,
    /// A mean score on the 1–5 survey scale.
    Score,
    /// Hours (resolution time).
    Hours,
}

impl Scale {
    /// Writes a target or total (values come with their own text).
    pub fn format(self, v: f64) -> String {
        match self {
            Scale::Count => format!("{}", v.round() as i64),
            Scale::Percent => format!("{:.1}%", v * 100.0),
            Scale::Score => format!("{v:.2}"),
            Scale::Hours => format!("{v:.1}"),
        }
    }
}

/// One named series of values, one per label (`None`: no data for that label).
#[derive(Clone, Debug)]
pub struct Series {
    /// Legend name and table column header.
    pub name: String,
    /// One value per label, for drawing.
    pub values: Vec<Option<f64>>,
    /// The same values as shown in labels and the table. Rates are rounded
    /// from their exact integers by the caller (see [`crate::kpi::percent`]),
    /// so the table never shows a float's rounding.
    pub text: Vec<String>,
}

impl Series {
    /// Counts: drawn and written as whole numbers.
    pub fn counts(name: impl Into<String>, values: &[u64]) -> Series {
        Series {
            name: name.into(),
            values: values.iter().map(|v| Some(*v as f64)).collect(),
            text: values.iter().map(|v| v.to_string()).collect(),
        }
    }

    /// Exact ratios drawn as rates in 0..=1 and written as percentages.
    pub fn ratios(name: impl Into<String>, values: &[crate::kpi::Ratio]) -> Series {
        Series {
            name: name.into(),
            values: values.iter().map(|r| r.rate()).collect(),
            text: values.iter().map(|r| r.percent().unwrap_or_else(|| "—".into())).collect(),
        }
    }

    /// Values with their own text (scores, hours).
    pub fn with_text(name: impl Into<String>, values: Vec<Option<f64>>, text: Vec<String>) -> Series {
        Series { name: name.into(), values, text }
    }

    fn text_at(&self, i: usize) -> String {
        match (self.values.get(i).copied().flatten(), self.text.get(i)) {
            (Some(_), Some(t)) => t.clone(),
            _ => "—".to_string(),
        }
    }
}

/// The data of one chart: a title, category labels and series.
#[derive(Clone, Debug)]
pub struct ChartData {
    /// The chart's title, shown above it and read by screen readers.
    pub title: String,
    /// Header of the label column in the data table (e.g. 月份, Month).
    pub label_header: String,
    /// Category labels (x axis, or y axis for horizontal bars), short.
    pub labels: Vec<String>,
    /// Longer labels for the table (`2026年1月` where the axis says `1月`);
    /// empty: the table uses `labels`.
    pub table_labels: Vec<String>,
    /// The series (one colour each).
    pub series: Vec<Series>,
    /// How values are scaled.
    pub scale: Scale,
    /// An optional target drawn as a dashed line (same scale as the values).
    pub target: Option<f64>,
    /// What the target is called in the legend and the table (目标, Target).
    pub target_label: String,
}

/// A chart's data as a table: header row and body rows, all text.
#[derive(Clone, Debug, serde::Serialize)]
pub struct TableData {
    /// Column headers.
    pub head: Vec<String>,
    /// Rows of cells.
    pub rows: Vec<Vec<String>>,
}

impl ChartData {
    /// The same numbers as a table, so they are accessible and copyable.
    pub fn table(&self) -> TableData {
        let mut head = vec![self.label_header.clone()];
        head.extend(self.series.iter().map(|s| s.name.clone()));
        if self.target.is_some() {
            head.push(self.target_label.clone());
        }
        let rows = self
            .labels
            .iter()
            .enumerate()
            .map(|(i, l)| {
                let mut row = vec![self.table_labels.get(i).unwrap_or(l).clone()];
                for s in &self.series {
                    row.push(s.text_at(i));
                }
                if let Some(t) = self.target {
                    row.push(self.scale.format(t));
                }
                row
            })
            .collect();
        TableData { head, rows }
    }

    fn max_value(&self, stacked: bool) -> f64 {
        let n = self.labels.len();
        let mut max: f64 = 0.0;
        for i in 0..n {
            let vals = self.series.iter().filter_map(|s| s.values.get(i).copied().flatten());
            let v = if stacked { vals.sum() } else { vals.fold(0.0, f64::max) };
            max = max.max(v);
        }
        if let Some(t) = self.target {
            max = max.max(t);
        }
        max
    }
}

/// Series colours: distinguishable, print well in greyscale order, and pass
/// contrast against white.
const PALETTE: [RGBColor; 6] = [
    RGBColor(0x1f, 0x6f, 0xb2),
    RGBColor(0xe0, 0x8a, 0x1e),
    RGBColor(0x3a, 0x9a, 0x5b),
    RGBColor(0xb8, 0x3b, 0x5e),
    RGBColor(0x6b, 0x5b, 0xa8),
    RGBColor(0x7a, 0x7a, 0x7a),
];
const INK: RGBColor = RGBColor(0x33, 0x33, 0x33);
const GRID: RGBColor = RGBColor(0xdd, 0xdd, 0xdd);
const TARGET: RGBColor = RGBColor(0xc0, 0x1c, 0x1c);
/// Requested font size; the SVG backend writes size / 1.24 (about 11 px).
const FONT_SMALL: f64 = 13.5;

/// The width of a character in half-widths: 2 for CJK and other wide
/// characters, 1 for Latin letters, digits and punctuation (about 6 px at our
/// font size).
fn char_width(c: char) -> usize {
    let wide = matches!(c as u32,
        0x1100..=0x115F | 0x2E80..=0x303E | 0x3041..=0x33FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF
        | 0xA000..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFF60
        | 0xFFE0..=0xFFE6 | 0x20000..=0x3FFFD);
    if wide { 2 } else { 1 }
}

/// The width of a text in half-widths (see [`char_width`]).
fn text_width(s: &str) -> usize {
    s.chars().map(char_width).sum()
}

/// Shortens a label to the width of `max` Chinese characters (twice as many
/// Latin letters) with an ellipsis, so long category names cannot run into
/// their neighbours.
pub fn truncate(label: &str, max: usize) -> String {
    let budget = max * 2;
    if text_width(label) <= budget {
        return label.to_string();
    }
    // Leave room for the ellipsis, as wide as a Chinese character.
    let mut s = String::new();
    let mut w = 0;
    for c in label.chars() {
        w += char_width(c);
        if w + 2 > budget {
            break;
        }
        s.push(c);
    }
    s.push('…');
    s
}

/// The value axis: from `lo` to `top`, grid lines every `step`.
#[derive(Clone, Copy, Debug)]
struct Axis {
    lo: f64,
    top: f64,
    step: f64,
}

impl Axis {
    /// A "nice" axis (steps of 1, 2, 2.5, 5 × 10^k) with about `ticks` grid
    /// lines and headroom above `max` for the value labels. Bars always start
    /// at zero; a line of rates may start higher (`zero = false`) so that a
    /// rate moving between 90% and 95% is not a flat line at the top.
    fn new(min: f64, max: f64, ticks: u32, scale: Scale, zero: bool) -> Axis {
        match scale {
            Scale::Score => return Axis { lo: 0.0, top: 5.0, step: 1.0 },
            Scale::Percent if zero => return Axis { lo: 0.0, top: 1.0, step: 0.2 },
            Scale::Percent => {
                let min = if min.is_finite() { min.min(max) } else { 0.0 };
                // Ten-point steps down to a round number under the lowest value, at most 0.
                let lo = ((min - 0.02).max(0.0) * 10.0).floor() / 10.0;
                let lo = lo.min(0.8);
                let span = 1.0 - lo;
                let step = if span <= 0.2 {
                    0.05
                } else if span <= 0.5 {
                    0.1
                } else {
                    0.2
                };
                return Axis { lo, top: 1.0, step };
            }
            _ => {}
        }
        let max = max * 1.08;
        if max <= 0.0 || !max.is_finite() {
            return Axis { lo: 0.0, top: ticks as f64, step: 1.0 };
        }
        let raw = max / ticks as f64;
        let mag = 10f64.powf(raw.log10().floor());
        let step = [1.0, 2.0, 2.5, 5.0, 10.0].iter().map(|m| m * mag).find(|s| *s >= raw).unwrap_or(10.0 * mag);
        let step = if scale == Scale::Count { step.max(1.0).ceil() } else { step };
        let top = (max / step).ceil() * step;
        Axis { lo: 0.0, top: top.max(step), step }
    }

    fn ticks(self) -> Vec<f64> {
        let n = ((self.top - self.lo) / self.step).round() as i32;
        (0..=n).map(|k| self.lo + self.step * k as f64).collect()
    }

    /// Position of `v` between `a` (at lo) and `b` (at top), in pixels.
    fn px(self, v: f64, a: i32, b: i32) -> i32 {
        let v = v.clamp(self.lo, self.top);
        let span = (self.top - self.lo).max(f64::MIN_POSITIVE);
        a + ((b - a) as f64 * (v - self.lo) / span).round() as i32
    }
}

fn axis_label(v: f64, scale: Scale) -> String {
    match scale {
        Scale::Percent => format!("{}%", (v * 100.0).round() as i64),
        Scale::Score | Scale::Count => format!("{}", v.round() as i64),
        Scale::Hours => {
            if v.fract().abs() < 1e-9 {
                format!("{}", v as i64)
            } else {
                format!("{v:.1}")
            }
        }
    }
}

type Area<'a> = DrawingArea<SVGBackend<'a>, plotters::coord::Shift>;
type DrawResult = Result<(), DrawingAreaErrorKind<std::io::Error>>;

fn style(size: f64, color: &'static RGBColor, h: HPos, v: VPos) -> TextStyle<'static> {
    TextStyle::from(("sans-serif", size).into_font()).color(color).pos(Pos::new(h, v))
}

/// Draws an SVG of `size` with the given painter; wraps it with a title for
/// screen readers; falls back to a plain frame if plotters reports an error.
fn render(title: &str, size: (u32, u32), paint: impl FnOnce(&Area) -> DrawResult) -> String {
    let mut buf = String::new();
    let ok = {
        let root = SVGBackend::with_string(&mut buf, size).into_drawing_area();
        let r = root.fill(&WHITE).and_then(|_| paint(&root)).and_then(|_| root.present());
        r.is_ok()
    };
    if !ok {
        let (w, h) = size;
        buf = format!(
            "<svg width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" xmlns=\"http://www.w3.org/2000/svg\">\n</svg>\n"
        );
    }
    accessible(&buf, title)
}

/// Text escaped for HTML and SVG with Tera's escaper, the project's one
/// escaper (here, below the site, because charts write SVG text themselves).
pub fn escape_html(s: &str) -> String {
    let mut out = Vec::with_capacity(s.len() + s.len() / 8);
    // Writing into a Vec cannot fail.
    let _ = tera::escape_html(s, &mut out);
    String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// Adds `role="img"`, an `aria-label` and a `<title>` to a plotters SVG.
/// We insert this text ourselves, so we escape it ourselves.
fn accessible(svg: &str, title: &str) -> String {
    let t = escape_html(title);
    match svg.find("<svg ") {
        Some(i) => {
            let after = &svg[i + 5..];
            let close = after.find('>').map(|j| i + 5 + j + 1).unwrap_or(svg.len());
            format!(
                "{}<svg class=\"chart\" role=\"img\" aria-label=\"{t}\" {}\n<title>{t}</title>{}",
                &svg[..i],
                &svg[i + 5..close],
                &svg[close..]
            )
        }
        None => svg.to_string(),
    }
}

/// The plot rectangle inside the SVG (left, top, right, bottom), in pixels.
#[derive(Clone, Copy)]
struct Frame {
    l: i32,
    t: i32,
    r: i32,
    b: i32,
}

impl Frame {
    fn y(self, axis: Axis, v: f64) -> i32 {
        axis.px(v, self.b, self.t)
    }
    fn x(self, axis: Axis, v: f64) -> i32 {
        axis.px(v, self.l, self.r)
    }
}

fn legend(root: &Area, d: &ChartData, y: i32) -> DrawResult {
    if d.series.len() < 2 && d.target.is_none() {
        return Ok(());
    }
    let mut x = 60;
    for (i, s) in d.series.iter().enumerate() {
        let c = PALETTE[i % PALETTE.len()];
        root.draw(&Rectangle::new([(x, y - 5), (x + 12, y + 7)], c.filled()))?;
        let name = truncate(&s.name, 8);
        root.draw(&Text::new(name.clone(), (x + 16, y + 1), style(FONT_SMALL, &INK, HPos::Left, VPos::Center)))?;
        x += 28 + 6 * text_width(&name) as i32;
    }
    if let Some(t) = d.target {
        root.draw(&DashedPathElement::new(vec![(x, y + 1), (x + 18, y + 1)], 4, 3, TARGET.stroke_width(2)))?;
        let label = format!("{} {}", d.target_label, d.scale.format(t));
        root.draw(&Text::new(label, (x + 22, y + 1), style(FONT_SMALL, &INK, HPos::Left, VPos::Center)))?;
    }
    Ok(())
}

/// Draws horizontal grid lines and value labels on the left axis.
fn value_axis(root: &Area, f: Frame, axis: Axis, scale: Scale) -> DrawResult {
    for (k, v) in axis.ticks().into_iter().enumerate() {
        let y = f.y(axis, v);
        let color = if k == 0 { INK } else { GRID };
        root.draw(&PathElement::new(vec![(f.l, y), (f.r, y)], color.stroke_width(1)))?;
        root.draw(&Text::new(axis_label(v, scale), (f.l - 6, y), style(FONT_SMALL, &INK, HPos::Right, VPos::Center)))?;
    }
    Ok(())
}

/// Category labels under the x axis, truncated to fit the slot width; on a
/// narrow chart with many slots only every second (or third) one is written.
fn category_labels(root: &Area, f: Frame, labels: &[String]) -> DrawResult {
    let n = labels.len().max(1) as i32;
    let slot = ((f.r - f.l) / n).max(1);
    let every = (32 + slot - 1) / slot;
    // About 12 px per CJK character at our font size.
    let max_chars = ((slot * every) / 12).max(2) as usize;
    for (i, l) in labels.iter().enumerate() {
        if i as i32 % every != 0 {
            continue;
        }
        let x = f.l + slot * i as i32 + slot / 2;
        root.draw(&Text::new(truncate(l, max_chars), (x, f.b + 6), style(FONT_SMALL, &INK, HPos::Center, VPos::Top)))?;
    }
    Ok(())
}

fn frame(d: &ChartData, width: u32) -> Frame {
    let legend = d.series.len() > 1 || d.target.is_some();
    Frame { l: 48, t: if legend { 34 } else { 14 }, r: width as i32 - 10, b: HEIGHT as i32 - 30 }
}

fn target_line(root: &Area, f: Frame, d: &ChartData, axis: Axis) -> DrawResult {
    if let Some(t) = d.target {
        let y = f.y(axis, t);
        root.draw(&DashedPathElement::new(vec![(f.l, y), (f.r, y)], 6, 4, TARGET.stroke_width(2)))?;
    }
    Ok(())
}

fn min_value(d: &ChartData) -> f64 {
    let vals = d.series.iter().flat_map(|s| s.values.iter().flatten().copied());
    vals.chain(d.target).fold(f64::INFINITY, f64::min)
}

/// Vertical bars, stacked when there are several series (e.g. tickets per
/// month split by 户内/公区). The total is written above each bar.
pub fn bars(d: &ChartData, width: u32) -> String {
    render(&d.title, (width, HEIGHT), |root| {
        let f = frame(d, width);
        let axis = Axis::new(0.0, d.max_value(true), 5, d.scale, true);
        legend(root, d, 14)?;
        value_axis(root, f, axis, d.scale)?;
        let n = d.labels.len().max(1) as i32;
        let slot = (f.r - f.l) / n;
        let pad = (slot / 5).max(2);
        for i in 0..d.labels.len() {
            let x0 = f.l + slot * i as i32 + pad;
            let x1 = f.l + slot * (i as i32 + 1) - pad;
            let mut acc = 0.0;
            for (si, s) in d.series.iter().enumerate() {
                let Some(v) = s.values.get(i).copied().flatten() else { continue };
                if v <= 0.0 {
                    continue;
                }
                let y0 = f.y(axis, acc);
                acc += v;
                let y1 = f.y(axis, acc);
                root.draw(&Rectangle::new([(x0, y1), (x1, y0)], PALETTE[si % PALETTE.len()].filled()))?;
            }
            if acc > 0.0 {
                let y = f.y(axis, acc);
                let label = match d.series.as_slice() {
                    [only] => only.text_at(i),
                    _ => d.scale.format(acc),
                };
                root.draw(&Text::new(
                    label,
                    ((x0 + x1) / 2, y - 3),
                    style(FONT_SMALL, &INK, HPos::Center, VPos::Bottom),
                ))?;
            }
        }
        target_line(root, f, d, axis)?;
        category_labels(root, f, &d.labels)
    })
}

/// The height of a horizontal bar chart with `n` bars: fixed for given data,
/// so a chart of four service lines is not four fat bars.
pub fn hbars_height(n: usize) -> u32 {
    (44 + 26 * n as u32).clamp(120, 340)
}

/// Horizontal bars for one series (categories, satisfaction by service
/// line): long Chinese labels read better on the left than under bars.
pub fn hbars(d: &ChartData, width: u32) -> String {
    let height = hbars_height(d.labels.len());
    render(&d.title, (width, height), |root| {
        let axis = Axis::new(0.0, d.max_value(false), 5, d.scale, true);
        let label_w = if width < 480 { 84 } else { 110 };
        let f = Frame { l: label_w, t: 10, r: width as i32 - 50, b: height as i32 - 26 };
        let n = d.labels.len().max(1) as i32;
        let slot = (f.b - f.t) / n;
        let pad = (slot / 6).max(1);
        for (k, v) in axis.ticks().into_iter().enumerate() {
            let x = f.x(axis, v);
            let color = if k == 0 { INK } else { GRID };
            root.draw(&PathElement::new(vec![(x, f.t), (x, f.b)], color.stroke_width(1)))?;
            root.draw(&Text::new(
                axis_label(v, d.scale),
                (x, f.b + 6),
                style(FONT_SMALL, &INK, HPos::Center, VPos::Top),
            ))?;
        }
        let first = d.series.first();
        for (i, l) in d.labels.iter().enumerate() {
            let y0 = f.t + slot * i as i32 + pad;
            let y1 = f.t + slot * (i as i32 + 1) - pad;
            let mid = (y0 + y1) / 2;
            root.draw(&Text::new(truncate(l, 7), (f.l - 6, mid), style(FONT_SMALL, &INK, HPos::Right, VPos::Center)))?;
            match first.and_then(|s| s.values.get(i).copied().flatten()) {
                Some(v) => {
                    let x = f.x(axis, v);
                    if x > f.l {
                        root.draw(&Rectangle::new([(f.l, y0), (x, y1)], PALETTE[0].filled()))?;
                    }
                    let label = first.map(|s| s.text_at(i)).unwrap_or_default();
                    root.draw(&Text::new(label, (x + 4, mid), style(FONT_SMALL, &INK, HPos::Left, VPos::Center)))?;
                }
                None => {
                    root.draw(&Text::new("—", (f.l + 4, mid), style(FONT_SMALL, &INK, HPos::Left, VPos::Center)))?;
                }
            }
        }
        if let Some(t) = d.target {
            let x = f.x(axis, t);
            root.draw(&DashedPathElement::new(vec![(x, f.t), (x, f.b)], 6, 4, TARGET.stroke_width(2)))?;
        }
        Ok(())
    })
}

/// Lines with point markers, one per series, and an optional dashed target
/// (e.g. fee collection rate by month against its target). A missing value
/// breaks the line. Rates use an axis that starts near the lowest value.
pub fn lines(d: &ChartData, width: u32) -> String {
    render(&d.title, (width, HEIGHT), |root| {
        let f = frame(d, width);
        let axis = Axis::new(min_value(d), d.max_value(false), 5, d.scale, false);
        legend(root, d, 14)?;
        value_axis(root, f, axis, d.scale)?;
        let n = d.labels.len().max(1) as i32;
        let slot = (f.r - f.l) / n;
        let x_of = |i: usize| f.l + slot * i as i32 + slot / 2;
        target_line(root, f, d, axis)?;
        for (si, s) in d.series.iter().enumerate() {
            let c = PALETTE[si % PALETTE.len()];
            let mut run: Vec<(i32, i32)> = Vec::new();
            for i in 0..d.labels.len() {
                match s.values.get(i).copied().flatten() {
                    Some(v) => run.push((x_of(i), f.y(axis, v))),
                    None => {
                        if run.len() > 1 {
                            root.draw(&PathElement::new(std::mem::take(&mut run), c.stroke_width(2)))?;
                        }
                        run.clear();
                    }
                }
            }
            if run.len() > 1 {
                root.draw(&PathElement::new(run, c.stroke_width(2)))?;
            }
            for i in 0..d.labels.len() {
                if let Some(v) = s.values.get(i).copied().flatten() {
                    let p = (x_of(i), f.y(axis, v));
                    root.draw(&Circle::new(p, 3, c.filled()))?;
                    if d.series.len() == 1 {
                        // Alternate above and below so neighbouring labels never touch.
                        let (dy, vpos) = if i % 2 == 0 { (-6, VPos::Bottom) } else { (6, VPos::Top) };
                        root.draw(&Text::new(
                            s.text_at(i),
                            (p.0, p.1 + dy),
                            style(FONT_SMALL, &INK, HPos::Center, vpos),
                        ))?;
                    }
                }
            }
        }
        category_labels(root, f, &d.labels)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn data(labels: &[&str], values: &[Option<f64>], scale: Scale) -> ChartData {
        ChartData {
            title: "标题 <b>&</b>".into(),
            label_header: "月份".into(),
            target_label: "目标".into(),
            labels: labels.iter().map(|s| s.to_string()).collect(),
            table_labels: Vec::new(),
            series: vec![Series::with_text("报事", values.to_vec(), values.iter().map(|v| format!("{v:?}")).collect())],
            scale,
            target: Some(0.95).filter(|_| scale == Scale::Percent),
        }
    }

    #[test]
    fn labels_past_the_end_and_empty_data_do_not_panic() {
        // More labels than values, no labels at all, all-null values.
        let d = data(&["一月", "二月", "三月"], &[Some(3.0)], Scale::Count);
        assert!(bars(&d, WIDTH).contains("<svg"));
        let d = data(&[], &[], Scale::Count);
        assert!(
            bars(&d, WIDTH).contains("<svg") && lines(&d, WIDTH).contains("<svg") && hbars(&d, WIDTH).contains("<svg")
        );
        let d = data(&["一月"], &[None], Scale::Percent);
        assert!(lines(&d, WIDTH).contains("<svg"));
    }

    #[test]
    fn text_is_escaped_once_and_titled() {
        let d = data(&["<script>alert(1)</script> & 门禁"], &[Some(2.0)], Scale::Count);
        let svg = bars(&d, WIDTH);
        assert!(!svg.contains("<script>"));
        assert!(!svg.contains("&amp;amp;"));
        assert!(svg.contains("<title>标题 &lt;b&gt;&amp;&lt;/b&gt;</title>"));
        assert!(svg.contains("role=\"img\""));
        assert!(svg.contains(&format!("width=\"{WIDTH}\"")));
    }

    #[test]
    fn same_data_same_bytes() {
        let d = data(&["1月", "2月"], &[Some(0.9), Some(0.97)], Scale::Percent);
        assert_eq!(lines(&d, WIDTH), lines(&d, WIDTH));
    }

    #[test]
    fn nice_axis_covers_the_maximum() {
        for m in [1.0, 7.0, 13.0, 99.0, 101.0, 2345.0] {
            let a = Axis::new(0.0, m, 5, Scale::Count, true);
            assert!(a.top >= m && a.step >= 1.0 && a.lo == 0.0, "{m}: {a:?}");
        }
        let a = Axis::new(0.91, 0.96, 5, Scale::Percent, false);
        assert!(a.lo <= 0.91 && a.lo >= 0.8 && a.top == 1.0, "{a:?}");
    }

    #[test]
    fn truncation_counts_characters() {
        assert_eq!(truncate("公共设施维修保养", 4), "公共设…");
        assert_eq!(truncate("水电", 4), "水电");
        // Latin letters are half as wide: "Complaints" fits where four Chinese characters would not.
        assert_eq!(truncate("Complaints", 8), "Complaints");
        assert_eq!(truncate("Complaints", 4), "Compla…");
        assert_eq!(truncate("12345热线", 7), "12345热线");
    }

    #[test]
    fn the_target_is_named_by_the_caller() {
        let mut d = data(&["Jan", "Feb"], &[Some(0.9), Some(0.97)], Scale::Percent);
        d.target_label = "Target".into();
        assert_eq!(d.table().head.last().map(String::as_str), Some("Target"));
        assert!(lines(&d, WIDTH).contains("Target 95.0%"));
    }
}
