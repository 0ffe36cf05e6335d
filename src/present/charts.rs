//! Charts drawn with plotters' SVG backend (no JavaScript, no system fonts: text is left to the
//! browser). Three kinds: a proposal's implementors per code over time (stacked bars, stage
//! changes marked on the time axis, graduation threshold drawn), small multiples of complete
//! implementations per proposal for the index, and an implementor's proposal × month strip.
//! Colours are Okabe–Ito and every bar segment or strip cell also carries its code as text, so
//! nothing relies on colour alone. Each SVG gets `role="img"`, `<title>` and `<desc>`.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// Okabe–Ito colours by palette slot ([`crate::config::CodeRanks::colour`]; the theme's
/// `--r<slot>` are the same): blank, orange, sky blue, bluish green, reddish purple, yellow,
/// blue, vermillion, grey.
const PALETTE: [RGBColor; 9] = [
    RGBColor(0xee, 0xee, 0xee),
    RGBColor(0xe6, 0x9f, 0x00), // orange
    RGBColor(0x56, 0xb4, 0xe9), // sky blue
    RGBColor(0x00, 0x9e, 0x73), // bluish green
    RGBColor(0xcc, 0x79, 0xa7), // reddish purple
    RGBColor(0xf0, 0xe4, 0x42), // yellow
    RGBColor(0x00, 0x72, 0xb2), // blue
    RGBColor(0xd5, 0x5e, 0x00), // vermillion
    RGBColor(0xbb, 0xbb, 0xbb), // grey
];

/// The colour of palette slot `slot`; `None` (a not-applicable code) is a neutral light grey.
pub fn slot_colour(slot: Option<usize>) -> RGBColor {
    slot.and_then(|s| PALETTE.get(s).copied())
        .unwrap_or(RGBColor(0xdd, 0xdd, 0xdd))
}

const INK: RGBColor = RGBColor(0x1a, 0x1a, 0x1a);
const GRID: RGBColor = RGBColor(0x88, 0x88, 0x88);
const FONT: &str = "sans-serif";

/// A series of one code for the stacked chart.
pub struct CodeSeries {
    pub code: String,
    pub label: String,
    /// The code's palette slot ([`slot_colour`]).
    pub colour: Option<usize>,
    /// One count per month.
    pub counts: Vec<usize>,
}

/// Input of a proposal chart.
pub struct ItemChart {
    pub id: String,
    pub title: String,
    pub desc: String,
    /// Short month labels ("Nov 2023"), one per bar.
    pub months: Vec<String>,
    /// The progress codes above blank, lowest first (stacked from the top code down).
    pub series: Vec<CodeSeries>,
    /// (bar index, label) where the stage changed before that month.
    pub stage_marks: Vec<(usize, String)>,
    /// The graduation threshold, drawn dashed; `None`: the site has no graduation.
    pub threshold: Option<usize>,
    /// The y axis: what is counted ("implementors").
    pub y_desc: String,
}

/// Why plotters could not draw a chart: its own error, which keeps the SVG backend's
/// `io::Error` as the source.
pub type ChartError = DrawingAreaErrorKind<std::io::Error>;

type DrawResult<T> = Result<T, ChartError>;

/// Adds the accessibility attributes, title and description to plotters' SVG.
pub fn finish_svg(svg: &str, id: &str, title: &str, desc: &str) -> String {
    // Labels come from names people wrote: characters XML forbids are dropped from the whole
    // document, so the SVG is well-formed whatever the names hold.
    let svg = super::svg_theme::compact(&super::escape::xml_chars(svg));
    let Some(open_end) = svg.find('>') else {
        return svg.to_string();
    };
    let open = &svg[..open_end];
    let open = open.replacen(
        "<svg ",
        &format!("<svg role=\"img\" aria-labelledby=\"{id}-title {id}-desc\" class=\"chart-svg\" "),
        1,
    );
    let rest = &svg[open_end + 1..];
    format!(
        "{open}>\n<title id=\"{id}-title\">{}</title>\n<desc id=\"{id}-desc\">{}</desc>{}{rest}",
        super::escape::xml(title),
        super::escape::xml(desc),
        super::svg_theme::STYLE
    )
}

