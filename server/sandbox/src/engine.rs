//! The process-wide engine: configuration, linkers, guest loading through the cache, and the
//! WASI context every run starts from (nothing granted unless asked).

use std::sync::Arc;
use std::time::{Duration, Instant};

use wasmtime::component::{Component, Linker as ComponentLinker};
use wasmtime::error::Context as _;
use wasmtime::{
    Config, Enabled, Engine, InstanceAllocationStrategy, Linker, Module, OptLevel,
    PoolingAllocationConfig,
};
use wasmtime_wasi::{FsPerms, WasiCtxBuilder};

use crate::cache::{CacheMiss, CodeCache};
use crate::command::{Command, CommandState};
use crate::error::SandboxError;
use crate::interpreter::{Interpreter, InterpreterState};
use crate::limits::{Grants, SCRATCH_MOUNT, WORKSPACE_MOUNT};
use crate::run::Control;
use crate::ticker::Ticker;

/// Deepest WebAssembly call stack a guest may use. CPython and QuickJS keep their own
/// recursion limits well below it; hitting it is a clean `StackOverflow` trap.
const MAX_WASM_STACK: usize = 4 << 20;

/// Guest instances alive at once; further runs wait for a slot (`Sandbox::run_slot`).
pub const MAX_CONCURRENT_RUNS: u32 = 128;

/// Memory of a finished run kept mapped in its pool slot, reset in place to the guest's
/// initial image (only the pages the run wrote, found with `PAGEMAP_SCAN`), so that the next
/// run in that slot starts without page faults. CPython's snapshot touches tens of MiB.
const KEEP_RESIDENT: usize = 64 << 20;

/// Instance limits per run: a componentize-py CPython component has about a dozen core
/// instances and a few memories and tables.
const CORE_INSTANCES_PER_RUN: u32 = 32;
const MEMORIES_PER_RUN: u32 = 4;
const TABLES_PER_RUN: u32 = 16;

/// The sandbox: build one per process and share it (`Clone` is cheap).
#[derive(Clone)]
pub struct Sandbox {
    pub(crate) inner: Arc<Inner>,
}

pub(crate) struct Inner {
    pub(crate) engine: Engine,
    pub(crate) component_linker: ComponentLinker<InterpreterState>,
    pub(crate) module_linker: Linker<CommandState>,
    pub(crate) ticker: Ticker,
    cache: CodeCache,
    run_slots: Arc<tokio::sync::Semaphore>,
    pub(crate) options: EngineOptions,
}

/// Instances come from a pool of pre-reserved slots: a fresh instance per run reuses a slot's
/// mappings, and a slot's memory stays resident between runs (reset to the guest's image in
/// place), which takes the page faults of copy-on-write images off every run.
fn pooling() -> InstanceAllocationStrategy {
    let mut pool = PoolingAllocationConfig::new();
    pool.total_component_instances(MAX_CONCURRENT_RUNS)
        .total_core_instances(MAX_CONCURRENT_RUNS * CORE_INSTANCES_PER_RUN)
        .max_core_instances_per_component(CORE_INSTANCES_PER_RUN)
        .total_memories(MAX_CONCURRENT_RUNS * MEMORIES_PER_RUN)
        .max_memories_per_component(MEMORIES_PER_RUN)
        .total_tables(MAX_CONCURRENT_RUNS * TABLES_PER_RUN)
        .max_tables_per_component(TABLES_PER_RUN)
        .total_stacks(MAX_CONCURRENT_RUNS)
        // The per-run cap is the store's limiter (`Limits::memory_bytes`); a slot can hold
        // any wasm32 memory.
        .max_memory_size(4 << 30)
        .linear_memory_keep_resident(KEEP_RESIDENT)
        .table_keep_resident(1 << 20)
        .pagemap_scan(Enabled::Auto);
    InstanceAllocationStrategy::Pooling(pool)
}

/// Where a loaded guest's machine code came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LoadSource {
    /// Deserialized from the cache.
    Cache,
    /// Compiled now (and stored in the cache when it is enabled).
    Compiled,
}

#[derive(Debug, Clone)]
pub struct LoadInfo {
    pub source: LoadSource,
    pub elapsed: Duration,
    pub artefact: Option<std::path::PathBuf>,
}

/// Engine-wide settings, fixed for the life of the process.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct EngineOptions {
    /// Compile fuel metering into the guests' code, so that runs can have a deterministic
    /// instruction budget ([`crate::Limits::fuel`]). Off by default: metering costs about a
    /// fifth of CPython's speed on a tight loop, and the wall-clock limit (epoch interruption)
    /// is always on anyway.
    pub fuel_metering: bool,
}

impl Sandbox {
    /// A sandbox with the default [`EngineOptions`] (no fuel metering).
    pub fn new(cache: CodeCache) -> Result<Self, SandboxError> {
        Self::with_options(cache, EngineOptions::default())
    }

