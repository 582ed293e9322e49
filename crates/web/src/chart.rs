//! Server-rendered SVG charts. Each chart is an image with a text alternative and always sits
//! above a table holding the same figures, so nothing depends on seeing it.

use std::fmt::Write;

use crate::html::escape;

/// One set of bars: a name for the key and a value for each label (`None` leaves a gap).
pub struct Series<'a> {
    pub name: &'a str,
    pub values: Vec<Option<f64>>,
}

/// A shaded range under lines, with its name for the key: `(low, high)` at each label, `None`
/// where there is none.
pub struct Band<'a> {
    pub name: &'a str,
    pub ranges: &'a [Option<(f64, f64)>],
}

/// Fill colours for up to three series, each at least 3:1 against white (WCAG 1.4.11):
/// GOV.UK blue, dark grey and green.
const COLOURS: [&str; 3] = ["#1d70b8", "#505a5f", "#00703c"];

/// A light blue for a range under a line: a background, so WCAG's 3:1 for graphics does not
/// apply to it; the key and the table name it.
const BAND: &str = "#c2d9ef";

const WIDTH: f64 = 640.0;
const HEIGHT: f64 = 240.0;
const LEFT: f64 = 48.0;
const TOP: f64 = 10.0;
const BOTTOM: f64 = 24.0;

/// A bar chart of percentages (0 to 100), one bar per label; a missing value leaves a gap.
pub fn percent_bars(id: &str, title: &str, bars: &[(String, Option<f64>)]) -> String {
    let labels: Vec<&str> = bars.iter().map(|(l, _)| l.as_str()).collect();
    let series = Series {
        name: "",
        values: bars.iter().map(|(_, v)| *v).collect(),
    };
    grouped_bars(id, title, &labels, &[series], Scale::Percent)
}

/// A bar chart of counts, one bar per label, scaled to the largest.
pub fn count_bars(id: &str, title: &str, bars: &[(String, u64)]) -> String {
    let labels: Vec<&str> = bars.iter().map(|(l, _)| l.as_str()).collect();
    #[allow(clippy::cast_precision_loss)] // counts of cases are far below 2^53
    let values = bars.iter().map(|(_, v)| Some(*v as f64)).collect();
    let series = Series { name: "", values };
    grouped_bars(id, title, &labels, &[series], Scale::Count)
}

/// How the value axis runs.
#[derive(Clone, Copy, PartialEq)]
pub enum Scale {
    /// 0 to 100%.
    Percent,
    /// 0 to a round number at or above the largest value.
    Count,
}

