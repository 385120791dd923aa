//! The consent form as an A4 PDF, produced on the server without a browser: the form is first laid
//! out into positioned text runs, rules and boxes ([`layout`], measured with the bundled DejaVu Sans
//! metrics, wrapped and paginated), then drawn with krilla, which embeds subsets of the fonts with
//! Unicode maps so the text can be searched, copied and read by `pdftotext`. The content is the
//! same as the SPA's printed form: controller, privacy policy, one empty box per purpose,
//! recipients, the legal sections, the declaration with its version and full hash, and one
//! signature block per contact (two empty ones on a blank form).

use krilla::Document;
use krilla::color::rgb;
use krilla::geom::{PathBuilder, Point, Rect};
use krilla::metadata::Metadata;
use krilla::num::NormalizedF32;
use krilla::page::PageSettings;
use krilla::paint::{Fill, Stroke};
use krilla::text::{Font, TextDirection};
use ttf_parser::Face;

use super::PartnerRole;
use super::consent_form::{ConsentForm, FormLanguage};
use crate::error::{AppError, AppResult};

static REGULAR_TTF: &[u8] = include_bytes!("../../../data/fonts/DejaVuSans.ttf");
static BOLD_TTF: &[u8] = include_bytes!("../../../data/fonts/DejaVuSans-Bold.ttf");

/// A4 in points.
const PAGE_WIDTH: f32 = 595.28;
const PAGE_HEIGHT: f32 = 841.89;
const MARGIN_X: f32 = 56.0;
const MARGIN_TOP: f32 = 56.0;
/// Room below the body for the footer line.
const MARGIN_BOTTOM: f32 = 64.0;
const BODY: f32 = 10.0;
const SMALL: f32 = 8.5;
const HEADING: f32 = 11.5;
const TITLE: f32 = 18.0;
const LEADING: f32 = 1.4;
const BOX_SIZE: f32 = 11.0;
const BOX_INDENT: f32 = 22.0;

const INK: (u8, u8, u8) = (0x1a, 0x1f, 0x2b);
const MUTED: (u8, u8, u8) = (0x5b, 0x64, 0x72);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Weight {
    Regular,
    Bold,
}

/// One thing drawn on a page; coordinates in points from the top-left corner, text at its
/// baseline.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    Text {
        x: f32,
        y: f32,
        size: f32,
        weight: Weight,
        muted: bool,
        text: String,
    },
    Rule {
        x1: f32,
        x2: f32,
        y: f32,
    },
    Square {
        x: f32,
        y: f32,
        size: f32,
    },
    Link {
        rect: (f32, f32, f32, f32),
        url: String,
    },
}

/// Text widths from the fonts' advance tables (kerning ignored, which only errs towards wrapping
/// a little early).
pub struct Metrics<'a> {
    regular: Face<'a>,
    bold: Face<'a>,
}

impl Metrics<'static> {
    pub fn bundled() -> AppResult<Self> {
        let parse = |bytes: &'static [u8]| {
            Face::parse(bytes, 0).map_err(|e| AppError::internal(anyhow::anyhow!("font: {e}")))
        };
        Ok(Metrics {
            regular: parse(REGULAR_TTF)?,
            bold: parse(BOLD_TTF)?,
        })
    }
}

impl Metrics<'_> {
    pub fn width(&self, text: &str, size: f32, weight: Weight) -> f32 {
        let face = match weight {
            Weight::Regular => &self.regular,
            Weight::Bold => &self.bold,
        };
        let units: u32 = text
            .chars()
            .map(|c| {
                face.glyph_index(c)
                    .and_then(|g| face.glyph_hor_advance(g))
                    .map_or(u32::from(face.units_per_em() / 2), u32::from)
            })
            .sum();
        units as f32 * size / f32::from(face.units_per_em())
    }
}

/// Splits `text` into lines no wider than `max` (explicit line breaks kept; a word longer than a
/// line is broken between characters).
pub fn wrap(metrics: &Metrics<'_>, text: &str, size: f32, weight: Weight, max: f32) -> Vec<String> {
    let mut lines = Vec::new();
    for source in text.lines() {
        let mut line = String::new();
        for word in source.split_whitespace() {
            let candidate = if line.is_empty() {
                word.to_owned()
            } else {
                format!("{line} {word}")
            };
            if metrics.width(&candidate, size, weight) <= max {
                line = candidate;
                continue;
            }
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            // The word alone: break it if even that does not fit.
            for c in word.chars() {
                line.push(c);
                if metrics.width(&line, size, weight) > max && line.chars().count() > 1 {
                    line.pop();
                    lines.push(std::mem::take(&mut line));
                    line.push(c);
                }
            }
        }
        lines.push(line);
    }
    if lines.is_empty() {
        lines.push(String::new());
    }
    lines
}