fn text_style(size: f64) -> TextStyle<'static> {
    TextStyle::from((FONT, size).into_font()).color(&INK)
}

/// Text on a code's colour: black in both colour schemes (the code colours do not change).
fn code_text_style(size: f64) -> TextStyle<'static> {
    TextStyle::from((FONT, size).into_font()).color(&BLACK)
}

/// The plot width of [`item_chart`] at width `w`: less the right margin (stage and
/// threshold labels) and the y label area.
fn plot_width(w: u32) -> f64 {
    f64::from(w) - 10.0 - 150.0 - 52.0
}

/// Label every `step`-th month so no two x-axis labels overlap: the widest label's measured
/// width (about 0.6 em per character in a sans-serif face, plus a 1 em gap) against the room
/// one bar has.
pub fn label_step(months: &[String], plot_width: f64, font_size: f64) -> usize {
    let n = months.len().max(1);
    let widest = months.iter().map(|m| m.chars().count()).max().unwrap_or(0) as f64;
    let need = widest * 0.6 * font_size + font_size;
    let per_bar = plot_width / n as f64;
    ((need / per_bar).ceil() as usize).max(1)
}

/// The widest a legend row of [`item_chart`] may be: what a 390 px phone shows of the chart
/// (opened at its right end, where the newest months are) less a margin.
const LEGEND_ROW: i32 = 330;
/// The chart's width and its height with one legend row; each further row adds [`LEGEND_LINE`].
const CHART_W: u32 = 760;
const CHART_H: u32 = 340;
const LEGEND_LINE: u32 = 22;

/// The legend of [`item_chart`]: each entry's label and width (swatch, text at about 8 px a
/// character, gap), packed into rows no wider than [`LEGEND_ROW`], highest code first.
fn legend_rows(c: &ItemChart) -> Vec<Vec<(String, Option<usize>, i32)>> {
    let mut rows: Vec<Vec<(String, Option<usize>, i32)>> = Vec::new();
    let mut width = 0;
    for s in c.series.iter().rev() {
        let label = format!("{} {}", s.code, s.label);
        let w = 20 + (label.chars().count() as i32) * 8;
        match rows.last_mut() {
            Some(row) if width + 24 + w <= LEGEND_ROW => {
                width += 24 + w;
                row.push((label, s.colour, w));
            }
            _ => {
                width = w;
                rows.push(vec![(label, s.colour, w)]);
            }
        }
    }
    rows
}

/// The height of [`item_chart`]: taller by a line for each legend row past the first.
pub fn item_chart_height(c: &ItemChart) -> u32 {
    let rows = legend_rows(c).len().max(1) as u32;
    CHART_H + (rows - 1) * LEGEND_LINE
}

