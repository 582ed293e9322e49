//! Passwords: stored only as argon2id hashes (PHC strings, with their own salt and parameters).

use argon2::Argon2;
use argon2::password_hash::{PasswordHasher, PasswordVerifier, phc::PasswordHash};
use domain::FieldError;

/// The shortest password accepted. NCSC guidance favours length over composition rules.
pub const MIN_LENGTH: usize = 12;

/// Checks a new password and hashes it.
pub fn hash(password: &str) -> Result<String, FieldError> {
    if password.chars().count() < MIN_LENGTH {
        return Err(FieldError::new(
            "password",
            format!("use at least {MIN_LENGTH} characters"),
        ));
    }
    Argon2::default()
        .hash_password(password.as_bytes())
        .map(|h| h.to_string())
        .map_err(|e| FieldError::new("password", format!("could not be hashed ({e})")))
}

/// Whether the password matches the stored hash. A malformed hash never matches.
pub fn verify(password: &str, stored: &str) -> bool {
    PasswordHash::new(stored)
        .map(|parsed| {
            Argon2::default()
                .verify_password(password.as_bytes(), &parsed)
                .is_ok()
        })
        .unwrap_or(false)
}

/// A random password for a generated account (the demo's sign-ins): 20 characters from an
/// alphabet without look-alikes, about 110 bits.
pub fn generate() -> Result<String, FieldError> {
    const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let mut bytes = [0u8; 20];
    // The operating system's generator; if it fails there is no safe fallback, so say so.
    getrandom::fill(&mut bytes).map_err(|e| {
        FieldError::new(
            "password",
            format!("no secure random numbers available ({e})"),
        )
    })?;
    Ok(bytes
        .iter()
        .map(|b| char::from(ALPHABET[usize::from(*b) % ALPHABET.len()]))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hash_verifies_only_its_password() {
        let stored = hash("correct horse battery").unwrap();
        assert!(stored.starts_with("$argon2id$"), "{stored}");
        assert!(verify("correct horse battery", &stored));
        assert!(!verify("correct horse batterY", &stored));
        assert!(!verify("anything", "not a hash"));
    }

    #[test]
    fn short_passwords_are_refused_with_the_rule() {
        assert_eq!(
            hash("short").unwrap_err().to_string(),
            "password: use at least 12 characters"
        );
    }

    #[test]
    fn generated_passwords_differ_and_pass_the_rule() {
        let (a, b) = (generate().unwrap(), generate().unwrap());
        assert_ne!(a, b);
        assert!(hash(&a).is_ok());
    }
}