/// Lays the form out top to bottom, starting a new page when the next block does not fit.
struct Writer<'m> {
    metrics: &'m Metrics<'m>,
    pages: Vec<Vec<Item>>,
    y: f32,
}

impl<'m> Writer<'m> {
    fn new(metrics: &'m Metrics<'m>) -> Self {
        Writer {
            metrics,
            pages: vec![Vec::new()],
            y: MARGIN_TOP,
        }
    }

    fn bottom() -> f32 {
        PAGE_HEIGHT - MARGIN_BOTTOM
    }

    fn push(&mut self, item: Item) {
        if let Some(page) = self.pages.last_mut() {
            page.push(item);
        }
    }

    fn new_page(&mut self) {
        self.pages.push(Vec::new());
        self.y = MARGIN_TOP;
    }

    /// Starts a new page unless `height` more points fit on this one.
    fn keep(&mut self, height: f32) {
        if self.y + height > Self::bottom() && self.y > MARGIN_TOP {
            self.new_page();
        }
    }

    fn gap(&mut self, points: f32) {
        self.y += points;
    }

    /// Wrapped text from `x` to the right margin; returns the lines' count.
    fn text(&mut self, x: f32, text: &str, size: f32, weight: Weight, muted: bool) -> usize {
        let lines = wrap(self.metrics, text, size, weight, PAGE_WIDTH - MARGIN_X - x);
        let height = size * LEADING;
        let count = lines.len();
        for line in lines {
            self.keep(height);
            self.y += height;
            if !line.is_empty() {
                self.push(Item::Text {
                    x,
                    y: self.y - size * 0.3,
                    size,
                    weight,
                    muted,
                    text: line,
                });
            }
        }
        count
    }

    fn paragraph(&mut self, text: &str) {
        self.text(MARGIN_X, text, BODY, Weight::Regular, false);
        self.gap(BODY * 0.4);
    }

    /// A section heading, kept on the page with at least three lines of what follows.
    fn heading(&mut self, text: &str) {
        self.gap(HEADING * 0.6);
        self.keep(HEADING * LEADING + 3.0 * BODY * LEADING);
        self.text(MARGIN_X, text, HEADING, Weight::Bold, false);
        self.gap(2.0);
    }

    /// "Label: value" on one or more lines, the label muted.
    fn fact(&mut self, label: &str, value: &str) {
        self.text(MARGIN_X, label, SMALL, Weight::Regular, true);
        self.text(MARGIN_X, value, BODY, Weight::Regular, false);
        self.gap(3.0);
    }

    fn link(&mut self, label: &str, url: &str) {
        self.text(MARGIN_X, label, SMALL, Weight::Regular, true);
        let lines = self.text(MARGIN_X, url, BODY, Weight::Regular, false);
        if lines == 1 {
            let width = self.metrics.width(url, BODY, Weight::Regular);
            let top = self.y - BODY * LEADING;
            self.push(Item::Link {
                rect: (MARGIN_X, top, MARGIN_X + width, self.y),
                url: url.to_owned(),
            });
        }
        self.gap(3.0);
    }

    /// An empty square to tick with a pen, its name in bold and the description under it.
    fn choice(&mut self, name: &str, description: &str) {
        let x = MARGIN_X + BOX_INDENT;
        let name_lines = wrap(
            self.metrics,
            name,
            BODY,
            Weight::Bold,
            PAGE_WIDTH - MARGIN_X - x,
        )
        .len();
        self.keep((name_lines as f32 + 1.0) * BODY * LEADING + 6.0);
        self.gap(4.0);
        let top = self.y;
        self.push(Item::Square {
            x: MARGIN_X,
            y: top + 2.0,
            size: BOX_SIZE,
        });
        self.text(x, name, BODY, Weight::Bold, false);
        if !description.trim().is_empty() {
            self.text(x, description, BODY, Weight::Regular, true);
        }
        self.gap(4.0);
    }

