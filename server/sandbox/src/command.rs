//! Bring-your-own runtimes: WASI preview 1 command modules (`_start`), given the snippet on
//! stdin or as a read-only file, with the same limits and grants as interpreter guests.

use std::time::Instant;

use wasmtime::{Engine, Linker, Module, Store};
use wasmtime_wasi::I32Exit;
use wasmtime_wasi::p1::WasiP1Ctx;
use wasmtime_wasi::p2::pipe::MemoryInputPipe;

use crate::engine::{Sandbox, scratch_dir, wasi_builder};
use crate::error::SandboxError;
use crate::run::{
    Control, Execution, HasControl, RunOptions, Termination, classify, configure_store, finish,
    supervise,
};

/// Guest directory holding the files of a [`CommandInput`] (read-only).
pub const INPUT_MOUNT: &str = "/input";

pub(crate) struct CommandState {
    wasi: WasiP1Ctx,
    control: Control,
}

impl HasControl for CommandState {
    fn control(&mut self) -> &mut Control {
        &mut self.control
    }
}

pub(crate) fn linker(engine: &Engine) -> Result<Linker<CommandState>, SandboxError> {
    let mut linker = Linker::new(engine);
    wasmtime_wasi::p1::add_to_linker_async(&mut linker, |state: &mut CommandState| &mut state.wasi)
        .map_err(|e| SandboxError::Engine(format!("linking WASI preview 1: {e:#}")))?;
    Ok(linker)
}

/// What a command run gets: its argv (argv\[0\] is the program name), stdin, and files placed
/// read-only under [`INPUT_MOUNT`].
#[derive(Debug, Clone, Default)]
pub struct CommandInput {
    pub args: Vec<String>,
    pub stdin: Vec<u8>,
    pub files: Vec<(String, Vec<u8>)>,
}

/// A compiled, pre-linked WASI command. Cheap to clone; every run is a fresh instance.
#[derive(Clone)]
pub struct Command {
    sandbox: Sandbox,
    name: std::sync::Arc<str>,
    pre: wasmtime::InstancePre<CommandState>,
}

impl Command {
    pub(crate) fn new(sandbox: Sandbox, name: &str, module: &Module) -> Result<Self, SandboxError> {
        if module.get_export("_start").is_none() {
            return Err(SandboxError::invalid_guest(
                name,
                "a WASI command must export `_start`",
            ));
        }
        let pre = sandbox
            .inner
            .module_linker
            .instantiate_pre(module)
            .map_err(|e| SandboxError::Link {
                name: name.to_owned(),
                message: format!("{e:#}"),
            })?;
        Ok(Self {
            sandbox,
            name: name.into(),
            pre,
        })
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    pub async fn run(
        &self,
        input: &CommandInput,
        options: &RunOptions,
    ) -> Result<Execution, SandboxError> {
        self.sandbox.check(&options.limits)?;
        // Waiting for a free instance slot does not count against the run's time limit.
        let slot = self.sandbox.run_slot(&options.cancel).await;
        let started = Instant::now();
        let control = Control::new(options, started);
        let scratch = scratch_dir(&options.grants)?;
        let inputs = if input.files.is_empty() {
            None
        } else {
            let dir = tempfile::Builder::new()
                .prefix("codemode-input-")
                .tempdir()
                .map_err(|e| SandboxError::Instantiate(format!("input directory: {e}")))?;
            for (name, bytes) in &input.files {
                if name.contains('/') || name.starts_with('.') {
                    return Err(SandboxError::Instantiate(format!(
                        "invalid input file name {name:?}"
                    )));
                }
                std::fs::write(dir.path().join(name), bytes)
                    .map_err(|e| SandboxError::Instantiate(format!("input file: {e}")))?;
            }
            Some(dir)
        };
        let mut builder = wasi_builder(
            &control,
            &options.grants,
            scratch.as_ref().map(|d| d.path()),
        )?;
        builder
            .args(&input.args)
            .stdin(MemoryInputPipe::new(input.stdin.clone()));
        if let Some(dir) = &inputs {
            builder
                .preopened_dir(dir.path(), INPUT_MOUNT, wasmtime_wasi::FsPerms::ReadOnly)
                .map_err(|e| SandboxError::Instantiate(format!("input directory: {e:#}")))?;
        }
        let mut store = Store::new(
            &self.sandbox.inner.engine,
            CommandState {
                wasi: builder.build_p1(),
                control,
            },
        );
        configure_store(&mut store, self.sandbox.inner.options.fuel_metering);
        let _ticking = self.sandbox.inner.ticker.begin();
        if options.cancel.is_cancelled() {
            return Ok(finish(
                Termination::Cancelled,
                &store.data().control,
                None,
                started,
            ));
        }
        let ended = {
            let pre = &self.pre;
            let store = &mut store;
            let call = async move {
                let instance = pre.instantiate_async(&mut *store).await?;
                let start = instance.get_typed_func::<(), ()>(&mut *store, "_start")?;
                start.call_async(&mut *store, ()).await
            };
            supervise(call, &options.cancel, started, options.limits.timeout).await
        };
        let termination = classify(
            ended,
            &store.data().control,
            |()| Termination::Exited(0),
            |err| {
                err.downcast_ref::<I32Exit>()
                    .map(|exit| Termination::Exited(exit.0))
            },
        );
        let fuel_left = store.get_fuel().ok();
        let execution = finish(termination, &store.data().control, fuel_left, started);
        // The directories outlive the store whose WASI context maps them.
        self.sandbox.retire((store, scratch, inputs), slot);
        Ok(execution)
    }
}