/// Bars for several series side by side at each label, with a key when there is more than one.
pub fn grouped_bars(
    id: &str,
    title: &str,
    labels: &[&str],
    series: &[Series<'_>],
    scale: Scale,
) -> String {
    let keyed = series.len() > 1;
    let key_height = if keyed { 20.0 } else { 0.0 };
    let plot_top = TOP + key_height;
    let plot_height = HEIGHT - BOTTOM - plot_top;
    let top_value = match scale {
        Scale::Percent => 100.0,
        Scale::Count => round_up(
            series
                .iter()
                .flat_map(|s| s.values.iter().flatten())
                .fold(0.0, |a: f64, b| a.max(*b)),
        ),
    };
    let mut svg = open(id, title);
    gridlines(&mut svg, plot_top, plot_height, top_value, scale);
    #[allow(clippy::cast_precision_loss)] // a handful of labels and series
    let (slot, per_series) = {
        let slot = (WIDTH - LEFT) / labels.len().max(1) as f64;
        (slot, slot * 0.8 / series.len().max(1) as f64)
    };
    for (i, label) in labels.iter().enumerate() {
        #[allow(clippy::cast_precision_loss)]
        let x = LEFT + slot * i as f64;
        for (s, one) in series.iter().enumerate() {
            let Some(Some(value)) = one.values.get(i) else {
                continue;
            };
            let h = plot_height * value.clamp(0.0, top_value) / top_value;
            #[allow(clippy::cast_precision_loss)]
            let bar_x = x + slot * 0.1 + per_series * s as f64;
            // The bar's series, label and exact value, so a test (or a script reading the page)
            // can check the drawing against the table without measuring heights.
            let _ = write!(
                svg,
                "<rect x=\"{bar_x:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{h:.1}\" fill=\"{}\" \
                 data-series=\"{}\" data-label=\"{}\" data-value=\"{value}\"/>",
                plot_top + plot_height - h,
                per_series * 0.9,
                COLOURS[s % COLOURS.len()],
                escape(one.name),
                escape(label),
            );
        }
        let _ = write!(
            svg,
            "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"12\" text-anchor=\"middle\" fill=\"#0b0c0c\">{}</text>",
            x + slot / 2.0,
            HEIGHT - 6.0,
            escape(label)
        );
    }
    if keyed {
        let names: Vec<(&str, &str)> = series
            .iter()
            .enumerate()
            .map(|(s, one)| (one.name, COLOURS[s % COLOURS.len()]))
            .collect();
        key(&mut svg, &names);
    }
    svg.push_str("</svg>");
    svg
}

/// The start of a chart: the SVG element and its text alternative.
fn open(id: &str, title: &str) -> String {
    open_sized(id, title, HEIGHT)
}

/// [`open`] for a chart `height` high.
fn open_sized(id: &str, title: &str, height: f64) -> String {
    let id = escape(id);
    format!(
        "<svg class=\"app-chart\" id=\"{id}\" role=\"img\" aria-labelledby=\"{id}-title\" viewBox=\"0 0 {WIDTH} {height}\" \
         width=\"100%\" style=\"max-width:{WIDTH}px\" xmlns=\"http://www.w3.org/2000/svg\">\
         <title id=\"{id}-title\">{}. The table below gives the figures.</title>",
        escape(title)
    )
}

/// One bar of a tornado: its label and the values at the two ends (lower, higher).
pub struct Swing<'a> {
    pub label: &'a str,
    pub lower: f64,
    pub higher: f64,
}

