//! The compiled-code cache. Compiling the CPython component takes seconds; loading its
//! serialized artefact takes milliseconds. Artefacts live in the user's cache directory, one
//! file per (Wasmtime version, engine settings, guest bytes), written atomically and checked
//! on load: a truncated, corrupt or foreign file is logged, deleted and rebuilt, never trusted.

use std::hash::{Hash, Hasher};
use std::io::Write;
use std::path::{Path, PathBuf};

use wasmtime::Engine;
use xxhash_rust::xxh3::{Xxh3Default, xxh3_128};

/// File header: magic, then payload length (u64 LE), then xxh3-128 of the payload (LE).
const MAGIC: &[u8; 8] = b"CMCWASM1";
const HEADER_LEN: usize = 8 + 8 + 16;

#[derive(Debug, Clone)]
pub struct CodeCache {
    dir: Option<PathBuf>,
}

/// Why a cached artefact was not used.
#[derive(Debug, thiserror::Error)]
pub(crate) enum CacheMiss {
    #[error("not cached yet")]
    Absent,
    #[error("unreadable: {0}")]
    Io(#[from] std::io::Error),
    #[error("corrupt: {0}")]
    Corrupt(&'static str),
}

impl CodeCache {
    /// A cache in `dir`, or disabled when `None`.
    pub fn new(dir: Option<PathBuf>) -> Self {
        Self { dir }
    }

    /// `$CODEMODE_CACHE_DIR`, else the platform cache directory (`~/.cache/codemode` on Linux).
    pub fn default_dir() -> Option<PathBuf> {
        std::env::var_os("CODEMODE_CACHE_DIR")
            .map(PathBuf::from)
            .or_else(|| dirs::cache_dir().map(|d| d.join("codemode")))
    }

    pub fn dir(&self) -> Option<&Path> {
        self.dir.as_deref()
    }

    /// Where the artefact of `guest` (named `name`) compiled by `engine` lives.
    pub(crate) fn path_for(&self, engine: &Engine, name: &str, guest: &[u8]) -> Option<PathBuf> {
        let dir = self.dir.as_ref()?;
        let mut hasher = Xxh3Default::new();
        env!("CARGO_PKG_VERSION").hash(&mut hasher);
        wasmtime_version().hash(&mut hasher);
        engine.precompile_compatibility_hash().hash(&mut hasher);
        let settings = hasher.finish();
        let guest_hash = xxh3_128(guest);
        let safe_name: String = name
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '-' {
                    c
                } else {
                    '_'
                }
            })
            .collect();
        Some(dir.join("compiled").join(format!(
            "{safe_name}-{guest_hash:032x}-{settings:016x}.cwasm"
        )))
    }

    /// Reads and verifies an artefact; returns the serialized bytes Wasmtime produced.
    pub(crate) fn load(path: &Path) -> Result<Vec<u8>, CacheMiss> {
        let mut bytes = match std::fs::read(path) {
            Ok(bytes) => bytes,
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
                return Err(CacheMiss::Absent);
            }
            Err(err) => return Err(err.into()),
        };
        if bytes.len() < HEADER_LEN || &bytes[..8] != MAGIC {
            return Err(CacheMiss::Corrupt("not a codemode artefact"));
        }
        let len = u64::from_le_bytes(bytes[8..16].try_into().expect("8 bytes"));
        let sum = u128::from_le_bytes(bytes[16..32].try_into().expect("16 bytes"));
        if len != (bytes.len() - HEADER_LEN) as u64 {
            return Err(CacheMiss::Corrupt("truncated"));
        }
        if xxh3_128(&bytes[HEADER_LEN..]) != sum {
            return Err(CacheMiss::Corrupt("checksum mismatch"));
        }
        bytes.drain(..HEADER_LEN);
        Ok(bytes)
    }

    /// Writes an artefact atomically (temporary file + rename) so concurrent processes never
    /// see half a file.
    pub(crate) fn store(path: &Path, serialized: &[u8]) -> std::io::Result<()> {
        let dir = path.parent().expect("cache paths have a parent");
        std::fs::create_dir_all(dir)?;
        let mut tmp = tempfile_in(dir)?;
        tmp.1.write_all(MAGIC)?;
        tmp.1.write_all(&(serialized.len() as u64).to_le_bytes())?;
        tmp.1.write_all(&xxh3_128(serialized).to_le_bytes())?;
        tmp.1.write_all(serialized)?;
        tmp.1.sync_all()?;
        drop(tmp.1);
        std::fs::rename(&tmp.0, path).inspect_err(|_| {
            let _ = std::fs::remove_file(&tmp.0);
        })
    }
}

/// The version of the Wasmtime crate this binary was built with (pinned in Cargo.toml).
pub fn wasmtime_version() -> &'static str {
    "48.0.8"
}

fn tempfile_in(dir: &Path) -> std::io::Result<(PathBuf, std::fs::File)> {
    use std::sync::atomic::{AtomicU64, Ordering};
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let path = dir.join(format!(".tmp-{}-{n}", std::process::id()));
    let file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)?;
    Ok((path, file))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_corruption_detection() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("compiled/x.cwasm");
        assert!(matches!(CodeCache::load(&path), Err(CacheMiss::Absent)));
        CodeCache::store(&path, b"payload bytes").unwrap();
        assert_eq!(CodeCache::load(&path).unwrap(), b"payload bytes");

        let mut bytes = std::fs::read(&path).unwrap();
        let last = bytes.len() - 1;
        bytes[last] ^= 0xff;
        std::fs::write(&path, &bytes).unwrap();
        assert!(matches!(
            CodeCache::load(&path),
            Err(CacheMiss::Corrupt("checksum mismatch"))
        ));

        std::fs::write(&path, &bytes[..bytes.len() - 3]).unwrap();
        assert!(matches!(
            CodeCache::load(&path),
            Err(CacheMiss::Corrupt("truncated"))
        ));

        std::fs::write(&path, b"\0asm\x01\0\0\0 something else entirely").unwrap();
        assert!(matches!(CodeCache::load(&path), Err(CacheMiss::Corrupt(_))));
    }
}
