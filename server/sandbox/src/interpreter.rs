//! Interpreter guests: components of the `codemode:runtime` world (CPython, QuickJS).

use std::sync::Arc;
use std::time::Instant;

use wasmtime::component::{Component, HasSelf, Linker, ResourceTable};
use wasmtime::{Engine, Store};
use wasmtime_wasi::{WasiCtx, WasiCtxView, WasiView};

use crate::engine::{Sandbox, scratch_dir, wasi_builder};
use crate::error::SandboxError;
use crate::guest::{Frame, GuestError, GuestRequest, GuestResult, ToolHost};
use crate::run::{
    Control, Execution, HasControl, RunOptions, Termination, classify, configure_store, finish,
    supervise,
};

mod bindings {
    wasmtime::component::bindgen!({
        path: "../guests/wit",
        world: "runtime",
        imports: { default: async },
        exports: { default: async },
    });
}

use bindings::exports::codemode::runtime::guest as wit;

pub(crate) struct InterpreterState {
    wasi: WasiCtx,
    table: ResourceTable,
    control: Control,
    tools: Option<Arc<dyn ToolHost>>,
}

impl WasiView for InterpreterState {
    fn ctx(&mut self) -> WasiCtxView<'_> {
        WasiCtxView {
            ctx: &mut self.wasi,
            table: &mut self.table,
        }
    }
}

impl HasControl for InterpreterState {
    fn control(&mut self) -> &mut Control {
        &mut self.control
    }
}

impl bindings::codemode::runtime::host::Host for InterpreterState {
    async fn call_tool(&mut self, name: String, args_json: String) -> Result<String, String> {
        match &self.tools {
            Some(tools) => tools.call_tool(name, args_json).await,
            None => Err(format!(
                "cannot call tool `{name}`: no upstream MCP servers are configured for this run"
            )),
        }
    }
}

pub(crate) fn linker(engine: &Engine) -> Result<Linker<InterpreterState>, SandboxError> {
    let mut linker = Linker::new(engine);
    wasmtime_wasi::p2::add_to_linker_async(&mut linker)
        .map_err(|e| SandboxError::Engine(format!("linking WASI: {e:#}")))?;
    bindings::Runtime::add_to_linker::<_, HasSelf<_>>(&mut linker, |state| state)
        .map_err(|e| SandboxError::Engine(format!("linking the host interface: {e:#}")))?;
    Ok(linker)
}

/// A compiled, pre-linked interpreter. Cheap to clone; every [`run`](Self::run) gets a fresh
/// store and instance, so nothing a snippet does survives into the next one.
#[derive(Clone)]
pub struct Interpreter {
    sandbox: Sandbox,
    name: Arc<str>,
    pre: bindings::RuntimePre<InterpreterState>,
}

impl Interpreter {
    pub(crate) fn new(
        sandbox: Sandbox,
        name: &str,
        component: &Component,
    ) -> Result<Self, SandboxError> {
        let link_err = |e: wasmtime::Error| SandboxError::Link {
            name: name.to_owned(),
            message: format!("{e:#}"),
        };
        let instance_pre = sandbox
            .inner
            .component_linker
            .instantiate_pre(component)
            .map_err(link_err)?;
        let pre = bindings::RuntimePre::new(instance_pre).map_err(link_err)?;
        Ok(Self {
            sandbox,
            name: name.into(),
            pre,
        })
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    /// Runs one snippet. Errors are failures to set the run up (a grant that cannot be
    /// honoured); everything the snippet does, including hanging or trapping, is an
    /// [`Execution`].
    pub async fn run(
        &self,
        request: &GuestRequest,
        options: &RunOptions,
    ) -> Result<Execution, SandboxError> {
        self.sandbox.check(&options.limits)?;
        // Waiting for a free instance slot does not count against the run's time limit.
        let slot = self.sandbox.run_slot(&options.cancel).await;
        let started = Instant::now();
        let control = Control::new(options, started);
        let scratch = scratch_dir(&options.grants)?;
        let wasi = wasi_builder(
            &control,
            &options.grants,
            scratch.as_ref().map(|d| d.path()),
        )?
        .build();
        let mut store = Store::new(
            &self.sandbox.inner.engine,
            InterpreterState {
                wasi,
                table: ResourceTable::new(),
                control,
                tools: options.tools.clone(),
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

        let wit_request = wit::RunRequest {
            code: request.code.clone(),
            filename: request.filename.clone(),
            show_last_value: request.show_last_value,
            modules: request
                .modules
                .iter()
                .map(|m| wit::Module {
                    name: m.name.clone(),
                    source: m.source.clone(),
                })
                .collect(),
        };
        let ended = {
            let pre = &self.pre;
            let store = &mut store;
            let call = async move {
                let instantiating = Instant::now();
                let runtime = pre.instantiate_async(&mut *store).await?;
                let calling = Instant::now();
                let result = runtime
                    .codemode_runtime_guest()
                    .call_run(&mut *store, &wit_request)
                    .await;
                tracing::debug!(
                    instantiate = ?calling - instantiating,
                    call = ?calling.elapsed(),
                    "guest timings"
                );
                result
            };
            supervise(call, &options.cancel, started, options.limits.timeout).await
        };
        let termination = classify(
            ended,
            &store.data().control,
            |r| Termination::Returned(from_wit(r)),
            |_| None,
        );
        let fuel_left = store.get_fuel().ok();
        tracing::debug!(runtime = %self.name, ?termination, elapsed = ?started.elapsed(), "run finished");
        let execution = finish(termination, &store.data().control, fuel_left, started);
        // The directories outlive the store whose WASI context maps them.
        self.sandbox.retire((store, scratch), slot);
        Ok(execution)
    }
}

fn from_wit(result: wit::RunResult) -> GuestResult {
    GuestResult {
        value: result.value,
        error: result.error.map(|e| GuestError {
            kind: e.kind,
            message: e.message,
            traceback: e.traceback,
            frames: e
                .frames
                .into_iter()
                .map(|f| Frame {
                    filename: f.filename,
                    function: f.function,
                    line: f.line,
                    column: f.column,
                    end_line: f.end_line,
                    end_column: f.end_column,
                })
                .collect(),
        }),
        exit_code: result.exit_code,
        report: result.report,
    }
}
