//! Random secrets and their stored form. A secret (session token, API token, emailed code) is
//! shown to its holder once and stored only as a SHA-256 hash, so a copy of the database does
//! not let anyone sign in. SHA-256 (not a slow password hash) is right here: the secrets are
//! long and random, or short-lived and guess-limited.

use domain::FieldError;
use sha2::{Digest, Sha256};

/// `n` random bytes from the operating system, as lower-case hex.
pub(crate) fn random_hex(n: usize) -> Result<String, FieldError> {
    let mut bytes = vec![0u8; n];
    getrandom::fill(&mut bytes).map_err(|e| {
        FieldError::new("token", format!("no secure random numbers available ({e})"))
    })?;
    Ok(hex(&bytes))
}

/// A six-digit code for email, uniformly chosen.
pub(crate) fn random_code() -> Result<String, FieldError> {
    let mut bytes = [0u8; 8];
    getrandom::fill(&mut bytes).map_err(|e| {
        FieldError::new("code", format!("no secure random numbers available ({e})"))
    })?;
    Ok(format!("{:06}", u64::from_le_bytes(bytes) % 1_000_000))
}

pub(crate) fn random_bytes<const N: usize>() -> Result<[u8; N], FieldError> {
    let mut bytes = [0u8; N];
    getrandom::fill(&mut bytes).map_err(|e| {
        FieldError::new("token", format!("no secure random numbers available ({e})"))
    })?;
    Ok(bytes)
}

/// The stored form of a secret.
pub(crate) fn hash(secret: &str) -> String {
    hex(&Sha256::digest(secret.as_bytes()))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Compares two strings in time independent of where they differ.
pub(crate) fn same(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_are_random_and_hashes_fixed() {
        assert_ne!(random_hex(32).unwrap(), random_hex(32).unwrap());
        assert_eq!(random_hex(32).unwrap().len(), 64);
        assert_eq!(
            hash("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        let code = random_code().unwrap();
        assert!(
            code.len() == 6 && code.chars().all(|c| c.is_ascii_digit()),
            "{code}"
        );
        assert!(same("abc", "abc") && !same("abc", "abd") && !same("abc", "ab"));
    }
}
