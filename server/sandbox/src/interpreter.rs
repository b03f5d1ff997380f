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

/// The export a guest offers to be pre-initialised (see the `runtime-with-init` WIT world).
pub(crate) const INIT_EXPORT: &str = "wizer-initialize";

/// Version of [`snapshot`]'s procedure, part of interpreter guests' cache keys: bump it when
/// what the snapshot contains changes without the guest's bytes changing (limits or grants of
/// the initialising instance, Wizer's options).
pub(crate) const SNAPSHOT_FORMAT: &str = "wizer-1";

/// Whether `wasm` (a component) exports a function named [`INIT_EXPORT`] at its top level.
pub(crate) fn has_init_export(wasm: &[u8]) -> bool {
    wasmparser::Parser::new(0)
        .parse_all(wasm)
        .filter_map(Result::ok)
        .any(|payload| match payload {
            wasmparser::Payload::ComponentExportSection(exports) => {
                exports.into_iter().filter_map(Result::ok).any(|export| {
                    export.name.name == INIT_EXPORT
                        && export.kind == wasmparser::ComponentExternalKind::Func
                })
            }
            _ => false,
        })
}

/// Pre-initialises an interpreter guest: instruments it (Wizer), instantiates it the way a
/// run would (no grants, default limits, same linker), calls its [`INIT_EXPORT`] and returns a
/// component whose memory and globals start where that call left them. A run of the result
/// is still a fresh instance; it only skips what the init function did. Blocking.
pub(crate) fn snapshot(sandbox: &Sandbox, wasm: &[u8]) -> wasmtime::Result<Vec<u8>> {
    let mut wizer = wasmtime_wizer::Wizer::new();
    // The component's own export of the function stays (it lifts the core export): keep it.
    wizer.init_func(INIT_EXPORT).keep_init_func(true);
    let (cx, instrumented) = wizer.instrument_component(wasm)?;
    let engine = &sandbox.inner.engine;
    let component = Component::new(engine, &instrumented)?;
    let initialise = async {
        let options = RunOptions::default();
        let control = Control::new(&options, Instant::now());
        let wasi = wasi_builder(&control, &options.grants, None)
            .map_err(|e| wasmtime::format_err!("{e}"))?
            .build();
        let mut store = Store::new(
            engine,
            InterpreterState {
                wasi,
                table: ResourceTable::new(),
                control,
                tools: None,
            },
        );
        configure_store(&mut store, sandbox.inner.options.fuel_metering);
        let _ticking = sandbox.inner.ticker.begin();
        let instance = sandbox
            .inner
            .component_linker
            .instantiate_async(&mut store, &component)
            .await?;
        let init = instance.get_typed_func::<(), ()>(&mut store, INIT_EXPORT)?;
        init.call_async(&mut store, ()).await?;
        wizer
            .snapshot_component(
                &cx,
                &mut WizerState {
                    store: &mut store,
                    instance,
                },
            )
            .await
    };
    match tokio::runtime::Handle::try_current() {
        Ok(runtime) => runtime.block_on(initialise),
        Err(_) => tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()?
            .block_on(initialise),
    }
}

/// What Wizer reads the initialised instance's state through (its `wasmtime:wizer/access`
/// exports, added by the instrumentation).
struct WizerState<'a> {
    store: &'a mut Store<InterpreterState>,
    instance: wasmtime::component::Instance,
}

impl WizerState<'_> {
    async fn call<R, R2>(
        &mut self,
        instance: &str,
        func: &str,
        use_ret: impl FnOnce(&mut Store<InterpreterState>, R) -> R2,
    ) -> R2
    where
        R: wasmtime::component::Lift + Send + Sync + 'static,
    {
        // Wizer's trait has no error channel; the exports are Wizer's own instrumentation, so
        // a failure here is a bug in it, and the panic is caught by the guest's loader.
        let (_, exported) = self
            .instance
            .get_export(&mut *self.store, None, instance)
            .expect("wizer's access instance");
        let (_, func_index) = self
            .instance
            .get_export(&mut *self.store, Some(&exported), func)
            .expect("wizer's access function");
        let func = self
            .instance
            .get_typed_func::<(), (R,)>(&mut *self.store, func_index)
            .expect("wizer's access function type");
        let ret = func
            .call_async(&mut *self.store, ())
            .await
            .expect("wizer's access function runs")
            .0;
        use_ret(&mut *self.store, ret)
    }
}

impl wasmtime_wizer::ComponentInstanceState for WizerState<'_> {
    async fn call_func_ret_list_u8(
        &mut self,
        instance: &str,
        func: &str,
        contents: impl FnOnce(&[u8]) + Send,
    ) {
        self.call(
            instance,
            func,
            |store, list: wasmtime::component::WasmList<u8>| {
                contents(list.as_le_slice(&*store));
            },
        )
        .await
    }

    async fn call_func_ret_s32(&mut self, instance: &str, func: &str) -> i32 {
        self.call(instance, func, |_, r| r).await
    }

    async fn call_func_ret_s64(&mut self, instance: &str, func: &str) -> i64 {
        self.call(instance, func, |_, r| r).await
    }

    async fn call_func_ret_f32(&mut self, instance: &str, func: &str) -> u32 {
        self.call(instance, func, |_, r: f32| r.to_bits()).await
    }

    async fn call_func_ret_f64(&mut self, instance: &str, func: &str) -> u64 {
        self.call(instance, func, |_, r: f64| r.to_bits()).await
    }
}
