//! Validated domain value types: e-mail addresses, phone numbers, Nordic identity numbers,
//! postal codes, countries and free-text cleaning/search folding. Pure functions, no I/O.

pub mod country;
pub mod email;
#[cfg(test)]
mod fuzz;
pub mod identity;
pub mod mention;
pub mod money;
pub mod phone;
pub mod postal;
pub mod text;
pub mod web_url;

pub use country::Country;
pub use email::Email;
pub use identity::{IdentityKind, IdentityNumber};
pub use phone::PhoneNumber;
pub use postal::PostalCode;
pub use web_url::WebUrl;

/// Why a value was refused. The service layer attaches the field name.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ValidationError {
    /// The value is missing or blank.
    #[error("is required")]
    Required,
    /// The value has more characters than allowed.
    #[error("is too long (at most {max} characters)")]
    TooLong {
        /// The maximum number of characters.
        max: usize,
    },
    /// The value is malformed; a short English reason such as "has a wrong check digit".
    #[error("{0}")]
    Invalid(&'static str),
}

#[cfg(test)]
mod tests {
    use super::ValidationError;

    #[test]
    fn messages_read_after_a_field_name() {
        assert_eq!(ValidationError::Required.to_string(), "is required");
        assert_eq!(
            ValidationError::TooLong { max: 200 }.to_string(),
            "is too long (at most 200 characters)"
        );
        assert_eq!(
            ValidationError::Invalid("has a wrong check digit").to_string(),
            "has a wrong check digit"
        );
    }
}