/// Stacked bars of implementors per code over time, one bar per month.
pub fn item_chart(c: &ItemChart) -> DrawResult<String> {
    let n = c.months.len().max(1);
    let (w, h) = (CHART_W, item_chart_height(c));
    let totals: Vec<usize> = (0..n)
        .map(|i| {
            c.series
                .iter()
                .map(|s| s.counts.get(i).copied().unwrap_or(0))
                .sum()
        })
        .collect();
    let ymax = totals
        .iter()
        .copied()
        .max()
        .unwrap_or(0)
        .max(c.threshold.unwrap_or(0))
        + 1;
    let mut buf = String::new();
    {
        let root = SVGBackend::with_string(&mut buf, (w, h)).into_drawing_area();
        root.fill(&WHITE)?;
        // The legend at the top right, in rows that wrap: a phone opens the chart at its right
        // end, so every entry is in view there.
        let rows = legend_rows(c);
        for (ri, row) in rows.iter().enumerate() {
            let row_w: i32 = row.iter().map(|e| e.2).sum::<i32>() + 24 * (row.len() as i32 - 1);
            let mut x = w as i32 - 10 - row_w;
            let y = 10 + ri as i32 * LEGEND_LINE as i32;
            for (label, colour, ew) in row {
                root.draw(&Rectangle::new(
                    [(x, y), (x + 14, y + 14)],
                    slot_colour(*colour).filled(),
                ))?;
                root.draw(&Text::new(label.clone(), (x + 20, y), text_style(16.0)))?;
                x += ew + 24;
            }
        }
        let top = 34 + (rows.len().max(1) as u32 - 1) * LEGEND_LINE;
        let area = root.margin(top, 10, 10, 150);
        let mut chart = ChartBuilder::on(&area)
            .x_label_area_size(36)
            .y_label_area_size(52)
            .build_cartesian_2d(-0.5f64..(n as f64 - 0.5), 0f64..ymax as f64)?;
        let months = c.months.clone();
        let step = label_step(&c.months, plot_width(w), 15.0);
        let ylabels = ymax.min(10) + 1;
        chart
            .configure_mesh()
            .disable_x_mesh()
            .x_labels(n.min(60) * 2)
            .x_label_formatter(&move |x| {
                let i = x.round();
                if (x - i).abs() > 1e-6 || i < 0.0 {
                    return String::new();
                }
                let i = i as usize;
                if !i.is_multiple_of(step) {
                    String::new()
                } else {
                    months.get(i).cloned().unwrap_or_default()
                }
            })
            .y_labels(ylabels)
            .y_label_formatter(&|y| {
                if (y - y.round()).abs() < 1e-6 {
                    format!("{}", y.round() as i64)
                } else {
                    String::new()
                }
            })
            .y_desc(c.y_desc.as_str())
            .label_style(text_style(15.0))
            .axis_desc_style(text_style(15.0))
            .max_light_lines(0)
            .bold_line_style(RGBColor(0xcc, 0xcc, 0xcc))
            .axis_style(GRID)
            .draw()?;
        let bar = 0.36f64;
        // Stack the highest code at the bottom.
        for i in 0..n {
            let mut y0 = 0f64;
            for s in c.series.iter().rev() {
                let v = s.counts.get(i).copied().unwrap_or(0) as f64;
                if v == 0.0 {
                    continue;
                }
                let colour = slot_colour(s.colour);
                let x = i as f64;
                chart.draw_series(std::iter::once(Rectangle::new(
                    [(x - bar, y0), (x + bar, y0 + v)],
                    colour.filled(),
                )))?;
                chart.draw_series(std::iter::once(Rectangle::new(
                    [(x - bar, y0), (x + bar, y0 + v)],
                    WHITE.stroke_width(1),
                )))?;
                // The code as text inside the segment when there is room.
                let (px0, py0) = chart.backend_coord(&(x - bar, y0));
                let (px1, py1) = chart.backend_coord(&(x + bar, y0 + v));
                if (py0 - py1).abs() >= 16 && (px1 - px0).abs() >= 18 {
                    let label = format!(
                        "{}{}",
                        s.code,
                        if v > 1.0 {
                            format!(" {}", v as usize)
                        } else {
                            String::new()
                        }
                    );
                    if (label.chars().count() as i32) * 9 <= (px1 - px0).abs() {
                        let style = code_text_style(14.0).pos(Pos::new(HPos::Center, VPos::Center));
                        root.draw(&Text::new(label, ((px0 + px1) / 2, (py0 + py1) / 2), style))?;
                    }
                }
                y0 += v;
            }
        }
        // Graduation threshold.
        if let Some(threshold) = c.threshold {
            let t = threshold as f64;
            chart.draw_series(DashedLineSeries::new(
                vec![(-0.5, t), (n as f64 - 0.5, t)],
                6,
                4,
                INK.stroke_width(1),
            ))?;
            let (tx, ty) = chart.backend_coord(&(n as f64 - 0.5, t));
            // The label sits in the right margin, clear of the bars.
            root.draw(&Text::new(
                "graduation".to_string(),
                (tx + 8, ty - 2),
                text_style(14.0).pos(Pos::new(HPos::Left, VPos::Bottom)),
            ))?;
            root.draw(&Text::new(
                format!("{threshold} complete"),
                (tx + 8, ty + 2),
                text_style(14.0).pos(Pos::new(HPos::Left, VPos::Top)),
            ))?;
        }
        // Stage changes on the time axis.
        for (i, label) in &c.stage_marks {
            let x = *i as f64 - 0.5;
            chart.draw_series(DashedLineSeries::new(
                vec![(x, 0.0), (x, ymax as f64)],
                3,
                3,
                RGBColor(0x55, 0x55, 0x55).stroke_width(1),
            ))?;
            let (px, py) = chart.backend_coord(&(x, ymax as f64));
            root.draw(&Text::new(
                label.clone(),
                (px + 4, py + 2),
                text_style(15.0).pos(Pos::new(HPos::Left, VPos::Top)),
            ))?;
        }
        root.present()?;
    }
    Ok(finish_svg(&buf, &c.id, &c.title, &c.desc))
}

