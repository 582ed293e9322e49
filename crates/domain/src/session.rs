//! Sign-in rules: how long a session lasts, when sign-in attempts are throttled, how long an
//! emailed code is good for. Pure functions of times and counts, so the rules are tested
//! without a clock or a database.
//!
//! The figures follow the NCSC's guidance for services holding sensitive personal data
//! (short idle timeouts, a hard limit on session length, throttling rather than permanent
//! lock-out so an attacker cannot lock real users out for good).

use chrono::{DateTime, Duration, Utc};

/// A session ends after this long without a request.
pub const IDLE_TIMEOUT: Duration = Duration::minutes(30);
/// A session ends this long after sign-in, however active.
pub const ABSOLUTE_TIMEOUT: Duration = Duration::hours(12);
/// Failed attempts are counted over this window.
pub const THROTTLE_WINDOW: Duration = Duration::minutes(15);
/// Failed attempts for one account within the window before it is paused.
pub const MAX_FAILURES_PER_ACCOUNT: i64 = 5;
/// Failed attempts from one address within the window before it is paused (higher: a
/// school or council office shares one address).
pub const MAX_FAILURES_PER_ADDRESS: i64 = 30;
/// An emailed sign-in code is good for this long.
pub const CODE_LIFETIME: Duration = Duration::minutes(15);
/// Wrong guesses allowed against one emailed code.
pub const MAX_CODE_FAILURES: i64 = 5;
/// A session's last-seen time is written at most this often, to spare the database a write
/// per request.
pub const TOUCH_INTERVAL: Duration = Duration::minutes(1);

/// Where a session stands at a given moment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionState {
    Active,
    /// No request for longer than [`IDLE_TIMEOUT`].
    Idle,
    /// Older than [`ABSOLUTE_TIMEOUT`].
    Expired,
}

pub fn session_state(
    created_at: DateTime<Utc>,
    last_seen_at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> SessionState {
    if now - created_at >= ABSOLUTE_TIMEOUT {
        SessionState::Expired
    } else if now - last_seen_at >= IDLE_TIMEOUT {
        SessionState::Idle
    } else {
        SessionState::Active
    }
}

/// Whether the last-seen time is stale enough to write again.
pub fn needs_touch(last_seen_at: DateTime<Utc>, now: DateTime<Utc>) -> bool {
    now - last_seen_at >= TOUCH_INTERVAL
}

/// Whether another sign-in attempt may be made, given the failures counted over the window.
/// A paused account or address is told to wait, never told whether the account exists.
pub fn sign_in_allowed(account_failures: i64, address_failures: i64) -> Result<(), Throttled> {
    if account_failures >= MAX_FAILURES_PER_ACCOUNT || address_failures >= MAX_FAILURES_PER_ADDRESS
    {
        Err(Throttled {
            retry_after: THROTTLE_WINDOW,
        })
    } else {
        Ok(())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Throttled {
    pub retry_after: Duration,
}

/// Whether an emailed code may still be used.
pub fn code_usable(
    expires_at: DateTime<Utc>,
    used: bool,
    failures: i64,
    now: DateTime<Utc>,
) -> bool {
    !used && now < expires_at && failures < MAX_CODE_FAILURES
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn t(h: u32, m: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 23, h, m, 0)
            .single()
            .unwrap()
    }

    #[test]
    fn sessions_end_when_idle_or_too_old() {
        assert_eq!(
            session_state(t(9, 0), t(9, 10), t(9, 39)),
            SessionState::Active
        );
        assert_eq!(
            session_state(t(9, 0), t(9, 10), t(9, 40)),
            SessionState::Idle
        );
        assert_eq!(
            session_state(t(9, 0), t(20, 59), t(21, 0)),
            SessionState::Expired
        );
    }

    #[test]
    fn throttling_counts_account_and_address_separately() {
        assert!(sign_in_allowed(4, 29).is_ok());
        assert_eq!(
            sign_in_allowed(5, 0).unwrap_err().retry_after,
            Duration::minutes(15)
        );
        assert!(sign_in_allowed(0, 30).is_err());
    }

    #[test]
    fn codes_expire_are_single_use_and_limit_guesses() {
        let expires = t(9, 15);
        assert!(code_usable(expires, false, 0, t(9, 14)));
        assert!(!code_usable(expires, false, 0, t(9, 15)));
        assert!(!code_usable(expires, true, 0, t(9, 0)));
        assert!(!code_usable(expires, false, 5, t(9, 0)));
    }

    #[test]
    fn last_seen_is_written_at_most_once_a_minute() {
        assert!(!needs_touch(t(9, 0), t(9, 0) + Duration::seconds(59)));
        assert!(needs_touch(t(9, 0), t(9, 1)));
    }
}