    fn bullet(&mut self, text: &str) {
        let lines = wrap(
            self.metrics,
            text,
            BODY,
            Weight::Regular,
            PAGE_WIDTH - 2.0 * MARGIN_X - 12.0,
        );
        self.keep(BODY * LEADING);
        let first_baseline = self.y + BODY * LEADING - BODY * 0.3;
        self.push(Item::Text {
            x: MARGIN_X,
            y: first_baseline,
            size: BODY,
            weight: Weight::Regular,
            muted: false,
            text: "•".to_owned(),
        });
        self.text(
            MARGIN_X + 12.0,
            &lines.join("\n"),
            BODY,
            Weight::Regular,
            false,
        );
        self.gap(2.0);
    }

    /// A line to write on with its caption under it; `value` is printed on the line.
    fn write_line(&mut self, x1: f32, x2: f32, baseline: f32, caption: &str, value: Option<&str>) {
        if let Some(value) = value.filter(|v| !v.is_empty()) {
            self.push(Item::Text {
                x: x1 + 2.0,
                y: baseline - 3.0,
                size: BODY,
                weight: Weight::Regular,
                muted: false,
                text: value.to_owned(),
            });
        }
        self.push(Item::Rule {
            x1,
            x2,
            y: baseline,
        });
        self.push(Item::Text {
            x: x1,
            y: baseline + SMALL * 1.3,
            size: SMALL,
            weight: Weight::Regular,
            muted: true,
            text: caption.to_owned(),
        });
    }

    /// Date, signature and name-clarification lines for one signer.
    fn signature(&mut self, name: Option<&str>, labels: &Labels) {
        let height = 2.0 * (28.0 + SMALL * 1.6) + BODY * LEADING + 8.0;
        self.keep(height);
        self.gap(6.0);
        if let Some(name) = name {
            self.text(MARGIN_X, name, BODY, Weight::Bold, false);
        }
        let right = PAGE_WIDTH - MARGIN_X;
        let split = MARGIN_X + 150.0;
        self.y += 28.0;
        let baseline = self.y;
        self.write_line(MARGIN_X, split - 16.0, baseline, labels.date, None);
        self.write_line(split, right, baseline, labels.signature, None);
        self.y += SMALL * 1.6 + 28.0;
        let baseline = self.y;
        self.write_line(split, right, baseline, labels.name_clarification, name);
        self.y += SMALL * 1.6;
    }
}

/// The form's fixed wording in its language (the SPA's `consentForm.doc.*` texts).
pub struct Labels {
    controller: &'static str,
    customer: &'static str,
    customer_number: &'static str,
    privacy_policy: &'static str,
    not_given: &'static str,
    dpo: &'static str,
    authority: &'static str,
    purposes: &'static str,
    purposes_hint: &'static str,
    no_purposes: &'static str,
    recipients: &'static str,
    no_recipients: &'static str,
    transfer: &'static str,
    declaration: &'static str,
    version: &'static str,
    full_hash: &'static str,
    signatures: &'static str,
    date: &'static str,
    signature: &'static str,
    name_clarification: &'static str,
    org_number: &'static str,
    printed: &'static str,
    page: &'static str,
}

impl Labels {
    pub fn of(language: FormLanguage) -> &'static Labels {
        match language {
            FormLanguage::Sv => &SV,
            FormLanguage::En => &EN,
        }
    }
}

static SV: Labels = Labels {
    controller: "Personuppgiftsansvarig",
    customer: "Kund",
    customer_number: "Kundnummer",
    privacy_policy: "Integritetspolicy",
    not_given: "Ej angiven",
    dpo: "Kontakt för dataskydd",
    authority: "Tillsynsmyndighet",
    purposes: "Jag samtycker till",
    purposes_hint: "Kryssa i det du samtycker till. Samtycket är frivilligt och du kan när som \
                    helst återkalla det.",
    no_purposes: "Det finns inga ändamål att samtycka till.",
    recipients: "Mottagare av personuppgifterna",
    no_recipients: "Personuppgifterna lämnas inte ut till någon annan.",
    transfer: "överföring utanför EU/EES",
    declaration: "Försäkran",
    version: "Samtyckestext version",
    full_hash: "Kontrollsumma (SHA-256):",
    signatures: "Underskrift",
    date: "Datum",
    signature: "Namnteckning",
    name_clarification: "Namnförtydligande",
    org_number: "Org.nr",
    printed: "Utskriven",
    page: "Sida",
};

