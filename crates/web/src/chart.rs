//! Server-rendered SVG charts. Each chart is an image with a text alternative and always sits
//! above a table holding the same figures, so nothing depends on seeing it.

use crate::html::escape;

/// A bar chart of percentages (0 to 100), one bar per label; a missing value leaves a gap.
pub fn percent_bars(id: &str, title: &str, bars: &[(String, Option<f64>)]) -> String {
    const WIDTH: f64 = 640.0;
    const HEIGHT: f64 = 220.0;
    const LEFT: f64 = 40.0;
    const BOTTOM: f64 = 24.0;
    let plot_height = HEIGHT - BOTTOM - 10.0;
    let slot = (WIDTH - LEFT) / bars.len().max(1) as f64;
    let mut svg = format!(
        "<svg class=\"app-chart\" id=\"{id}\" role=\"img\" aria-labelledby=\"{id}-title\" viewBox=\"0 0 {WIDTH} {HEIGHT}\" \
         width=\"100%\" style=\"max-width:{WIDTH}px\" xmlns=\"http://www.w3.org/2000/svg\">\
         <title id=\"{id}-title\">{}. The table below gives the figures.</title>",
        escape(title)
    );
    for tick in [0.0, 25.0, 50.0, 75.0, 100.0] {
        let y = 10.0 + plot_height * (1.0 - tick / 100.0);
        svg.push_str(&format!(
            "<line x1=\"{LEFT}\" x2=\"{WIDTH}\" y1=\"{y:.1}\" y2=\"{y:.1}\" stroke=\"#b1b4b6\" stroke-width=\"1\"/>\
             <text x=\"{:.1}\" y=\"{:.1}\" font-size=\"12\" text-anchor=\"end\" fill=\"#0b0c0c\">{tick}%</text>",
            LEFT - 4.0,
            y + 4.0
        ));
    }
    for (i, (label, value)) in bars.iter().enumerate() {
        let x = LEFT + slot * i as f64;
        if let Some(v) = value {
            let h = plot_height * v.clamp(0.0, 100.0) / 100.0;
            svg.push_str(&format!(
                "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{h:.1}\" fill=\"#1d70b8\"/>",
                x + slot * 0.15,
                10.0 + plot_height - h,
                slot * 0.7
            ));
        }
        svg.push_str(&format!(
            "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"12\" text-anchor=\"middle\" fill=\"#0b0c0c\">{}</text>",
            x + slot / 2.0,
            HEIGHT - 6.0,
            escape(label)
        ));
    }
    svg.push_str("</svg>");
    svg
}
