//! A line chart as SVG text, for W1's throughput against concurrency (`--sweep`, see
//! [`super::webshop`]). Written by hand so that the harness needs no plotting crate, and pure
//! (series in, text out) so that it is tested without running a benchmark.
//!
//! The x axis is logarithmic (base 2): a sweep multiplies the connections (1, 4, 16, 64, 256), and
//! on a linear axis the small counts, where the curves bend, would crowd into the left edge. The y
//! axis starts at zero so that the heights of two lines compare as a ratio.

use std::fmt::Write as _;

use super::grouped;

/// One line of the chart: a target's requests/s at each connection count.
pub(super) struct Series {
    pub name: String,
    /// (connections, requests/s), in any order.
    pub points: Vec<(usize, f64)>,
}

/// What to draw; the text is escaped here, callers pass it as it reads.
pub(super) struct Chart<'a> {
    pub title: &'a str,
    pub x_title: &'a str,
    pub y_title: &'a str,
    pub series: &'a [Series],
}

const WIDTH: f64 = 720.0;
const HEIGHT: f64 = 420.0;
/// The plot area, inside the axes; the legend goes to its right.
const LEFT: f64 = 80.0;
const RIGHT: f64 = 560.0;
const TOP: f64 = 50.0;
const BOTTOM: f64 = 350.0;
/// Room between the ends of the x axis and the first and last points, so that markers do not
/// sit on the y axis or run into the legend.
const INSET: f64 = 20.0;
/// Colours that stay apart for the common kinds of colour blindness (the markers differ too).
const COLOURS: [&str; 6] = [
    "#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9",
];
/// Marker outlines around (0, 0): circle, square, diamond, triangle.
const MARKERS: [&str; 4] = [
    "M-4,0a4,4 0 1,0 8,0a4,4 0 1,0 -8,0Z",
    "M-4,-4h8v8h-8Z",
    "M0,-5L5,0L0,5L-5,0Z",
    "M0,-5L5,4H-5Z",
];

/// Where a value lands on the canvas.
struct Scale {
    /// log2 of the smallest and largest connection count.
    low: f64,
    high: f64,
    /// The top of the y axis and the distance between its gridlines.
    top: f64,
    step: f64,
}

impl Scale {
    fn new(series: &[Series]) -> Scale {
        let xs = || {
            series
                .iter()
                .flat_map(|s| s.points.iter().map(|p| log2(p.0)))
        };
        let low = xs().fold(f64::INFINITY, f64::min);
        let high = xs().fold(f64::NEG_INFINITY, f64::max);
        // No points at all: an empty frame.
        let (low, high) = if low <= high { (low, high) } else { (0.0, 0.0) };
        let largest = series
            .iter()
            .flat_map(|s| s.points.iter().map(|p| value(p.1)))
            .fold(0.0, f64::max);
        let (top, step) = y_axis(largest);
        Scale {
            low,
            high,
            top,
            step,
        }
    }

    fn x(&self, connections: usize) -> f64 {
        let span = self.high - self.low;
        if span <= 0.0 {
            // A single connection count: the middle.
            return (LEFT + RIGHT) / 2.0;
        }
        LEFT + INSET + (log2(connections) - self.low) / span * (RIGHT - LEFT - 2.0 * INSET)
    }

    fn y(&self, rate: f64) -> f64 {
        BOTTOM - value(rate) / self.top * (BOTTOM - TOP)
    }
}

fn log2(connections: usize) -> f64 {
    (connections.max(1) as f64).log2()
}

/// A rate as plotted: one that is not a finite number, or below zero, is drawn at zero rather
/// than spoiling every coordinate.
fn value(rate: f64) -> f64 {
    if rate.is_finite() { rate.max(0.0) } else { 0.0 }
}

/// The top of the y axis, strictly above `largest`, and the step between its gridlines: 1, 2 or
/// 5 times a power of ten, the smallest that needs at most 5 steps. The step before it needed 6
/// or more, so this one needs at least 3: 4 to 6 gridlines with the one at zero.
fn y_axis(largest: f64) -> (f64, f64) {
    // Below 4 the steps would be fractions of a request; the cap keeps the loop finite.
    let largest = largest.clamp(4.0, 1e15);
    let mut magnitude = 1.0;
    loop {
        for mantissa in [1.0, 2.0, 5.0] {
            let step = mantissa * magnitude;
            let steps = (largest / step).floor() + 1.0;
            if steps <= 5.0 {
                return (steps * step, step);
            }
        }
        magnitude *= 10.0;
    }
}