    pub fn with_options(cache: CodeCache, options: EngineOptions) -> Result<Self, SandboxError> {
        let mut config = Config::new();
        config
            .wasm_component_model(true)
            .epoch_interruption(true)
            .consume_fuel(options.fuel_metering)
            .cranelift_opt_level(OptLevel::Speed)
            .max_wasm_stack(MAX_WASM_STACK)
            .async_stack_size(MAX_WASM_STACK + (1 << 20))
            .allocation_strategy(pooling());
        let engine = Engine::new(&config).map_err(|e| SandboxError::Engine(format!("{e:#}")))?;
        let component_linker = crate::interpreter::linker(&engine)?;
        let module_linker = crate::command::linker(&engine)?;
        let ticker = Ticker::start(&engine);
        Ok(Self {
            inner: Arc::new(Inner {
                engine,
                component_linker,
                module_linker,
                ticker,
                cache,
                run_slots: Arc::new(tokio::sync::Semaphore::new(MAX_CONCURRENT_RUNS as usize)),
                options,
            }),
        })
    }

    /// Waits for one of the [`MAX_CONCURRENT_RUNS`] instance slots (the run holds it until its
    /// store is dropped); `None` when the run is cancelled while it waits.
    pub(crate) async fn run_slot(
        &self,
        cancel: &crate::CancelHandle,
    ) -> Option<tokio::sync::OwnedSemaphorePermit> {
        tokio::select! {
            permit = Arc::clone(&self.inner.run_slots).acquire_owned() => permit.ok(),
            () = cancel.cancelled() => None,
        }
    }

    /// Drops a finished run's store (and with it its instance, whose memory the pool resets)
    /// off the caller's path, then frees its slot: the outcome does not wait for the cleanup.
    pub(crate) fn retire<S: Send + 'static>(
        &self,
        store: S,
        slot: Option<tokio::sync::OwnedSemaphorePermit>,
    ) {
        // Dropped in order: the store (the instance goes back to the pool), then the slot.
        let retired = (store, slot);
        match tokio::runtime::Handle::try_current() {
            Ok(runtime) => drop(runtime.spawn_blocking(move || drop(retired))),
            Err(_) => drop(retired),
        }
    }

    /// Refuses a run this engine cannot limit as asked (a fuel budget without metering).
    pub(crate) fn check(&self, limits: &crate::Limits) -> Result<(), SandboxError> {
        if limits.fuel.is_some() && !self.inner.options.fuel_metering {
            return Err(SandboxError::FuelUnavailable);
        }
        Ok(())
    }

    pub fn cache(&self) -> &CodeCache {
        &self.inner.cache
    }

    /// Loads an interpreter component (world `codemode:runtime`). Blocking: compiling a big
    /// guest takes seconds the first time; call it off the async runtime's worker threads.
    pub fn load_interpreter(
        &self,
        name: &str,
        wasm: &[u8],
    ) -> Result<(Interpreter, LoadInfo), SandboxError> {
        if !is_component(wasm) {
            return Err(SandboxError::invalid_guest(
                name,
                "expected a WebAssembly component implementing codemode:runtime",
            ));
        }
        // A guest that can be pre-initialised is snapshotted before it is compiled; the cache
        // keeps the compiled snapshot (keyed by the original bytes, and by the snapshot
        // procedure's version in the name of every interpreter's artefact), so this happens
        // once, and a cache hit does not even look for the export.
        let cache_name = format!("{name}+{}", crate::interpreter::SNAPSHOT_FORMAT);
        let (component, info) = self.load(
            &cache_name,
            wasm,
            |engine, bytes| {
                let snapshot = if crate::interpreter::has_init_export(bytes) {
                    let started = Instant::now();
                    let snapshot = crate::interpreter::snapshot(self, bytes)
                        .with_context(|| format!("pre-initialising {name}"))?;
                    tracing::info!(guest = name, elapsed = ?started.elapsed(), "pre-initialised the guest");
                    Some(snapshot)
                } else {
                    None
                };
                Component::new(engine, snapshot.as_deref().unwrap_or(bytes))
                    .map(|c| (c.serialize(), c))
            },
            |engine, bytes| {
                // SAFETY: see `load`.
                #[allow(unsafe_code)]
                unsafe {
                    Component::deserialize(engine, bytes)
                }
            },
        )?;
        let interpreter = Interpreter::new(self.clone(), name, &component)?;
        Ok((interpreter, info))
    }

    /// Loads a WASI command module (a `_start` export, WASI preview 1 imports): the shape of
    /// most interpreters compiled to WASI (Ruby, PHP, Lua, ...).
    pub fn load_command(
        &self,
        name: &str,
        wasm: &[u8],
    ) -> Result<(Command, LoadInfo), SandboxError> {
        if is_component(wasm) {
            return Err(SandboxError::invalid_guest(
                name,
                "expected a core WebAssembly module (a WASI preview 1 command), found a component",
            ));
        }
        let (module, info) = self.load(
            name,
            wasm,
            |engine, bytes| Module::new(engine, bytes).map(|m| (m.serialize(), m)),
            |engine, bytes| {
                // SAFETY: see `load`.
                #[allow(unsafe_code)]
                unsafe {
                    Module::deserialize(engine, bytes)
                }
            },
        )?;
        let command = Command::new(self.clone(), name, &module)?;
        Ok((command, info))
    }

    /// Cache lookup, else compile and store. `deserialize` is only ever given bytes that
    /// this process's cache wrote and verified (magic, length, xxh3-128 checksum), in a file
    /// keyed by the Wasmtime version and the engine's compatibility hash; Wasmtime checks its
    /// own header again. That is the contract `deserialize` asks of its caller.
    fn load<T>(
        &self,
        name: &str,
        wasm: &[u8],
        compile: impl FnOnce(&Engine, &[u8]) -> wasmtime::Result<(wasmtime::Result<Vec<u8>>, T)>,
        deserialize: impl FnOnce(&Engine, &[u8]) -> wasmtime::Result<T>,
    ) -> Result<(T, LoadInfo), SandboxError> {
        let started = Instant::now();
        let engine = &self.inner.engine;
        let path = self.inner.cache.path_for(engine, name, wasm);
        if let Some(path) = &path {
            match CodeCache::load(path) {
                Ok(bytes) => match deserialize(engine, &bytes) {
                    Ok(loaded) => {
                        tracing::debug!(guest = name, path = %path.display(), "loaded compiled guest from cache");
                        return Ok((
                            loaded,
                            LoadInfo {
                                source: LoadSource::Cache,
                                elapsed: started.elapsed(),
                                artefact: Some(path.clone()),
                            },
                        ));
                    }
                    Err(err) => {
                        tracing::warn!(guest = name, path = %path.display(), "cached artefact rejected by Wasmtime, rebuilding: {err:#}");
                        let _ = std::fs::remove_file(path);
                    }
                },
                Err(CacheMiss::Absent) => {}
                Err(miss) => {
                    tracing::warn!(guest = name, path = %path.display(), "cached artefact {miss}; rebuilding");
                    let _ = std::fs::remove_file(path);
                }
            }
        }
        tracing::info!(
            guest = name,
            bytes = wasm.len(),
            "compiling guest (first use; cached afterwards)"
        );
        let (serialized, loaded) =
            compile(engine, wasm).map_err(|e| SandboxError::invalid_guest(name, e))?;
        if let Some(path) = &path {
            match serialized {
                Ok(bytes) => match CodeCache::store(path, &bytes) {
                    Ok(()) => {
                        tracing::info!(guest = name, path = %path.display(), "stored compiled guest")
                    }
                    Err(err) => {
                        tracing::warn!(guest = name, path = %path.display(), "could not store compiled guest: {err}")
                    }
                },
                Err(err) => {
                    tracing::warn!(guest = name, "could not serialize compiled guest: {err:#}")
                }
            }
        }
        Ok((
            loaded,
            LoadInfo {
                source: LoadSource::Compiled,
                elapsed: started.elapsed(),
                artefact: path,
            },
        ))
    }
}