/// One small multiple: a proposal's complete count over time.
pub struct Panel {
    pub label: String,
    /// The palette slot of the complete code ([`slot_colour`]): the colour of the panel.
    pub colour: Option<usize>,
    /// One entry per month of the history; `None` where the proposal was not listed.
    pub counts: Vec<Option<usize>>,
}

/// The panels' layout: five columns of 176 px when every panel title (`LABEL · N`) fits one,
/// else three wider ones (titles such as "Get a Tracer with scope attributes · 9").
fn panel_layout<'a>(titles: impl Iterator<Item = &'a str>) -> (usize, u32) {
    const TOTAL: u32 = 880;
    let narrow = |cols: u32| fit_chars(TOTAL / cols);
    let longest = titles.map(|t| t.chars().count()).max().unwrap_or(0);
    let cols = if longest <= narrow(5) { 5 } else { 3 };
    (cols as usize, TOTAL / cols)
}

/// How many characters of a 16 px panel title fit a panel `pw` wide (about 0.6 em each, 8 px
/// margins).
fn fit_chars(pw: u32) -> usize {
    ((pw as f64 - 16.0) / (16.0 * 0.6)) as usize
}

/// A panel's title as drawn: `LABEL · N`, the label cut with "…" to fit the panel, and whether
/// it was cut.
fn panel_title(label: &str, now: usize, pw: u32) -> (String, bool) {
    let tail = format!(" · {now}");
    let room = fit_chars(pw).saturating_sub(tail.chars().count());
    if label.chars().count() <= room {
        return (format!("{label}{tail}"), false);
    }
    let cut: String = label.chars().take(room.saturating_sub(1)).collect();
    (format!("{}…{tail}", cut.trim_end()), true)
}

