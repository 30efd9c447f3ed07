//! A bounded, thread-safe memo for the work that repeats across verifications: parsing
//! the same intermediate again and checking the same issuer's signature on it again.
//!
//! Keys are SHA-256 digests of everything the result depends on (the whole DER of a
//! certificate; the scheme, issuer key, signed bytes and signature of a signature check),
//! never a name or a serial number, so a different certificate cannot hit another's
//! entry. The cache is sharded (one mutex per shard) and bounded:
//!
//! - admission on second sight: a key is remembered in a small "seen once" set first and
//!   only enters the cache when it is computed a second time, so a stream of leaves that
//!   each appear once (a batch of a million chains) never displaces the intermediates;
//! - eviction first in, first out among admitted entries when a shard is full; the seen
//!   once set (a few times larger than the cache, keys only) is simply emptied when full
//!   (a TinyLFU-style doorkeeper reset).

use ring::digest;
use std::collections::{HashMap, HashSet, VecDeque};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;

/// Entries a verifier's cache keeps, for parsed certificates and for signature results
/// each. A Web PKI batch repeats a few hundred intermediates and their edges to the
/// roots; 16,384 covers every intermediate ever logged in CT with room to spare, at a
/// few KB per parsed certificate (under 64 MB for a full parse cache, far less in
/// practice) and 32 bytes plus a small result per signature.
pub const CACHE_ENTRIES: usize = 16_384;

/// Shards of each cache: one mutex each, so parallel workers rarely wait on one another
/// (16 is several times the cores such a job usually gets).
const SHARDS: usize = 16;

/// The "seen once" set of a shard holds this many times the shard's capacity in keys
/// (32 bytes each, so 2 MB at most for [`CACHE_ENTRIES`]): a working set somewhat larger
/// than the cache still gets its entries admitted before the set is emptied.
const DOORKEEPER_FACTOR: usize = 4;

/// A SHA-256 digest, the key of every entry.
pub(crate) type Key = [u8; 32];

/// How often a cache was asked, and what it holds.
///
/// ```
/// use certchain::{CacheStats, Policy, TrustStore, Verifier};
///
/// let verifier = Verifier::new(TrustStore::new(), Policy::default()).with_cache();
/// let CacheStats { hits, misses, entries } = verifier.cache_stats().unwrap();
/// assert_eq!((hits, misses, entries), (0, 0, 0));
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct CacheStats {
    /// Lookups answered from the cache.
    pub hits: u64,
    /// Lookups that had to compute.
    pub misses: u64,
    /// Entries held now.
    pub entries: usize,
}

impl std::ops::Add for CacheStats {
    type Output = CacheStats;
    fn add(self, o: CacheStats) -> CacheStats {
        CacheStats {
            hits: self.hits.saturating_add(o.hits),
            misses: self.misses.saturating_add(o.misses),
            entries: self.entries.saturating_add(o.entries),
        }
    }
}

struct Shard<V> {
    map: HashMap<Key, V>,
    order: VecDeque<Key>,
    seen_once: HashSet<Key>,
}

/// A bounded map from digests to computed values.
pub(crate) struct Cache<V> {
    shards: Vec<Mutex<Shard<V>>>,
    per_shard: usize,
    hits: AtomicU64,
    misses: AtomicU64,
}

impl<V: Clone> std::fmt::Debug for Cache<V> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Cache({:?})", self.stats())
    }
}

impl<V: Clone> Cache<V> {
    /// A cache of at most `entries` values (rounded up to a multiple of the shards).
    pub(crate) fn new(entries: usize) -> Self {
        Cache {
            shards: (0..SHARDS)
                .map(|_| {
                    Mutex::new(Shard {
                        map: HashMap::new(),
                        order: VecDeque::new(),
                        seen_once: HashSet::new(),
                    })
                })
                .collect(),
            per_shard: entries.div_ceil(SHARDS).max(1),
            hits: AtomicU64::new(0),
            misses: AtomicU64::new(0),
        }
    }

