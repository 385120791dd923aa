//! Web addresses people follow from a printed form or a page: `https://` (or `http://`), a host,
//! no credentials.

use super::ValidationError;

pub const MAX_CHARS: usize = 2_000;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WebUrl(String);

impl WebUrl {
    pub fn parse(input: &str) -> Result<WebUrl, ValidationError> {
        let input = input.trim();
        if input.is_empty() {
            return Err(ValidationError::Required);
        }
        if input.chars().count() > MAX_CHARS {
            return Err(ValidationError::TooLong { max: MAX_CHARS });
        }
        let parsed = url::Url::parse(input)
            .map_err(|_| ValidationError::Invalid("is not a web address (https://…)"))?;
        if !matches!(parsed.scheme(), "https" | "http") {
            return Err(ValidationError::Invalid(
                "must start with https:// or http://",
            ));
        }
        if parsed.host_str().is_none_or(|h| !h.contains('.')) {
            return Err(ValidationError::Invalid("needs a host name"));
        }
        if !parsed.username().is_empty() || parsed.password().is_some() {
            return Err(ValidationError::Invalid(
                "must not contain a user name or password",
            ));
        }
        Ok(WebUrl(parsed.to_string()))
    }

    pub fn into_inner(self) -> String {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_web_addresses_only() {
        assert_eq!(
            WebUrl::parse(" https://example.se/integritet ")
                .unwrap()
                .into_inner(),
            "https://example.se/integritet"
        );
        assert!(WebUrl::parse("http://example.se").is_ok());
        for bad in [
            "",
            "example.se",
            "javascript:alert(1)",
            "ftp://example.se/x",
            "https://localhost/x",
            "https://user:pw@example.se/",
            "https://exa mple.se/",
        ] {
            assert!(WebUrl::parse(bad).is_err(), "{bad:?}");
        }
        assert!(WebUrl::parse(&format!("https://example.se/{}", "a".repeat(2_000))).is_err());
    }
}