static EN: Labels = Labels {
    controller: "Data controller",
    customer: "Customer",
    customer_number: "Customer number",
    privacy_policy: "Privacy policy",
    not_given: "Not given",
    dpo: "Data-protection contact",
    authority: "Supervisory authority",
    purposes: "I consent to",
    purposes_hint: "Tick what you consent to. Consent is voluntary and you can withdraw it at \
                    any time.",
    no_purposes: "There are no purposes to consent to.",
    recipients: "Recipients of the personal data",
    no_recipients: "The personal data is not shared with anyone else.",
    transfer: "transfer outside the EU/EEA",
    declaration: "Declaration",
    version: "Declaration version",
    full_hash: "Checksum (SHA-256):",
    signatures: "Signature",
    date: "Date",
    signature: "Signature",
    name_clarification: "Name in block letters",
    org_number: "Org. no.",
    printed: "Printed",
    page: "Page",
};

fn role_label(role: &str, language: FormLanguage) -> &'static str {
    let sv = language == FormLanguage::Sv;
    match PartnerRole::from_db(role) {
        Some(PartnerRole::Processor) if sv => "Personuppgiftsbiträde",
        Some(PartnerRole::Processor) => "Processor",
        Some(PartnerRole::IndependentController) if sv => "Självständigt personuppgiftsansvarig",
        Some(PartnerRole::IndependentController) => "Independent controller",
        Some(PartnerRole::JointController) if sv => "Gemensamt personuppgiftsansvarig",
        Some(PartnerRole::JointController) => "Joint controller",
        None => "",
    }
}