    fn shard(&self, key: &Key) -> Option<&Mutex<Shard<V>>> {
        let first = usize::from(key.first().copied().unwrap_or(0));
        self.shards.get(first % SHARDS)
    }

    /// The value for `key`, or `compute()`'s, remembered when `key` is seen again.
    pub(crate) fn get_or(&self, key: Key, compute: impl FnOnce() -> V) -> V {
        let Some(shard) = self.shard(&key) else {
            return compute();
        };
        // A poisoned shard (a panic elsewhere while it was held) is bypassed, never trusted.
        if let Ok(s) = shard.lock() {
            if let Some(v) = s.map.get(&key) {
                self.hits.fetch_add(1, Ordering::Relaxed);
                return v.clone();
            }
        }
        self.misses.fetch_add(1, Ordering::Relaxed);
        // Computed outside the lock: two workers may compute the same value once each.
        let value = compute();
        if let Ok(mut s) = shard.lock() {
            s.admit(key, &value, self.per_shard);
        }
        value
    }

    /// Counters and size.
    pub(crate) fn stats(&self) -> CacheStats {
        let entries = self
            .shards
            .iter()
            .filter_map(|s| s.lock().ok().map(|s| s.map.len()))
            .sum();
        CacheStats {
            hits: self.hits.load(Ordering::Relaxed),
            misses: self.misses.load(Ordering::Relaxed),
            entries,
        }
    }
}

impl<V: Clone> Shard<V> {
    fn admit(&mut self, key: Key, value: &V, capacity: usize) {
        if self.map.contains_key(&key) {
            return;
        }
        if !self.seen_once.remove(&key) {
            if self.seen_once.len() >= capacity.saturating_mul(DOORKEEPER_FACTOR) {
                self.seen_once.clear();
            }
            self.seen_once.insert(key);
            return;
        }
        while self.map.len() >= capacity {
            match self.order.pop_front() {
                Some(old) => {
                    self.map.remove(&old);
                }
                None => break,
            }
        }
        self.map.insert(key, value.clone());
        self.order.push_back(key);
    }
}

/// SHA-256 over `parts`, each prefixed with its length so that no two different lists of
/// parts give the same input to the hash.
pub(crate) fn digest_of(parts: &[&[u8]]) -> Key {
    let mut ctx = digest::Context::new(&digest::SHA256);
    for p in parts {
        let len = u64::try_from(p.len()).unwrap_or(u64::MAX);
        ctx.update(&len.to_be_bytes());
        ctx.update(p);
    }
    let mut key = [0u8; 32];
    for (k, d) in key.iter_mut().zip(ctx.finish().as_ref()) {
        *k = *d;
    }
    key
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_value_is_admitted_on_its_second_computation_and_hit_on_the_third() {
        let c: Cache<u32> = Cache::new(64);
        let k = digest_of(&[b"a"]);
        assert_eq!(c.get_or(k, || 1), 1);
        assert_eq!(c.get_or(k, || 1), 1);
        assert_eq!(c.get_or(k, || 99), 1, "the third lookup is a hit");
        assert_eq!(
            c.stats(),
            CacheStats {
                hits: 1,
                misses: 2,
                entries: 1
            }
        );
    }

    #[test]
    fn the_cache_stays_within_its_bound() {
        let c: Cache<u64> = Cache::new(SHARDS * 4);
        for i in 0u64..10_000 {
            let k = digest_of(&[&(i % 100).to_be_bytes()]);
            c.get_or(k, || i);
        }
        assert!(c.stats().entries <= SHARDS * 4, "{:?}", c.stats());
        assert!(c.stats().entries > 0);
    }

    #[test]
    fn length_prefixes_keep_part_boundaries_apart() {
        assert_ne!(digest_of(&[b"ab", b"c"]), digest_of(&[b"a", b"bc"]));
    }
}