/// A tornado chart: for each bar in the order given (largest swing first), its label and,
/// from a zero line down the middle, one half-height bar to its `lower` value and one to its
/// `higher` value, named `ends` in the key. Both ends are drawn even when they fall on the same
/// side of zero, so nothing hides behind the other.
pub fn tornado(id: &str, title: &str, ends: [&str; 2], bars: &[Swing<'_>]) -> String {
    const ROW: f64 = 40.0;
    let plot_top = TOP + 20.0;
    #[allow(clippy::cast_precision_loss)] // a handful of bars
    let height = plot_top + ROW * bars.len() as f64 + BOTTOM;
    let reach = round_up(
        bars.iter()
            .flat_map(|b| [b.lower.abs(), b.higher.abs()])
            .fold(0.0, f64::max),
    );
    let reach = if reach > 0.0 { reach } else { 1.0 };
    let half = (WIDTH - 2.0 * LEFT) / 2.0;
    let zero = LEFT + half;
    let x_of = |v: f64| zero + half * v.clamp(-reach, reach) / reach;
    let mut svg = open_sized(id, title, height);
    let bottom = height - BOTTOM;
    for (value, anchor) in [(-reach, "start"), (0.0, "middle"), (reach, "end")] {
        let _ = write!(
            svg,
            "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"12\" text-anchor=\"{anchor}\" fill=\"#0b0c0c\">{value}</text>",
            x_of(value),
            height - 6.0
        );
    }
    for (i, bar) in bars.iter().enumerate() {
        #[allow(clippy::cast_precision_loss)]
        let y = plot_top + ROW * i as f64;
        let _ = write!(
            svg,
            "<text x=\"{LEFT}\" y=\"{:.1}\" font-size=\"12\" fill=\"#0b0c0c\">{}</text>",
            y + 12.0,
            escape(bar.label)
        );
        for (s, value) in [bar.lower, bar.higher].into_iter().enumerate() {
            let (a, b) = (x_of(0.0), x_of(value));
            #[allow(clippy::cast_precision_loss)]
            let bar_y = y + 16.0 + 10.0 * s as f64;
            let _ = write!(
                svg,
                "<rect x=\"{:.1}\" y=\"{bar_y:.1}\" width=\"{:.1}\" height=\"9\" fill=\"{}\"/>",
                a.min(b),
                (b - a).abs(),
                COLOURS[s]
            );
        }
    }
    let _ = write!(
        svg,
        "<line x1=\"{zero:.1}\" x2=\"{zero:.1}\" y1=\"{plot_top:.1}\" y2=\"{bottom:.1}\" stroke=\"#0b0c0c\" stroke-width=\"1\"/>"
    );
    key(&mut svg, &[(ends[0], COLOURS[0]), (ends[1], COLOURS[1])]);
    svg.push_str("</svg>");
    svg
}

/// Five labelled gridlines from 0 to `top_value`.
fn gridlines(svg: &mut String, plot_top: f64, plot_height: f64, top_value: f64, scale: Scale) {
    for step in 0..=4 {
        let value = top_value * f64::from(step) / 4.0;
        let y = plot_top + plot_height * (1.0 - value / top_value);
        let text = match scale {
            Scale::Percent => format!("{value}%"),
            Scale::Count => format!("{value}"),
        };
        let _ = write!(
            svg,
            "<line x1=\"{LEFT}\" x2=\"{WIDTH}\" y1=\"{y:.1}\" y2=\"{y:.1}\" stroke=\"#b1b4b6\" stroke-width=\"1\"/>\
             <text x=\"{:.1}\" y=\"{:.1}\" font-size=\"12\" text-anchor=\"end\" fill=\"#0b0c0c\">{text}</text>",
            LEFT - 4.0,
            y + 4.0
        );
    }
}

/// A key along the top: a swatch and a name for each (name, colour).
fn key(svg: &mut String, names: &[(&str, &str)]) {
    let mut x = LEFT;
    for (name, colour) in names {
        let _ = write!(
            svg,
            "<rect x=\"{x:.1}\" y=\"{TOP}\" width=\"12\" height=\"12\" fill=\"{colour}\"/>\
             <text x=\"{:.1}\" y=\"{:.1}\" font-size=\"12\" fill=\"#0b0c0c\">{}</text>",
            x + 16.0,
            TOP + 10.0,
            escape(name)
        );
        #[allow(clippy::cast_precision_loss)]
        let width = name.chars().count() as f64;
        x += 16.0 + width * 6.5 + 20.0;
    }
}

/// Lines of counts over labels (years), one per series, each point marked, a missing value
/// breaking its line; with `band`, a shaded range (low, high) under them, named in the key.
/// The value axis runs from 0, so a change is never drawn larger than it is.
pub fn count_lines(
    id: &str,
    title: &str,
    labels: &[&str],
    series: &[Series<'_>],
    band: Option<Band<'_>>,
) -> String {
    let plot_top = TOP + 20.0;
    let plot_height = HEIGHT - BOTTOM - plot_top;
    let band_values = band.as_ref().map_or(&[][..], |b| b.ranges);
    let top_value = round_up(
        series
            .iter()
            .flat_map(|s| s.values.iter().flatten().copied())
            .chain(band_values.iter().flatten().map(|&(_, high)| high))
            .fold(0.0, f64::max),
    );
    let mut svg = open(id, title);
    gridlines(&mut svg, plot_top, plot_height, top_value, Scale::Count);
    #[allow(clippy::cast_precision_loss)] // a handful of labels
    let slot = (WIDTH - LEFT) / labels.len().max(1) as f64;
    #[allow(clippy::cast_precision_loss)]
    let x = |i: usize| LEFT + slot * (i as f64 + 0.5);
    let y = |v: f64| plot_top + plot_height * (1.0 - v.clamp(0.0, top_value) / top_value);
    let mut names = Vec::new();
    if let Some(Band { name, ranges }) = band {
        // The band's outline: along the highs left to right, back along the lows.
        let points: Vec<(usize, (f64, f64))> = ranges
            .iter()
            .enumerate()
            .filter_map(|(i, v)| Some((i, (*v)?)))
            .collect();
        let outline: Vec<String> = points
            .iter()
            .map(|&(i, (_, high))| format!("{:.1},{:.1}", x(i), y(high)))
            .chain(
                points
                    .iter()
                    .rev()
                    .map(|&(i, (low, _))| format!("{:.1},{:.1}", x(i), y(low))),
            )
            .collect();
        let _ = write!(
            svg,
            "<polygon points=\"{}\" fill=\"{BAND}\"/>",
            outline.join(" ")
        );
        names.push((name, BAND));
    }
    for (s, one) in series.iter().enumerate() {
        let colour = COLOURS[s % COLOURS.len()];
        let dash = if s == 0 {
            ""
        } else {
            " stroke-dasharray=\"6 3\""
        };
        // Consecutive present values make one run of the line.
        for run in one
            .values
            .iter()
            .enumerate()
            .collect::<Vec<_>>()
            .split(|(_, v)| v.is_none())
        {
            let points: Vec<String> = run
                .iter()
                .filter_map(|&(i, v)| Some(format!("{:.1},{:.1}", x(i), y((*v)?))))
                .collect();
            if points.len() > 1 {
                let _ = write!(
                    svg,
                    "<polyline points=\"{}\" fill=\"none\" stroke=\"{colour}\" stroke-width=\"2\"{dash}/>",
                    points.join(" ")
                );
            }
        }
        for (i, v) in one.values.iter().enumerate() {
            if let Some(v) = v {
                let _ = write!(
                    svg,
                    "<circle cx=\"{:.1}\" cy=\"{:.1}\" r=\"3\" fill=\"{colour}\"/>",
                    x(i),
                    y(*v)
                );
            }
        }
        names.push((one.name, colour));
    }
    for (i, label) in labels.iter().enumerate() {
        let _ = write!(
            svg,
            "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"12\" text-anchor=\"middle\" fill=\"#0b0c0c\">{}</text>",
            x(i),
            HEIGHT - 6.0,
            escape(label)
        );
    }
    key(&mut svg, &names);
    svg.push_str("</svg>");
    svg
}

/// The smallest of 1, 2 or 5 times a power of ten that is at least `value` (at least 1).
fn round_up(value: f64) -> f64 {
    if !value.is_finite() {
        return 1.0;
    }
    let mut step = 1.0;
    loop {
        for m in [1.0, 2.0, 5.0] {
            if step * m >= value {
                return step * m;
            }
        }
        step *= 10.0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn count_axes_end_on_a_round_number() {
        assert_eq!(round_up(0.0), 1.0);
        assert_eq!(round_up(3.0), 5.0);
        assert_eq!(round_up(17.0), 20.0);
        assert_eq!(round_up(101.0), 200.0);
    }

    #[test]
    fn a_chart_has_a_text_alternative_and_a_key_for_several_series() {
        let svg = grouped_bars(
            "c",
            "Plans <on time>",
            &["2023", "2024"],
            &[
                Series {
                    name: "This council",
                    values: vec![Some(40.0), None],
                },
                Series {
                    name: "England",
                    values: vec![Some(50.0), Some(46.4)],
                },
            ],
            Scale::Percent,
        );
        assert!(svg.contains("<title id=\"c-title\">Plans &lt;on time&gt;."));
        assert!(svg.contains(">England</text>"));
        assert!(svg.contains("data-series=\"England\" data-label=\"2024\" data-value=\"46.4\""));
        assert_eq!(
            svg.matches("<rect").count(),
            3 + 2,
            "three bars and two keys"
        );
    }

    #[test]
    fn lines_break_at_gaps_and_the_band_is_keyed() {
        let band = [None, Some((90.0, 110.0)), Some((95.0, 130.0))];
        let svg = count_lines(
            "l",
            "Plans",
            &["2021", "2022", "2023"],
            &[
                Series {
                    name: "Published",
                    values: vec![Some(80.0), None, Some(120.0)],
                },
                Series {
                    name: "Forecast",
                    values: vec![Some(80.0), Some(100.0), Some(112.0)],
                },
            ],
            Some(Band {
                name: "95% range",
                ranges: &band,
            }),
        );
        assert_eq!(
            svg.matches("<polyline").count(),
            1,
            "the gap breaks the first line"
        );
        assert_eq!(svg.matches("<circle").count(), 5);
        assert_eq!(svg.matches("<polygon").count(), 1);
        assert!(svg.contains(">95% range</text>"));
        // The axis reaches the band's top, 130, rounded up to 200.
        assert!(svg.contains(">200</text>"));
    }
}
