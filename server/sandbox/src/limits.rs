//! What a run may use (limits) and what it may reach (grants). Every limit is on by default.

use std::path::PathBuf;
use std::time::Duration;

use serde::{Deserialize, Serialize};

/// Resource limits of one run. `Default` is the safe configuration users get out of the box.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(default, rename_all = "camelCase", deny_unknown_fields)]
pub struct Limits {
    /// Wall-clock time for the whole run, including time spent waiting in host calls.
    #[serde(with = "humantime_serde_compat")]
    #[schemars(with = "String", example = "10s")]
    pub timeout: Duration,
    /// Maximum size of each linear memory of the guest, in bytes.
    pub memory_bytes: usize,
    /// Deterministic instruction budget (Wasmtime fuel); `None` for no budget. Fuel metering
    /// slows guests by about a fifth, so it is compiled in only when codemode starts with a
    /// budget set (configuration file, the editor's initial settings, `codemode run --fuel`);
    /// a budget set while it runs is refused until a restart.
    pub fuel: Option<u64>,
    /// Maximum bytes kept from stdout; past it the run stops with `OutputLimit`.
    pub stdout_bytes: usize,
    /// Maximum bytes kept from stderr; past it the run stops with `OutputLimit`.
    pub stderr_bytes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            timeout: Duration::from_secs(10),
            memory_bytes: 256 << 20,
            fuel: None,
            stdout_bytes: 1 << 20,
            stderr_bytes: 1 << 20,
        }
    }
}

/// What the host grants a run beyond its own memory. `Default` grants nothing: no
/// filesystem, no environment variables, no network (never granted), no processes (WASI has
/// none).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(default, rename_all = "camelCase", deny_unknown_fields)]
pub struct Grants {
    /// A host directory the guest may read (never write), mounted at `/workspace`.
    pub workspace: Option<PathBuf>,
    /// Give the run an empty, private, writable directory at `/tmp`, deleted afterwards.
    pub scratch: bool,
    /// Environment variables the guest sees.
    pub env: Vec<(String, String)>,
}

/// Guest path of the read-only workspace grant.
pub const WORKSPACE_MOUNT: &str = "/workspace";
/// Guest path of the per-run scratch directory.
pub const SCRATCH_MOUNT: &str = "/tmp";

/// Enforces [`Limits::memory_bytes`] and remembers whether the guest hit it.
#[derive(Debug)]
pub(crate) struct Limiter {
    memory_bytes: usize,
    pub(crate) hit_memory: bool,
    pub(crate) peak_memory: usize,
}

impl Limiter {
    pub(crate) fn new(limits: &Limits) -> Self {
        Self {
            memory_bytes: limits.memory_bytes,
            hit_memory: false,
            peak_memory: 0,
        }
    }
}

/// Table elements are pointers; 10M of them is 80 MB, far beyond any interpreter's need.
const MAX_TABLE_ELEMENTS: usize = 10_000_000;

impl wasmtime::ResourceLimiter for Limiter {
    fn memory_growing(
        &mut self,
        _current: usize,
        desired: usize,
        _maximum: Option<usize>,
    ) -> wasmtime::Result<bool> {
        if desired > self.memory_bytes {
            self.hit_memory = true;
            // `memory.grow` returns -1: CPython raises MemoryError, QuickJS "out of memory".
            return Ok(false);
        }
        self.peak_memory = self.peak_memory.max(desired);
        Ok(true)
    }

    fn table_growing(
        &mut self,
        _current: usize,
        desired: usize,
        _maximum: Option<usize>,
    ) -> wasmtime::Result<bool> {
        Ok(desired <= MAX_TABLE_ELEMENTS)
    }

    fn instances(&self) -> usize {
        64
    }

    fn tables(&self) -> usize {
        64
    }

    fn memories(&self) -> usize {
        16
    }
}

/// Durations as human strings ("10s", "500ms") in settings files, and as such in `--json`.
mod humantime_serde_compat {
    use std::time::Duration;

    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(d: &Duration, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&humantime::format_duration(*d).to_string())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Duration, D::Error> {
        let text = String::deserialize(d)?;
        humantime::parse_duration(&text).map_err(serde::de::Error::custom)
    }
}
