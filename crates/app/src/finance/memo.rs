//! Forecast runs kept between requests, keyed by everything they are computed from.
//!
//! The forecast, DSG plan, scenario and sensitivity pages each run hundreds of simulations, a
//! tenth of a second to seconds of CPU, from inputs that change only when casework, placements
//! or mitigations do. A run is a pure function of its inputs, simulations and seed, so it is
//! kept under a SHA-256 digest of exactly those: a changed child, placement cost or mitigation
//! changes the digest and the run is made afresh, and nothing has to be told to forget. (The
//! dashboard keys on the casework fingerprint instead because reading its inputs is the costly
//! part; here reading is cheap and running is not.)
//!
//! Runs happen on tokio's blocking threads, so the async workers keep serving other pages.
//! While one request runs a computation, others asking for the same one wait for it rather than
//! run it again. Each server process keeps its own; at most [`CAPACITY`] of each kind are kept,
//! and past that the kind starts afresh.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use sha2::{Digest, Sha256};
use tokio::sync::OnceCell;

/// Kept runs of one kind at most.
pub const CAPACITY: usize = 32;

/// What a computation depends on, as a digest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Key([u8; 32]);

impl Key {
    /// The digest of `parts`: each part's `Debug` text, streamed into the hash (a large
    /// council's inputs run to megabytes of text, never held whole), each followed by its
    /// length so that no two lists of parts run together. `Debug` is deterministic within a
    /// build (floats print exactly, lists in order), which is all a cache in one process needs.
    pub fn of(parts: &[&dyn std::fmt::Debug]) -> Self {
        let mut hash = Hashing {
            hash: Sha256::new(),
            written: 0,
        };
        for part in parts {
            hash.written = 0;
            // Writing into a hash cannot fail.
            let _ = std::fmt::Write::write_fmt(&mut hash, format_args!("{part:?}"));
            let written = hash.written;
            hash.hash.update(written.to_le_bytes());
        }
        Self(hash.hash.finalize().into())
    }
}

/// A hash written to as text, counting the bytes.
struct Hashing {
    hash: Sha256,
    written: u64,
}

impl std::fmt::Write for Hashing {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        self.hash.update(s.as_bytes());
        self.written += s.len() as u64;
        Ok(())
    }
}

/// Computations of one kind, kept by key.
pub struct Memo<T> {
    kept: Mutex<HashMap<Key, Arc<OnceCell<Arc<T>>>>>,
}

impl<T: Send + Sync + 'static> Memo<T> {
    #[must_use]
    pub fn new() -> Self {
        Self {
            kept: Mutex::new(HashMap::new()),
        }
    }

    /// The kept result for `key`, or `compute`'s, worked out on a blocking thread and kept.
    /// A computation that panics is reported as `Err` and not kept, so the next request tries
    /// again.
    pub async fn get_or_compute<F>(&self, key: Key, compute: F) -> Result<Arc<T>, String>
    where
        F: FnOnce() -> T + Send + 'static,
    {
        let cell = {
            // A poisoned lock only means a request panicked while holding it; the map is whole.
            let mut kept = self
                .kept
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            if kept.len() >= CAPACITY && !kept.contains_key(&key) {
                kept.clear();
            }
            Arc::clone(kept.entry(key).or_default())
        };
        cell.get_or_try_init(|| async {
            tokio::task::spawn_blocking(compute)
                .await
                .map(Arc::new)
                .map_err(|e| format!("the forecast stopped: {e}"))
        })
        .await
        .cloned()
    }

    /// How many results are kept (for tests).
    #[must_use]
    pub fn len(&self) -> usize {
        self.kept
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .values()
            .filter(|c| c.initialized())
            .count()
    }

    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl<T: Send + Sync + 'static> Default for Memo<T> {
    fn default() -> Self {
        Self::new()
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};

    use super::*;

    #[tokio::test]
    async fn a_result_is_computed_once_per_key_and_a_new_key_computes_again() {
        let memo: Memo<u64> = Memo::new();
        let runs = Arc::new(AtomicUsize::new(0));
        let count = |n: u64| {
            let runs = Arc::clone(&runs);
            move || {
                runs.fetch_add(1, Ordering::SeqCst);
                n * 2
            }
        };
        let a = Key::of(&[&"inputs", &1]);
        assert_eq!(*memo.get_or_compute(a, count(1)).await.unwrap(), 2);
        assert_eq!(*memo.get_or_compute(a, count(99)).await.unwrap(), 2);
        assert_eq!(runs.load(Ordering::SeqCst), 1);
        let b = Key::of(&[&"inputs", &2]);
        assert_eq!(*memo.get_or_compute(b, count(2)).await.unwrap(), 4);
        assert_eq!(runs.load(Ordering::SeqCst), 2);
        assert_eq!(memo.len(), 2);
    }

    #[test]
    fn parts_do_not_run_together() {
        assert_ne!(Key::of(&[&"ab", &"c"]), Key::of(&[&"a", &"bc"]));
        assert_ne!(Key::of(&[&1.0_f64]), Key::of(&[&1.000_000_000_000_1_f64]));
    }

    #[tokio::test]
    async fn a_computation_that_panics_is_reported_and_tried_again() {
        let memo: Memo<u64> = Memo::new();
        let key = Key::of(&[&"k"]);
        let err = memo
            .get_or_compute(key, || panic!("broken inputs"))
            .await
            .unwrap_err();
        assert!(err.starts_with("the forecast stopped"), "{err}");
        assert_eq!(*memo.get_or_compute(key, || 7).await.unwrap(), 7);
    }
}
