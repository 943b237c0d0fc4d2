//! Two charts for the company site: sparklines (a small multiple per KPI
//! and estate) and a histogram of estates against a target.
//!
//! Same rules as the other charts: fixed size, text escaped once by
//! plotters, output a function of the data only, never a panic.

use plotters::element::DashedPathElement;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::{Axis, FONT_SMALL, GRID, INK, PALETTE, Scale, TARGET, axis_label, render, style};

/// Width and height of a sparkline, in pixels.
pub const SPARK: (u32, u32) = (180, 44);

/// A sparkline: one line through `values` (a gap where there is none), the
/// last point marked, and the target as a dashed line when given. No text:
/// the page writes the figures beside it.
pub fn sparkline(title: &str, values: &[Option<f64>], target: Option<f64>, scale: Scale) -> String {
    let (w, h) = SPARK;
    render(title, (w, h), |root| {
        let vals: Vec<f64> = values.iter().flatten().copied().chain(target).collect();
        let lo = vals.iter().copied().fold(f64::INFINITY, f64::min);
        let hi = vals.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        if !lo.is_finite() {
            return Ok(());
        }
        let (lo, hi) = match scale {
            Scale::Percent => (lo.min(hi - 0.05).max(0.0), hi.max(lo + 0.05).min(1.0).max(lo + 0.01)),
            _ => (0.0f64.min(lo), hi.max(lo + 1.0)),
        };
        let (l, r, t, b) = (4, w as i32 - 6, 5, h as i32 - 5);
        let n = values.len().max(2) as i32;
        let x = |i: usize| l + (r - l) * i as i32 / (n - 1);
        let y = |v: f64| b - ((b - t) as f64 * ((v - lo) / (hi - lo)).clamp(0.0, 1.0)).round() as i32;
        if let Some(tv) = target {
            root.draw(&DashedPathElement::new(vec![(l, y(tv)), (r, y(tv))], 4, 3, TARGET.stroke_width(1)))?;
        }
        let c = PALETTE[0];
        let mut run: Vec<(i32, i32)> = Vec::new();
        for (i, v) in values.iter().enumerate() {
            match v {
                Some(v) => run.push((x(i), y(*v))),
                None if run.len() > 1 => root.draw(&PathElement::new(std::mem::take(&mut run), c.stroke_width(2)))?,
                None => run.clear(),
            }
        }
        if run.len() > 1 {
            root.draw(&PathElement::new(run, c.stroke_width(2)))?;
        }
        for (i, v) in values.iter().enumerate() {
            if let Some(v) = v {
                let last = i + 1 == values.len();
                root.draw(&Circle::new((x(i), y(*v)), if last { 3 } else { 2 }, c.filled()))?;
            }
        }
        Ok(())
    })
}

/// Height of the histogram.
pub const HIST_HEIGHT: u32 = 240;

/// A histogram of `values` (one per estate) in ten equal bands over a nice
/// axis, with `target` as a dashed vertical line; `bar_label` names the
/// counts (小区数). Rates are on [`Scale::Percent`], the rest on [`Scale::Count`].
pub fn histogram(title: &str, values: &[f64], target: Option<f64>, scale: Scale, width: u32) -> String {
    const BINS: usize = 10;
    render(title, (width, HIST_HEIGHT), |root| {
        let min = values.iter().copied().chain(target).fold(f64::INFINITY, f64::min);
        let max = values.iter().copied().chain(target).fold(0.0, f64::max);
        let axis = match scale {
            Scale::Percent => {
                let a = Axis::new(min, 1.0, 5, Scale::Percent, false);
                Axis { lo: a.lo, top: 1.0, step: (1.0 - a.lo) / BINS as f64 }
            }
            _ => {
                let a = Axis::new(0.0, max, 5, scale, true);
                Axis { lo: 0.0, top: a.top, step: a.top / BINS as f64 }
            }
        };
        let mut counts = [0u64; BINS];
        for v in values {
            let k = ((v - axis.lo) / axis.step).floor();
            let k = if k.is_finite() { (k.max(0.0) as usize).min(BINS - 1) } else { 0 };
            counts[k] += 1;
        }
        let top = counts.iter().copied().max().unwrap_or(0).max(1) as f64;
        let caxis = Axis::new(0.0, top, 4, Scale::Count, true);
        let (l, r, t, b) = (44, width as i32 - 12, 12, HIST_HEIGHT as i32 - 30);
        let y = |v: f64| caxis.px(v, b, t);
        for (k, v) in caxis.ticks().into_iter().enumerate() {
            let color = if k == 0 { INK } else { GRID };
            root.draw(&PathElement::new(vec![(l, y(v)), (r, y(v))], color.stroke_width(1)))?;
            root.draw(&Text::new(
                axis_label(v, Scale::Count),
                (l - 6, y(v)),
                style(FONT_SMALL, &INK, HPos::Right, VPos::Center),
            ))?;
        }
        let x = |v: f64| axis.px(v, l, r);
        for (k, c) in counts.iter().enumerate() {
            let (x0, x1) = (x(axis.lo + axis.step * k as f64) + 1, x(axis.lo + axis.step * (k + 1) as f64) - 1);
            if *c > 0 {
                root.draw(&Rectangle::new([(x0, y(*c as f64)), (x1, b)], PALETTE[0].filled()))?;
                root.draw(&Text::new(
                    c.to_string(),
                    ((x0 + x1) / 2, y(*c as f64) - 3),
                    style(FONT_SMALL, &INK, HPos::Center, VPos::Bottom),
                ))?;
            }
        }
        for k in (0..=BINS).step_by(2) {
            let v = axis.lo + axis.step * k as f64;
            let label = match scale {
                Scale::Percent => format!("{}%", (v * 100.0).round() as i64),
                _ => format!("{v:.1}"),
            };
            root.draw(&Text::new(label, (x(v), b + 6), style(FONT_SMALL, &INK, HPos::Center, VPos::Top)))?;
        }
        if let Some(tv) = target {
            let xt = x(tv);
            root.draw(&DashedPathElement::new(vec![(xt, t), (xt, b)], 6, 4, TARGET.stroke_width(2)))?;
        }
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_and_odd_data_draw_without_panic() {
        for vals in [vec![], vec![None], vec![Some(0.5)], vec![Some(f64::NAN), None, Some(1.0)]] {
            assert!(sparkline("t", &vals, Some(0.95), Scale::Percent).contains("<svg"));
            assert!(sparkline("t", &vals, None, Scale::Count).contains("<svg"));
        }
        for vals in [vec![], vec![0.0], vec![1.0, 0.2, 0.97, f64::NAN], vec![3.5, 0.0]] {
            assert!(histogram("t", &vals, Some(0.95), Scale::Percent, 640).contains("<svg"));
            assert!(histogram("t", &vals, None, Scale::Count, 640).contains("<svg"));
        }
    }

    #[test]
    fn same_data_same_bytes() {
        let v = [Some(0.9), None, Some(0.97)];
        assert_eq!(sparkline("t", &v, Some(0.95), Scale::Percent), sparkline("t", &v, Some(0.95), Scale::Percent));
    }
}