/// Small multiples, one panel per proposal, ranked by the caller. Readable with 15 or 60.
pub fn small_multiples(
    id: &str,
    title: &str,
    desc: &str,
    panels: &[Panel],
    months: usize,
    threshold: Option<usize>,
    span: Option<(&str, &str)>,
) -> DrawResult<String> {
    let last_of = |p: &Panel| p.counts.iter().rev().find_map(|c| *c).unwrap_or(0);
    let full: Vec<String> = panels
        .iter()
        .map(|p| format!("{} · {}", p.label, last_of(p)))
        .collect();
    let (cols, pw) = panel_layout(full.iter().map(String::as_str));
    // No empty columns: fewer panels than a row holds (one, drawn alone for the page) make a
    // narrower chart.
    let cols = cols.min(panels.len()).max(1);
    let rows = panels.len().div_ceil(cols).max(1);
    let ph = 96u32;
    let (w, h) = (pw * cols as u32, ph * rows as u32);
    let ymax = panels
        .iter()
        .flat_map(|p| p.counts.iter().flatten().copied())
        .max()
        .unwrap_or(0)
        .max(threshold.unwrap_or(0))
        + 1;
    let mut buf = String::new();
    {
        let root = SVGBackend::with_string(&mut buf, (w, h)).into_drawing_area();
        root.fill(&WHITE)?;
        let areas = root.split_evenly((rows, cols));
        for (panel, area) in panels.iter().zip(areas.iter()) {
            area.draw(&Text::new(
                panel_title(&panel.label, last_of(panel), pw).0,
                (8, 4),
                text_style(16.0).pos(Pos::new(HPos::Left, VPos::Top)),
            ))?;
            // The time axis: first and last month under each panel.
            if let Some((first, last)) = span {
                let style = text_style(11.0);
                area.draw(&Text::new(
                    first.to_string(),
                    (8, ph as i32 - 14),
                    style.clone().pos(Pos::new(HPos::Left, VPos::Top)),
                ))?;
                area.draw(&Text::new(
                    last.to_string(),
                    (pw as i32 - 8, ph as i32 - 14),
                    style.pos(Pos::new(HPos::Right, VPos::Top)),
                ))?;
            }
            let inner = area.margin(26, if span.is_some() { 18 } else { 8 }, 8, 8);
            let mut chart = ChartBuilder::on(&inner)
                .build_cartesian_2d(0f64..(months.max(2) - 1) as f64, 0f64..ymax as f64)?;
            chart.plotting_area().draw(&Rectangle::new(
                [(0.0, 0.0), ((months.max(2) - 1) as f64, ymax as f64)],
                RGBColor(0xcc, 0xcc, 0xcc).stroke_width(1),
            ))?;
            let points: Vec<(f64, f64)> = panel
                .counts
                .iter()
                .enumerate()
                .filter_map(|(i, v)| v.map(|v| (i as f64, v as f64)))
                .collect();
            let green = slot_colour(panel.colour);
            if points.len() == 1 {
                let (x, y) = points[0];
                chart.draw_series(std::iter::once(Circle::new((x, y), 3, green.filled())))?;
            } else {
                chart.draw_series(
                    AreaSeries::new(points.clone(), 0.0, green.mix(0.35))
                        .border_style(green.stroke_width(2)),
                )?;
            }
            if let Some(t) = threshold {
                let t = t as f64;
                chart.draw_series(DashedLineSeries::new(
                    vec![(0.0, t), ((months.max(2) - 1) as f64, t)],
                    4,
                    3,
                    INK.stroke_width(1),
                ))?;
            }
        }
        root.present()?;
    }
    Ok(finish_svg(&buf, id, title, desc))
}

/// Wraps each panel title of a small-multiples SVG (`LABEL · N`, as [`small_multiples`] draws
/// it) in a link: `links` gives (panel label, count now, URL) in the panels' order. URLs are
/// escaped for XML. The SVG's role becomes `group`.
pub fn link_panels(svg: &str, links: &[(String, usize, String)]) -> String {
    // An image's children are presentational, so a linked chart is a labelled group instead
    // (links may not be nested in role="img").
    let mut out = svg.replacen("<svg role=\"img\"", "<svg role=\"group\"", 1);
    let full: Vec<String> = links.iter().map(|(l, n, _)| format!("{l} · {n}")).collect();
    let (_, pw) = panel_layout(full.iter().map(String::as_str));
    // Panels are drawn in order, so each title is searched after the previous one: two items
    // may share a title.
    let mut from = 0;
    for (label, now, url) in links {
        let (shown, cut) = panel_title(label, *now, pw);
        // The text as [`super::svg_theme::compact`] leaves it: trimmed.
        let needle = format!(">{}</text>", super::escape::xml(&shown));
        let Some(end) = out[from..].find(&needle).map(|i| i + from) else {
            continue;
        };
        let Some(start) = out[..end].rfind("<text") else {
            continue;
        };
        let close = end + needle.len();
        let text = out[start..close].to_string();
        // A cut title keeps its whole text as the link's tooltip and accessible name.
        let title = if cut {
            format!("<title>{} · {now}</title>", super::escape::xml(label))
        } else {
            String::new()
        };
        let linked = format!("<a href=\"{}\">{title}{text}</a>", super::escape::xml(url));
        from = start + linked.len();
        out.replace_range(start..close, &linked);
    }
    out
}

