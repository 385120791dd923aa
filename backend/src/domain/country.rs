//! The Nordic countries Tillit serves: ISO codes, GraphQL/serde names and calling codes.

use std::fmt;

/// A Nordic country. GraphQL and serde names are the ISO 3166-1 alpha-2 codes (`SE`, `NO`, `DK`, `FI`).
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    async_graphql::Enum,
    serde::Serialize,
    serde::Deserialize,
)]
pub enum Country {
    /// Sweden.
    #[graphql(name = "SE")]
    #[serde(rename = "SE")]
    Se,
    /// Norway.
    #[graphql(name = "NO")]
    #[serde(rename = "NO")]
    No,
    /// Denmark.
    #[graphql(name = "DK")]
    #[serde(rename = "DK")]
    Dk,
    /// Finland.
    #[graphql(name = "FI")]
    #[serde(rename = "FI")]
    Fi,
}

impl Country {
    /// Every supported country.
    pub const ALL: [Country; 4] = [Country::Se, Country::No, Country::Dk, Country::Fi];

    /// The ISO 3166-1 alpha-2 code, e.g. `"SE"`.
    pub fn code(self) -> &'static str {
        match self {
            Country::Se => "SE",
            Country::No => "NO",
            Country::Dk => "DK",
            Country::Fi => "FI",
        }
    }

    /// Parses an ISO 3166-1 alpha-2 code (ASCII case-insensitive, surrounding whitespace ignored).
    pub fn from_code(code: &str) -> Option<Country> {
        let code = code.trim();
        Country::ALL
            .into_iter()
            .find(|c| c.code().eq_ignore_ascii_case(code))
    }

    /// The international calling code without `+`, e.g. `"46"`.
    pub fn calling_code(self) -> &'static str {
        match self {
            Country::Se => "46",
            Country::No => "47",
            Country::Dk => "45",
            Country::Fi => "358",
        }
    }
}

impl fmt::Display for Country {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

#[cfg(test)]
mod tests {
    use super::Country;

    #[test]
    fn codes_round_trip() {
        for c in Country::ALL {
            assert_eq!(Country::from_code(c.code()), Some(c));
        }
        assert_eq!(Country::Se.code(), "SE");
        assert_eq!(Country::No.code(), "NO");
        assert_eq!(Country::Dk.code(), "DK");
        assert_eq!(Country::Fi.code(), "FI");
    }

    #[test]
    fn from_code_is_case_insensitive_and_strict_otherwise() {
        assert_eq!(Country::from_code("se"), Some(Country::Se));
        assert_eq!(Country::from_code(" Fi "), Some(Country::Fi));
        assert_eq!(Country::from_code("IS"), None);
        assert_eq!(Country::from_code(""), None);
        assert_eq!(Country::from_code("SWE"), None);
        assert_eq!(Country::from_code("S"), None);
    }

    #[test]
    fn calling_codes() {
        assert_eq!(Country::Se.calling_code(), "46");
        assert_eq!(Country::No.calling_code(), "47");
        assert_eq!(Country::Dk.calling_code(), "45");
        assert_eq!(Country::Fi.calling_code(), "358");
    }

    #[test]
    fn display_is_the_code() {
        assert_eq!(Country::Dk.to_string(), "DK");
    }

    #[test]
    fn serde_uses_iso_codes() {
        assert_eq!(
            serde_json::to_string(&Country::No).ok().as_deref(),
            Some("\"NO\"")
        );
        assert_eq!(
            serde_json::from_str::<Country>("\"FI\"").ok(),
            Some(Country::Fi)
        );
        assert!(serde_json::from_str::<Country>("\"Fi\"").is_err());
    }

    #[test]
    fn graphql_uses_iso_codes() {
        use async_graphql::{InputType, Value};
        assert_eq!(
            Country::Se.to_value(),
            Value::Enum(async_graphql::Name::new("SE"))
        );
        let parsed =
            <Country as InputType>::parse(Some(Value::Enum(async_graphql::Name::new("DK"))));
        assert_eq!(parsed.ok(), Some(Country::Dk));
    }
}