/// Text for SVG content and attribute values.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

/// The chart as a standalone SVG document, 720 × 420.
pub(super) fn svg(chart: &Chart) -> String {
    let scale = Scale::new(chart.series);
    let mut out = String::new();
    let _ = writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#);
    let _ = writeln!(
        out,
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" viewBox="0 0 {WIDTH} {HEIGHT}" font-family="sans-serif" font-size="13" fill="#222">"##
    );
    let _ = writeln!(
        out,
        r##"<rect width="{WIDTH}" height="{HEIGHT}" fill="#fff"/>"##
    );
    let _ = writeln!(
        out,
        r#"<text x="{:.1}" y="28" text-anchor="middle" font-size="14" font-weight="bold">{}</text>"#,
        WIDTH / 2.0,
        escape(chart.title)
    );

    // Horizontal gridlines with their requests/s.
    let steps = (scale.top / scale.step).round() as u64;
    for i in 0..=steps {
        let rate = i as f64 * scale.step;
        let y = scale.y(rate);
        let _ = writeln!(
            out,
            r##"<line x1="{LEFT}" y1="{y:.1}" x2="{RIGHT}" y2="{y:.1}" stroke="#ddd"/>"##
        );
        let _ = writeln!(
            out,
            r#"<text x="{:.1}" y="{:.1}" text-anchor="end" font-size="12">{}</text>"#,
            LEFT - 8.0,
            y + 4.0,
            grouped(rate.round() as u64)
        );
    }

    // A tick and a label at every connection count measured.
    let mut counts: Vec<usize> = chart
        .series
        .iter()
        .flat_map(|s| s.points.iter().map(|p| p.0))
        .collect();
    counts.sort_unstable();
    counts.dedup();
    for &n in &counts {
        let x = scale.x(n);
        let _ = writeln!(
            out,
            r##"<line x1="{x:.1}" y1="{BOTTOM}" x2="{x:.1}" y2="{:.1}" stroke="#222"/>"##,
            BOTTOM + 5.0
        );
        let _ = writeln!(
            out,
            r#"<text x="{x:.1}" y="{:.1}" text-anchor="middle" font-size="12">{n}</text>"#,
            BOTTOM + 20.0
        );
    }

    // The axes and their titles.
    let _ = writeln!(
        out,
        r##"<path d="M{LEFT},{TOP}V{BOTTOM}H{RIGHT}" fill="none" stroke="#222"/>"##
    );
    let _ = writeln!(
        out,
        r#"<text x="{:.1}" y="{:.1}" text-anchor="middle">{}</text>"#,
        (LEFT + RIGHT) / 2.0,
        BOTTOM + 45.0,
        escape(chart.x_title)
    );
    let middle = (TOP + BOTTOM) / 2.0;
    let _ = writeln!(
        out,
        r#"<text x="20" y="{middle:.1}" text-anchor="middle" transform="rotate(-90 20 {middle:.1})">{}</text>"#,
        escape(chart.y_title)
    );

    // One line per series, a marker at each point and the legend entry.
    for (i, series) in chart.series.iter().enumerate() {
        let colour = COLOURS[i % COLOURS.len()];
        let marker = MARKERS[i % MARKERS.len()];
        let name = escape(&series.name);
        let mut points = series.points.clone();
        points.sort_by_key(|p| p.0);
        let line = points
            .iter()
            .map(|&(n, rate)| format!("{:.1},{:.1}", scale.x(n), scale.y(rate)))
            .collect::<Vec<_>>()
            .join(" ");
        let _ = writeln!(
            out,
            r#"<polyline points="{line}" fill="none" stroke="{colour}" stroke-width="2"/>"#
        );
        for &(n, rate) in &points {
            let _ = writeln!(
                out,
                r#"<path class="point" transform="translate({:.1} {:.1})" d="{marker}" fill="{colour}"><title>{name}, {n} connections: {:.0} requests/s</title></path>"#,
                scale.x(n),
                scale.y(rate),
                value(rate)
            );
        }
        let y = TOP + 10.0 + 24.0 * i as f64;
        let _ = writeln!(
            out,
            r#"<line x1="{:.1}" y1="{y:.1}" x2="{:.1}" y2="{y:.1}" stroke="{colour}" stroke-width="2"/>"#,
            RIGHT + 16.0,
            RIGHT + 40.0
        );
        let _ = writeln!(
            out,
            r#"<path transform="translate({:.1} {y:.1})" d="{marker}" fill="{colour}"/>"#,
            RIGHT + 28.0
        );
        let _ = writeln!(
            out,
            r#"<text x="{:.1}" y="{:.1}">{name}</text>"#,
            RIGHT + 48.0,
            y + 4.5
        );
    }
    out.push_str("</svg>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn series(name: &str, points: &[(usize, f64)]) -> Series {
        Series {
            name: name.to_owned(),
            points: points.to_vec(),
        }
    }

    fn chart(series: &[Series]) -> String {
        svg(&Chart {
            title: "W1 webshop lookup: throughput vs concurrency",
            x_title: "connections",
            y_title: "requests/s",
            series,
        })
    }

    /// The centres of the point markers, in the order drawn.
    fn points(svg: &str) -> Vec<(f64, f64)> {
        svg.split(r#"class="point" transform="translate("#)
            .skip(1)
            .map(|rest| {
                let inside = rest.split(')').next().expect("a closing parenthesis");
                let (x, y) = inside.split_once(' ').expect("two coordinates");
                (x.parse().expect("x"), y.parse().expect("y"))
            })
            .collect()
    }

    /// Every tag closed in order, every `&` an entity: enough XML to catch unescaped text.
    fn well_formed(svg: &str) {
        let mut open = Vec::new();
        let mut rest = svg;
        while let Some(start) = rest.find('<') {
            let text = &rest[..start];
            assert!(!text.contains('>'), "a bare > in {text:?}");
            let end = rest[start..].find('>').expect("an unclosed tag") + start;
            let tag = &rest[start + 1..end];
            assert!(!tag.contains('<'), "a < inside the tag {tag:?}");
            if let Some(name) = tag.strip_prefix('/') {
                assert_eq!(
                    open.pop(),
                    Some(name.to_owned()),
                    "the tag closed out of order"
                );
            } else if !tag.starts_with('?') && !tag.ends_with('/') {
                let name = tag.split_whitespace().next().expect("a tag name");
                open.push(name.to_owned());
            }
            rest = &rest[end + 1..];
        }
        assert!(open.is_empty(), "tags left open: {open:?}");
        for (i, _) in svg.match_indices('&') {
            let entity = &svg[i..svg.len().min(i + 7)];
            assert!(
                ["&amp;", "&lt;", "&gt;", "&quot;", "&apos;"]
                    .iter()
                    .any(|e| entity.starts_with(e)),
                "a bare & at {entity:?}"
            );
        }
        assert!(!svg.contains("NaN") && !svg.contains("inf"), "{svg}");
    }

    #[test]
    fn points_land_inside_the_plot_area() {
        let sweep = [
            series(
                "Tillit",
                &[
                    (1, 900.0),
                    (4, 2_800.0),
                    (16, 4_100.0),
                    (64, 4_300.0),
                    (256, 3_900.0),
                ],
            ),
            series(
                "raw SQL",
                &[
                    (256, 9_800.0),
                    (1, 2_000.0),
                    (64, 10_400.0),
                    (4, 6_500.0),
                    (16, 9_900.0),
                ],
            ),
        ];
        let svg = chart(&sweep);
        well_formed(&svg);
        let points = points(&svg);
        assert_eq!(points.len(), 10);
        for (x, y) in points {
            assert!((LEFT..=RIGHT).contains(&x), "x {x}");
            assert!((TOP..=BOTTOM).contains(&y), "y {y}");
        }
        // Each series is drawn from the fewest connections to the most.
        assert!(svg.contains("raw SQL, 1 connections: 2000 requests/s"));
        assert!(svg.contains(">Tillit</text>") && svg.contains(">raw SQL</text>"));
        // A tick label at every count measured.
        for n in ["1", "4", "16", "64", "256"] {
            assert!(
                svg.contains(&format!(r#"font-size="12">{n}</text>"#)),
                "{n}"
            );
        }
    }

    #[test]
    fn connections_are_placed_on_a_log2_scale() {
        let sweep = [series("a", &[(1, 1.0), (2, 1.0), (4, 1.0), (256, 1.0)])];
        let scale = Scale::new(&sweep);
        let xs: Vec<f64> = [1, 2, 4, 16, 64, 256]
            .into_iter()
            .map(|n| scale.x(n))
            .collect();
        assert!(xs.windows(2).all(|w| w[0] < w[1]), "{xs:?}");
        // Every doubling is the same distance.
        let doubling = xs[1] - xs[0];
        assert!((xs[2] - xs[1] - doubling).abs() < 1e-9);
        assert!((xs[5] - xs[4] - 2.0 * doubling).abs() < 1e-9);
        assert!((xs[0] - (LEFT + INSET)).abs() < 1e-9);
        assert!((xs[5] - (RIGHT - INSET)).abs() < 1e-9);
    }

    #[test]
    fn the_y_axis_ends_above_the_largest_value_in_round_steps() {
        for largest in [
            0.0, 3.0, 4.0, 5.0, 9.9, 10.0, 99.0, 101.0, 999.0, 1_000.0, 4_321.0, 10_000.0,
            12_345.0, 49_999.0, 50_000.0, 987_654.0,
        ] {
            let (top, step) = y_axis(largest);
            assert!(top > largest, "{largest}: top {top}");
            let steps = top / step;
            assert!(
                (steps - steps.round()).abs() < 1e-9 && (3.0..=5.0).contains(&steps),
                "{largest}: {steps} steps of {step}"
            );
            let magnitude = 10f64.powf(step.log10().floor());
            assert!(
                [1.0, 2.0, 5.0].contains(&(step / magnitude).round()),
                "{largest}: step {step}"
            );
        }
        assert_eq!(y_axis(4_321.0), (5_000.0, 1_000.0));
        assert_eq!(y_axis(10_000.0), (15_000.0, 5_000.0));
        assert_eq!(y_axis(0.0), (5.0, 1.0));
        let svg = chart(&[series("a", &[(1, 4_321.0)])]);
        assert!(svg.contains(">5 000</text>") && !svg.contains(">6 000</text>"));
    }

    #[test]
    fn one_count_and_zero_throughput_stay_finite() {
        let single = chart(&[series("a", &[(64, 1_234.0)])]);
        well_formed(&single);
        assert_eq!(points(&single).len(), 1);
        assert!((points(&single)[0].0 - (LEFT + RIGHT) / 2.0).abs() < 1e-9);

        let zero = chart(&[
            series("a", &[(1, 0.0), (4, 0.0)]),
            series("b", &[(1, f64::NAN), (4, f64::INFINITY)]),
        ]);
        well_formed(&zero);
        for (x, y) in points(&zero) {
            assert!(x.is_finite() && y.is_finite());
            assert!((y - BOTTOM).abs() < 1e-9, "{y}");
        }

        // Nothing measured at all still gives a document.
        well_formed(&chart(&[]));
        well_formed(&chart(&[series("empty", &[])]));
        // A count of zero cannot come from `--sweep`, but would not break the scale either.
        well_formed(&chart(&[series("a", &[(0, 1.0), (8, 2.0)])]));
    }

    #[test]
    fn text_is_escaped() {
        let svg = svg(&Chart {
            title: "A & B <C>",
            x_title: "\"x\"",
            y_title: "y's",
            series: &[series("pgl<5> & 'four'", &[(1, 10.0), (2, 20.0)])],
        });
        well_formed(&svg);
        assert!(svg.contains("A &amp; B &lt;C&gt;"));
        assert!(svg.contains("&quot;x&quot;") && svg.contains("y&apos;s"));
        assert!(svg.contains("pgl&lt;5&gt; &amp; &apos;four&apos;"));
        assert!(!svg.contains("pgl<5>"));
    }
}