/// The full hash in groups of eight characters, to read and compare on paper.
fn grouped(hash: &str) -> String {
    let clean: Vec<char> = hash
        .chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect();
    clean
        .chunks(8)
        .map(|c| c.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The form laid out into pages of items (exposed for the layout tests).
pub fn layout(form: &ConsentForm, metrics: &Metrics<'_>) -> Vec<Vec<Item>> {
    let labels = Labels::of(form.language);
    let s = &form.settings;
    let mut w = Writer::new(metrics);

    w.text(MARGIN_X, &form.title, TITLE, Weight::Bold, false);
    w.gap(10.0);

    w.text(MARGIN_X, labels.controller, SMALL, Weight::Regular, true);
    w.text(MARGIN_X, &s.company_name, BODY, Weight::Bold, false);
    if !s.org_number.trim().is_empty() {
        w.text(
            MARGIN_X,
            &format!("{} {}", labels.org_number, s.org_number),
            BODY,
            Weight::Regular,
            false,
        );
    }
    if !s.address.trim().is_empty() {
        w.text(MARGIN_X, &s.address, BODY, Weight::Regular, false);
    }
    let contact: Vec<&str> = [s.email.as_str(), s.phone.as_str()]
        .into_iter()
        .filter(|v| !v.trim().is_empty())
        .collect();
    if !contact.is_empty() {
        w.text(MARGIN_X, &contact.join(" · "), BODY, Weight::Regular, false);
    }
    w.gap(10.0);

    match &form.customer {
        Some(customer) => {
            w.fact(labels.customer, &customer.display_name);
            w.fact(labels.customer_number, &customer.number.to_string());
        }
        None => {
            for caption in [labels.customer, labels.customer_number] {
                w.keep(30.0);
                w.y += 22.0;
                let baseline = w.y;
                w.write_line(MARGIN_X, PAGE_WIDTH - MARGIN_X, baseline, caption, None);
                w.y += SMALL * 1.6;
            }
        }
    }
    w.gap(4.0);

    if s.privacy_policy_url.trim().is_empty() {
        w.fact(labels.privacy_policy, labels.not_given);
    } else {
        w.link(labels.privacy_policy, &s.privacy_policy_url);
    }
    let dpo: Vec<&str> = [s.dpo_name.as_str(), s.dpo_email.as_str()]
        .into_iter()
        .filter(|v| !v.trim().is_empty())
        .collect();
    if !dpo.is_empty() {
        w.fact(labels.dpo, &dpo.join(", "));
    }
    w.fact(
        labels.authority,
        &format!("{} ({})", form.authority_name, form.authority_url),
    );

    w.heading(labels.purposes);
    w.text(MARGIN_X, labels.purposes_hint, SMALL, Weight::Regular, true);
    if form.purposes.is_empty() {
        w.paragraph(labels.no_purposes);
    }
    for purpose in &form.purposes {
        w.choice(&purpose.name, &purpose.description);
    }

    w.heading(labels.recipients);
    if form.recipients.is_empty() {
        w.paragraph(labels.no_recipients);
    }
    for r in &form.recipients {
        let mut line = format!(
            "{} – {}, {}",
            r.name,
            role_label(&r.role, form.language),
            r.country
        );
        if !r.purpose.trim().is_empty() {
            line.push_str(": ");
            line.push_str(&r.purpose);
        }
        if r.third_country_transfer {
            line.push_str(&format!(" ({}", labels.transfer));
            if !r.transfer_safeguard.trim().is_empty() {
                line.push_str(&format!(": {}", r.transfer_safeguard));
            }
            line.push(')');
        }
        w.bullet(&line);
    }

    for section in &form.sections {
        w.heading(&section.heading);
        for p in &section.paragraphs {
            w.paragraph(p);
        }
    }

    w.heading(labels.declaration);
    w.paragraph(&form.declaration.text);
    w.text(
        MARGIN_X,
        &format!(
            "{} {} · {}",
            labels.version,
            form.declaration.version,
            form.declaration.content_hash.get(..12).unwrap_or_default()
        ),
        BODY,
        Weight::Bold,
        false,
    );
    w.text(
        MARGIN_X,
        &format!(
            "{} {}",
            labels.full_hash,
            grouped(&form.declaration.content_hash)
        ),
        SMALL,
        Weight::Regular,
        true,
    );

    w.heading(labels.signatures);
    let names: Vec<&str> = form
        .customer
        .as_ref()
        .map(|c| {
            c.contact_names
                .iter()
                .map(|n| n.trim())
                .filter(|n| !n.is_empty())
                .collect()
        })
        .unwrap_or_default();
    if names.is_empty() {
        w.signature(None, labels);
        w.signature(None, labels);
    } else {
        for name in names {
            w.signature(Some(name), labels);
        }
    }

    // The footer on every page: customer number, when printed, page n of m.
    let total = w.pages.len();
    let printed = form.generated_at.format("%Y-%m-%d %H:%M UTC");
    for (index, page) in w.pages.iter_mut().enumerate() {
        let mut footer = String::new();
        if let Some(customer) = &form.customer {
            footer.push_str(&format!(
                "{} {} · ",
                labels.customer_number, customer.number
            ));
        }
        footer.push_str(&format!(
            "{} {printed} · {} {}/{} · {} {}",
            labels.printed,
            labels.page,
            index + 1,
            total,
            labels.version,
            form.declaration.version
        ));
        let y = PAGE_HEIGHT - MARGIN_BOTTOM + 28.0;
        page.push(Item::Rule {
            x1: MARGIN_X,
            x2: PAGE_WIDTH - MARGIN_X,
            y: y - SMALL - 4.0,
        });
        page.push(Item::Text {
            x: MARGIN_X,
            y,
            size: SMALL,
            weight: Weight::Regular,
            muted: true,
            text: footer,
        });
    }
    w.pages
}

fn fill(color: (u8, u8, u8)) -> Fill {
    Fill {
        paint: rgb::Color::new(color.0, color.1, color.2).into(),
        opacity: NormalizedF32::ONE,
        rule: Default::default(),
    }
}

fn stroke(width: f32) -> Stroke {
    Stroke {
        paint: rgb::Color::new(INK.0, INK.1, INK.2).into(),
        width,
        ..Default::default()
    }
}

fn font(bytes: &'static [u8]) -> AppResult<Font> {
    Font::new(bytes.into(), 0)
        .ok_or_else(|| AppError::internal(anyhow::anyhow!("the bundled font could not be loaded")))
}

/// The form as PDF bytes.
pub fn render(form: &ConsentForm) -> AppResult<Vec<u8>> {
    let metrics = Metrics::bundled()?;
    let pages = layout(form, &metrics);
    let regular = font(REGULAR_TTF)?;
    let bold = font(BOLD_TTF)?;
    let mut document = Document::new();
    let mut title = form.title.clone();
    if let Some(customer) = &form.customer {
        title.push_str(&format!(" – {}", customer.display_name));
    }
    document.set_metadata(
        Metadata::new()
            .title(title)
            .language(match form.language {
                FormLanguage::Sv => "sv".to_owned(),
                FormLanguage::En => "en".to_owned(),
            })
            .creator("Tillit".to_owned())
            .producer("Tillit (krilla)".to_owned()),
    );
    let settings = PageSettings::from_wh(PAGE_WIDTH, PAGE_HEIGHT)
        .ok_or_else(|| AppError::internal(anyhow::anyhow!("invalid page size")))?;
    for items in pages {
        let mut page = document.start_page_with(settings.clone());
        let mut links = Vec::new();
        {
            let mut surface = page.surface();
            for item in items {
                match item {
                    Item::Text {
                        x,
                        y,
                        size,
                        weight,
                        muted,
                        text,
                    } => {
                        surface.set_fill(Some(fill(if muted { MUTED } else { INK })));
                        surface.set_stroke(None);
                        let font = match weight {
                            Weight::Regular => regular.clone(),
                            Weight::Bold => bold.clone(),
                        };
                        surface.draw_text(
                            Point::from_xy(x, y),
                            font,
                            size,
                            &text,
                            false,
                            TextDirection::Auto,
                        );
                    }
                    Item::Rule { x1, x2, y } => {
                        let mut path = PathBuilder::new();
                        path.move_to(x1, y);
                        path.line_to(x2, y);
                        if let Some(path) = path.finish() {
                            surface.set_fill(None);
                            surface.set_stroke(Some(stroke(0.6)));
                            surface.draw_path(&path);
                        }
                    }
                    Item::Square { x, y, size } => {
                        let mut path = PathBuilder::new();
                        if let Some(rect) = Rect::from_xywh(x, y, size, size) {
                            path.push_rect(rect);
                        }
                        if let Some(path) = path.finish() {
                            surface.set_fill(None);
                            surface.set_stroke(Some(stroke(0.9)));
                            surface.draw_path(&path);
                        }
                    }
                    Item::Link { rect, url } => links.push((rect, url)),
                }
            }
            surface.finish();
        }
        for ((left, top, right, bottom), url) in links {
            if let Some(rect) = Rect::from_ltrb(left, top, right, bottom) {
                page.add_annotation(
                    krilla::annotation::LinkAnnotation::new(
                        rect,
                        krilla::annotation::Target::Action(
                            krilla::action::LinkAction::new(url.clone()).into(),
                        ),
                    )
                    .into(),
                );
            }
        }
        page.finish();
    }
    document
        .finish()
        .map_err(|e| AppError::internal(anyhow::anyhow!("PDF: {e:?}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_fit_the_width_and_keep_every_word() {
        let metrics = Metrics::bundled().unwrap();
        let text = "Samtycket är frivilligt. Du kan när som helst återkalla det, lika enkelt som du \
                    gav det.\nEn ny rad.";
        let lines = wrap(&metrics, text, BODY, Weight::Regular, 150.0);
        assert!(lines.len() > 3, "{lines:?}");
        for line in &lines {
            assert!(
                metrics.width(line, BODY, Weight::Regular) <= 150.0,
                "{line}"
            );
        }
        assert_eq!(lines.last().map(String::as_str), Some("En ny rad."));
        let words: Vec<&str> = text.split_whitespace().collect();
        let rejoined = lines.join(" ");
        assert_eq!(rejoined.split_whitespace().collect::<Vec<_>>(), words);
    }

    #[test]
    fn a_word_longer_than_the_line_is_broken() {
        let metrics = Metrics::bundled().unwrap();
        let word = "x".repeat(200);
        let lines = wrap(&metrics, &word, BODY, Weight::Bold, 100.0);
        assert!(lines.len() > 1);
        assert_eq!(lines.concat(), word);
        for line in &lines {
            assert!(metrics.width(line, BODY, Weight::Bold) <= 100.0);
        }
        assert_eq!(wrap(&metrics, "", BODY, Weight::Regular, 100.0), vec![""]);
    }

    #[test]
    fn bold_is_wider_than_regular() {
        let metrics = Metrics::bundled().unwrap();
        let regular = metrics.width("Underskrift", BODY, Weight::Regular);
        let bold = metrics.width("Underskrift", BODY, Weight::Bold);
        assert!(regular > 30.0 && bold > regular, "{regular} {bold}");
    }

    #[test]
    fn the_hash_is_grouped_in_eights() {
        assert_eq!(grouped("ABCDEF0123456789ab"), "abcdef01 23456789 ab");
    }
}
