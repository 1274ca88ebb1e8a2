//! Content hashes for cache keys: a changed input is a changed key, so a
//! stale entry can never be used.

use sha2::{Digest, Sha256};

/// tebiki's own code (a hash of its source, made by build.rs): a new
/// tebiki makes new keys.
pub const CODE: &str = env!("TEBIKI_CODE");

/// A content hash: the parts, each with its length, and tebiki's code.
pub fn key(parts: &[&[u8]]) -> String {
    let mut h = Sha256::new();
    h.update(CODE.as_bytes());
    for p in parts {
        h.update((p.len() as u64).to_le_bytes());
        h.update(p);
    }
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}
