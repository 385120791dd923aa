//! The second factor: TOTP (RFC 6238: SHA-1, 6 digits, 30 s, ±1 step) with replay protection,
//! QR codes for enrolment, and single-use recovery codes stored as keyed digests.

use hmac::{Hmac, Mac};
use rand::Rng;
use sha2::Sha256;
use totp_rs::{Algorithm, Secret, TOTP};

use crate::crypto::{KeyPurpose, Keyring};
use crate::error::{AppError, AppResult};

pub const DIGITS: usize = 6;
pub const STEP_SECONDS: u64 = 30;
pub const RECOVERY_CODE_COUNT: usize = 10;
const ISSUER: &str = "Tillit";
/// Base32 without padding, lower case: 5 bits per character, 12 characters = 60 bits.
const RECOVERY_ALPHABET: &[u8] = b"abcdefghijklmnopqrstuvwxyz234567";
const RECOVERY_CHARS: usize = 12;

/// A fresh 160-bit secret, base32-encoded (what authenticator apps accept).
pub fn generate_secret() -> String {
    Secret::generate_secret().to_encoded().to_string()
}

fn totp(secret_base32: &str, account: &str) -> AppResult<TOTP> {
    let bytes = Secret::Encoded(secret_base32.to_owned())
        .to_bytes()
        .map_err(|e| {
            AppError::internal(anyhow::anyhow!("stored TOTP secret is not base32: {e:?}"))
        })?;
    TOTP::new(
        Algorithm::SHA1,
        DIGITS,
        1,
        STEP_SECONDS,
        bytes,
        Some(ISSUER.to_owned()),
        account.replace(':', ""),
    )
    .map_err(|e| AppError::internal(anyhow::anyhow!("invalid TOTP parameters: {e}")))
}

/// The `otpauth://` URI and an SVG QR code of it, for enrolment.
pub fn enrolment_material(secret_base32: &str, account: &str) -> AppResult<(String, String)> {
    let uri = totp(secret_base32, account)?.get_url();
    let qr = qrcodegen::QrCode::encode_text(&uri, qrcodegen::QrCodeEcc::Medium)
        .map_err(|e| AppError::internal(anyhow::anyhow!("QR encoding failed: {e:?}")))?;
    Ok((uri.clone(), qr_svg(&qr)))
}

fn qr_svg(qr: &qrcodegen::QrCode) -> String {
    let border = 4;
    let size = qr.size() + border * 2;
    let mut path = String::new();
    for y in 0..qr.size() {
        for x in 0..qr.size() {
            if qr.get_module(x, y) {
                path.push_str(&format!("M{},{}h1v1h-1z", x + border, y + border));
            }
        }
    }
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {size} {size}\" \
         shape-rendering=\"crispEdges\"><rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>\
         <path d=\"{path}\" fill=\"#000\"/></svg>"
    )
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// The time step `code` is valid for — current, previous or next — provided it is later than
/// `last_step` (a code, and anything before it, is accepted once). `None` if it does not match.
pub fn accepted_step(
    secret_base32: &str,
    account: &str,
    code: &str,
    now_unix: u64,
    last_step: Option<i64>,
) -> AppResult<Option<i64>> {
    let code = code.trim().replace(' ', "");
    if code.len() != DIGITS || !code.bytes().all(|b| b.is_ascii_digit()) {
        return Ok(None);
    }
    let totp = totp(secret_base32, account)?;
    let current = now_unix / STEP_SECONDS;
    for step in [current.saturating_sub(1), current, current + 1] {
        let step_i64 = i64::try_from(step).unwrap_or(i64::MAX);
        if last_step.is_some_and(|last| step_i64 <= last) {
            continue;
        }
        if constant_time_eq(
            totp.generate(step * STEP_SECONDS).as_bytes(),
            code.as_bytes(),
        ) {
            return Ok(Some(step_i64));
        }
    }
    Ok(None)
}