/// One row of an implementor strip: a proposal and, per month, its code's palette slot (for
/// the colour, [`slot_colour`]) and the code (`None`: not listed).
pub struct StripRow<'a> {
    pub label: String,
    pub cells: Vec<Option<(Option<usize>, &'a str)>>,
}

/// Proposal × month grid coloured by code, codes written in the cells when they fit.
pub fn strip(
    id: &str,
    title: &str,
    desc: &str,
    months: &[String],
    rows: &[StripRow],
) -> DrawResult<String> {
    let n = months.len().max(1);
    let label_w = rows
        .iter()
        .map(|r| r.label.chars().count())
        .max()
        .unwrap_or(4) as u32
        * 9
        + 16;
    let cell_w = (720 / n as u32).clamp(6, 72);
    let cell_h = 24u32;
    let top = 8u32;
    let bottom = 36u32;
    let w = label_w + cell_w * n as u32 + 16;
    let h = top + cell_h * rows.len().max(1) as u32 + bottom;
    let mut buf = String::new();
    {
        let root = SVGBackend::with_string(&mut buf, (w, h)).into_drawing_area();
        root.fill(&WHITE)?;
        for (ri, row) in rows.iter().enumerate() {
            let y = (top + ri as u32 * cell_h) as i32;
            root.draw(&Text::new(
                row.label.clone(),
                (label_w as i32 - 8, y + cell_h as i32 / 2),
                text_style(15.0).pos(Pos::new(HPos::Right, VPos::Center)),
            ))?;
            // One rectangle per run of equal cells: codes change rarely, so a long history stays
            // small, and a run wide enough carries its code as text.
            let mut mi = 0;
            while mi < row.cells.len() {
                let cell = &row.cells[mi];
                let run = row.cells[mi..].iter().take_while(|c| *c == cell).count();
                let x = (label_w + mi as u32 * cell_w) as i32;
                let w = (run as u32 * cell_w) as i32;
                let rect = [(x, y), (x + w - 1, y + cell_h as i32 - 1)];
                match cell {
                    Some((slot, code)) => {
                        root.draw(&Rectangle::new(rect, slot_colour(*slot).filled()))?;
                        if w >= 18 && !code.is_empty() {
                            root.draw(&Text::new(
                                code.to_string(),
                                (x + w / 2, y + cell_h as i32 / 2),
                                code_text_style(15.0).pos(Pos::new(HPos::Center, VPos::Center)),
                            ))?;
                        }
                    }
                    None => {
                        root.draw(&Rectangle::new(
                            rect,
                            RGBColor(0xbb, 0xbb, 0xbb).stroke_width(1),
                        ))?;
                    }
                }
                mi += run;
            }
        }
        // A month label is about 64 px wide at this size: label every `step`-th month.
        let step = (64usize).div_ceil(cell_w as usize).max(1);
        let y = (top + rows.len().max(1) as u32 * cell_h + 6) as i32;
        for (mi, m) in months.iter().enumerate() {
            if mi % step == 0 {
                let x = (label_w + mi as u32 * cell_w) as i32;
                root.draw(&Text::new(
                    m.clone(),
                    (x, y),
                    text_style(14.0).pos(Pos::new(HPos::Left, VPos::Top)),
                ))?;
            }
        }
        root.present()?;
    }
    Ok(finish_svg(&buf, id, title, desc))
}