fn is_component(wasm: &[u8]) -> bool {
    // Both start with "\0asm"; the next four bytes are the version/layer: 1,0,0,0 for a core
    // module, 0x0d,0,1,0 for a component.
    wasm.len() >= 8 && &wasm[..4] == b"\0asm" && wasm[6..8] == [1, 0]
}

/// The per-run WASI context: stdout/stderr captured with caps, no stdin, no arguments, no
/// environment, no network, no filesystem — then exactly the grants asked for.
pub(crate) fn wasi_builder(
    control: &Control,
    grants: &Grants,
    scratch: Option<&std::path::Path>,
) -> Result<WasiCtxBuilder, SandboxError> {
    let mut builder = WasiCtxBuilder::new();
    builder
        .stdout(control.stdout.clone())
        .stderr(control.stderr.clone())
        .allow_tcp(false)
        .allow_udp(false)
        .allow_ip_name_lookup(false)
        .socket_addr_check(|_, _| Box::pin(async { false }));
    for (key, value) in &grants.env {
        builder.env(key, value);
    }
    if let Some(dir) = &grants.workspace {
        builder
            .preopened_dir(dir, WORKSPACE_MOUNT, FsPerms::ReadOnly)
            .map_err(|e| SandboxError::Grant {
                path: dir.clone(),
                message: format!("{e:#}"),
            })?;
    }
    if let Some(dir) = scratch {
        builder
            .preopened_dir(dir, SCRATCH_MOUNT, FsPerms::ReadWrite)
            .map_err(|e| SandboxError::Grant {
                path: dir.to_owned(),
                message: format!("{e:#}"),
            })?;
    }
    Ok(builder)
}

/// A per-run scratch directory, deleted when dropped.
pub(crate) fn scratch_dir(grants: &Grants) -> Result<Option<tempfile::TempDir>, SandboxError> {
    if !grants.scratch {
        return Ok(None);
    }
    tempfile::Builder::new()
        .prefix("codemode-scratch-")
        .tempdir()
        .map(Some)
        .map_err(|e| SandboxError::Grant {
            path: std::env::temp_dir(),
            message: e.to_string(),
        })
}
