//! Order and invoice lines in exact integers: amounts in minor units (öre, øre, cent),
//! quantities in thousandths, VAT rates in basis points (2500 = 25 %). Rounding is half away
//! from zero, per line, as Nordic invoices print it.

use super::ValidationError;
use super::text;

/// The largest quantity a line takes (in whole units).
pub const MAX_QUANTITY: f64 = 1_000_000.0;
/// The largest unit price (in minor units): 100 million in major units.
pub const MAX_UNIT_PRICE: i64 = 10_000_000_000;
/// VAT above 30 % does not exist in the Nordics.
pub const MAX_VAT_RATE_BP: i32 = 3_000;
pub const LINE_DESCRIPTION_MAX: usize = 500;
pub const MAX_LINES: usize = 200;

/// A validated line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    pub description: String,
    pub quantity_milli: i64,
    pub unit_price_minor: i64,
    pub vat_rate_bp: i32,
}

/// Why a line was refused, and in which of its fields.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineError {
    pub field: &'static str,
    pub message: String,
}

fn error(field: &'static str, message: impl Into<String>) -> LineError {
    LineError {
        field,
        message: message.into(),
    }
}

/// Divides and rounds half away from zero.
fn div_round(numerator: i128, denominator: i128) -> i128 {
    let half = denominator / 2;
    if numerator >= 0 {
        (numerator + half) / denominator
    } else {
        (numerator - half) / denominator
    }
}

impl Line {
    pub fn new(
        description: &str,
        quantity: f64,
        unit_price_minor: i64,
        vat_rate_bp: i32,
    ) -> Result<Line, LineError> {
        let description = text::clean(Some(description), LINE_DESCRIPTION_MAX, true, false)
            .map_err(|e: ValidationError| error("description", e.to_string()))?
            .unwrap_or_default();
        if !quantity.is_finite() || quantity <= 0.0 || quantity > MAX_QUANTITY {
            return Err(error("quantity", "must be more than 0 and at most 1000000"));
        }
        let quantity_milli = (quantity * 1000.0).round() as i64;
        if quantity_milli == 0 {
            return Err(error("quantity", "must be at least 0.001"));
        }
        if unit_price_minor.abs() > MAX_UNIT_PRICE {
            return Err(error("unitPrice", "is too large"));
        }
        if !(0..=MAX_VAT_RATE_BP).contains(&vat_rate_bp) {
            return Err(error(
                "vatRate",
                "must be between 0 and 3000 basis points (30 %)",
            ));
        }
        Ok(Line {
            description,
            quantity_milli,
            unit_price_minor,
            vat_rate_bp,
        })
    }

    pub fn quantity(&self) -> f64 {
        self.quantity_milli as f64 / 1000.0
    }

    /// Quantity × unit price, rounded to the minor unit.
    pub fn net_minor(&self) -> i64 {
        let net = div_round(
            i128::from(self.quantity_milli) * i128::from(self.unit_price_minor),
            1000,
        );
        i64::try_from(net).unwrap_or(i64::MAX)
    }

    pub fn vat_minor(&self) -> i64 {
        let vat = div_round(
            i128::from(self.net_minor()) * i128::from(self.vat_rate_bp),
            10_000,
        );
        i64::try_from(vat).unwrap_or(i64::MAX)
    }
}

/// Net, VAT and total of lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Totals {
    pub net_minor: i64,
    pub vat_minor: i64,
    pub total_minor: i64,
}

pub fn totals(lines: &[Line]) -> Totals {
    let net_minor = lines.iter().map(Line::net_minor).sum();
    let vat_minor = lines.iter().map(Line::vat_minor).sum();
    Totals {
        net_minor,
        vat_minor,
        total_minor: net_minor + vat_minor,
    }
}

#[cfg(test)]
// Amounts are written kronor_öre (149_93 = 149.93) so the rounding is easy to follow.
#[allow(clippy::inconsistent_digit_grouping)]
mod tests {
    use super::*;

    #[test]
    fn lines_round_half_away_from_zero() {
        let line = Line::new("Service visit", 1.5, 99_95, 2500).unwrap();
        assert_eq!(line.quantity_milli, 1500);
        // 1.5 × 99.95 = 149.925 → 149.93
        assert_eq!(line.net_minor(), 149_93);
        // 25 % of 149.93 = 37.4825 → 37.48
        assert_eq!(line.vat_minor(), 37_48);
        let discount = Line::new("Discount", 1.0, -10_05, 2500).unwrap();
        assert_eq!(discount.net_minor(), -10_05);
        // 25 % of -10.05 = -2.5125 → -2.51
        assert_eq!(discount.vat_minor(), -2_51);
        let t = totals(&[line, discount]);
        assert_eq!(t.net_minor, 139_88);
        assert_eq!(t.vat_minor, 34_97);
        assert_eq!(t.total_minor, 174_85);
    }

    #[test]
    fn bad_lines_name_their_field() {
        assert_eq!(
            Line::new(" ", 1.0, 100, 2500).unwrap_err().field,
            "description"
        );
        for q in [0.0, -1.0, f64::NAN, f64::INFINITY, 2_000_000.0, 0.0001] {
            assert_eq!(
                Line::new("x", q, 100, 2500).unwrap_err().field,
                "quantity",
                "{q}"
            );
        }
        assert_eq!(
            Line::new("x", 1.0, i64::MAX, 2500).unwrap_err().field,
            "unitPrice"
        );
        assert_eq!(Line::new("x", 1.0, 100, -1).unwrap_err().field, "vatRate");
        assert_eq!(Line::new("x", 1.0, 100, 3001).unwrap_err().field, "vatRate");
        let long = "x".repeat(LINE_DESCRIPTION_MAX + 1);
        assert_eq!(
            Line::new(&long, 1.0, 100, 0).unwrap_err().field,
            "description"
        );
    }

    #[test]
    fn the_largest_line_does_not_overflow() {
        let line = Line::new("Max", MAX_QUANTITY, MAX_UNIT_PRICE, MAX_VAT_RATE_BP).unwrap();
        assert_eq!(line.net_minor(), 10_000_000_000_000_000);
        assert_eq!(line.vat_minor(), 3_000_000_000_000_000);
    }
}