/// Ten fresh recovery codes, formatted `xxxx-xxxx-xxxx`.
pub fn generate_recovery_codes() -> Vec<String> {
    let mut rng = rand::rngs::OsRng;
    (0..RECOVERY_CODE_COUNT)
        .map(|_| {
            let raw: String = (0..RECOVERY_CHARS)
                .map(|_| char::from(RECOVERY_ALPHABET[rng.gen_range(0..RECOVERY_ALPHABET.len())]))
                .collect();
            format!("{}-{}-{}", &raw[0..4], &raw[4..8], &raw[8..12])
        })
        .collect()
}

/// The stored form of a recovery code: HMAC-SHA256 under a keyring key, over the code without
/// separators. The codes carry 60 random bits, so a fast keyed digest is enough.
pub fn recovery_digest(keyring: &Keyring, code: &str) -> Option<String> {
    let normalized: String = code
        .trim()
        .to_lowercase()
        .chars()
        .filter(|c| !matches!(c, '-' | ' '))
        .collect();
    if normalized.len() != RECOVERY_CHARS
        || !normalized.bytes().all(|b| RECOVERY_ALPHABET.contains(&b))
    {
        return None;
    }
    let key = keyring.derive(KeyPurpose::CodeDigest);
    let mut mac = Hmac::<Sha256>::new_from_slice(key.as_ref()).ok()?;
    mac.update(normalized.as_bytes());
    Some(hex::encode(mac.finalize().into_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_accepted_once_within_the_window() {
        let secret = generate_secret();
        let totp = totp(&secret, "anna@example.se").unwrap();
        let now = 1_800_000_000u64;
        let step = (now / STEP_SECONDS) as i64;
        let code = totp.generate(now);
        assert_eq!(
            accepted_step(&secret, "a", &code, now, None).unwrap(),
            Some(step)
        );
        // Replay of the same step, or of an earlier one, is refused.
        assert_eq!(
            accepted_step(&secret, "a", &code, now, Some(step)).unwrap(),
            None
        );
        // The previous and next steps are tolerated (clock drift).
        let prev = totp.generate(now - STEP_SECONDS);
        assert_eq!(
            accepted_step(&secret, "a", &prev, now, None).unwrap(),
            Some(step - 1)
        );
        let far = totp.generate(now - 3 * STEP_SECONDS);
        assert_eq!(accepted_step(&secret, "a", &far, now, None).unwrap(), None);
        for bad in ["", "12345", "1234567", "abcdef", "12 34 5x"] {
            assert_eq!(
                accepted_step(&secret, "a", bad, now, None).unwrap(),
                None,
                "{bad}"
            );
        }
    }

    #[test]
    fn enrolment_material_is_a_qr_of_the_uri() {
        let secret = generate_secret();
        assert!(secret.len() >= 32, "at least 160 bits");
        let (uri, svg) = enrolment_material(&secret, "anna@example.se").unwrap();
        assert!(
            uri.starts_with("otpauth://totp/Tillit:anna%40example.se?"),
            "{uri}"
        );
        assert!(uri.contains(&format!("secret={secret}")));
        assert!(svg.starts_with("<svg") && svg.contains("<path"));
    }

    #[test]
    fn recovery_codes_are_random_and_digests_normalize() {
        let keyring = Keyring::from_bytes([3u8; 32]);
        let codes = generate_recovery_codes();
        assert_eq!(codes.len(), 10);
        let unique: std::collections::HashSet<_> = codes.iter().collect();
        assert_eq!(unique.len(), 10);
        let code = &codes[0];
        assert_eq!(code.len(), 14);
        let digest = recovery_digest(&keyring, code).unwrap();
        assert_eq!(
            recovery_digest(&keyring, &code.to_uppercase().replace('-', " ")),
            Some(digest.clone())
        );
        assert_ne!(
            recovery_digest(&Keyring::from_bytes([4u8; 32]), code),
            Some(digest)
        );
        assert_eq!(recovery_digest(&keyring, "not-a-code"), None);
    }
}
