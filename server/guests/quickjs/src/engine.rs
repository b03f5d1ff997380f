//! One snippet run in a fresh QuickJS runtime: natives, the bytecode prelude, compilation
//! (script with top-level await, or ES module), the node-like event loop, and the outcome.
//!
//! Nothing here knows about WIT: the guest glue in `lib.rs` maps [`Host`] onto WASI and the
//! `host` import, and tests map it onto buffers.
#![allow(unsafe_code)] // FFI with QuickJS where rquickjs has no safe wrapper; each use says why.

use std::{
    cell::{Cell, RefCell},
    rc::Rc,
};

use rquickjs::{
    Coerced, Context, Ctx, Exception, Function, Module, Object, Persistent, Runtime, Value,
    loader::{ImportAttributes, Loader, Resolver},
    module::Declared,
    qjs,
};

use crate::report::{self, Frame};

mod modules {
    include!(concat!(env!("OUT_DIR"), "/modules.rs"));
}

/// QuickJS's own limit on the shadow stack (the C stack in linear memory, `-z stack-size` in
/// build.sh). It must trip before Wasmtime's `max_wasm_stack` runs out, so that deep recursion
/// is a catchable `RangeError` and not a trap. Measured under Wasmtime 48 with a 4 MiB wasm
/// stack: QuickJS's C recursion (JSON.parse/stringify of deep nesting, the parser on deeply
/// nested expressions) uses more wasm stack per byte of shadow stack than anything else, plain JS
/// recursion ~2-4 (between 8 and 16 for the former: 512 KiB overflowed 4 MiB, 256 KiB did not).
/// 256 KiB is safe for all of them and allows ~960 nested JS calls; 1 MiB would allow ~3850
/// and needs a 16 MiB wasm stack.
const MAX_STACK_SIZE: usize = 256 * 1024;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stream {
    Stdout,
    Stderr,
}

/// What the engine needs from outside.
pub trait Host {
    fn write(&self, stream: Stream, text: &str);
    fn call_tool(&self, name: &str, args_json: &str) -> Result<String, String>;
    /// Monotonic milliseconds from an arbitrary origin.
    fn now_ms(&self) -> f64;
    fn sleep_ms(&self, ms: f64);
    /// Fresh randomness for this run's `Math.random` (a snapshotted context would otherwise
    /// repeat the sequence it was seeded with when the snapshot was taken).
    fn random_seed(&self) -> u64 {
        use std::hash::BuildHasher;
        std::collections::hash_map::RandomState::new().hash_one(self.now_ms().to_bits())
    }
    /// The environment the host granted (`process.env`); none by default.
    fn env(&self) -> Vec<(String, String)> {
        Vec::new()
    }
}

pub struct Request<'a> {
    pub code: &'a str,
    pub filename: &'a str,
    pub show_last_value: bool,
    /// Modules the snippet can import in this run: (specifier, JavaScript source).
    pub modules: &'a [(String, String)],
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErrorReport {
    pub kind: String,
    pub message: String,
    pub traceback: String,
    pub frames: Vec<Frame>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Outcome {
    pub value: Option<String>,
    pub error: Option<ErrorReport>,
    pub exit_code: Option<i32>,
    /// JSON text of the last `codemode.report(value)`.
    pub report: Option<String>,
}

type Saved = Persistent<Value<'static>>;

struct State {
    host: Rc<dyn Host>,
    /// Set by `process.exit`; the uncatchable error it throws unwinds to us.
    exit: Cell<Option<i32>>,
    /// Rejected promises without a handler yet: (promise, reason).
    rejections: RefCell<Vec<(Saved, Saved)>>,
    /// Address space set aside at start and given back before an uncaught error is described,
    /// so that reporting an out-of-memory error has room to work in.
    reserve: RefCell<Option<Vec<u8>>>,
    /// JSON text of the last `codemode.report(value)`.
    report: RefCell<Option<String>>,
}

/// Size of [`State::reserve`]: room for loading `inspect.js` and formatting an error.
const RESERVE_BYTES: usize = 2 << 20;

/// Why the event loop stopped early.
enum Stop<'js> {
    Exit(i32),
    Uncaught(Value<'js>),
}

thread_local! {
    /// The runtime and context [`prepare`] made before the instance was snapshotted; the
    /// (only) run of the instance takes them.
    static PREPARED: RefCell<Option<(Runtime, Context)>> = const { RefCell::new(None) };
}

/// Creates the QuickJS runtime and context ahead of the run. The host calls this once (the
/// `wizer-initialize` export) and snapshots the instance, so that each run starts from a
/// context with its intrinsics built instead of building them (most of a hello run's time).
/// Nothing run-specific happens here: the run installs its loader, promise tracker, stack
/// limit, natives, `Math.random` seed and `performance` time origin itself.
pub fn prepare() {
    if let Ok(prepared) = new_context() {
        PREPARED.with(|p| *p.borrow_mut() = Some(prepared));
    }
}

fn new_context() -> Result<(Runtime, Context), String> {
    let rt = Runtime::new().map_err(|e| format!("cannot create the QuickJS runtime: {e}"))?;
    let context =
        Context::full(&rt).map_err(|e| format!("cannot create the QuickJS context: {e}"))?;
    Ok((rt, context))
}

/// Runs one snippet to completion in a new runtime.
pub fn run(request: &Request<'_>, host: Rc<dyn Host>) -> Outcome {
    let state = Rc::new(State {
        host,
        exit: Cell::new(None),
        rejections: RefCell::new(Vec::new()),
        reserve: RefCell::new(Some(Vec::with_capacity(RESERVE_BYTES))),
        report: RefCell::new(None),
    });
    let (rt, context) = match PREPARED.with(|p| p.borrow_mut().take()) {
        Some(prepared) => prepared,
        None => match new_context() {
            Ok(fresh) => fresh,
            Err(message) => return internal_error(&message),
        },
    };
    let tracker_state = state.clone();
    rt.set_host_promise_rejection_tracker(Some(Box::new(move |ctx, promise, reason, handled| {
        let mut list = tracker_state.rejections.borrow_mut();
        if handled {
            list.retain(|(p, _)| {
                let p = p.clone().restore(&ctx);
                !matches!(p, Ok(p) if p == promise)
            });
        } else {
            list.push((
                Persistent::save(&ctx, promise),
                Persistent::save(&ctx, reason),
            ));
        }
    })));
    let provided: Rc<Vec<(String, String)>> = Rc::new(request.modules.to_vec());
    rt.set_loader(
        Modules {
            provided: provided.clone(),
        },
        Modules { provided },
    );
    let outcome = context.with(|ctx| {
        // SAFETY: the runtime pointer of our live context.
        set_stack_limit(
            unsafe { qjs::JS_GetRuntime(ctx.as_raw().as_ptr()) },
            MAX_STACK_SIZE,
        );
        Session {
            ctx,
            state: state.clone(),
            request,
        }
        .run()
    });
    // The instance is discarded after this run: freeing the heap object by object would only
    // cost time (and QuickJS asserts that nothing leaked, which a snippet may well do).
    std::mem::forget(context);
    std::mem::forget(rt);
    Outcome {
        report: state.report.borrow_mut().take(),
        ..outcome
    }
}

/// Gives QuickJS a stack limit of `size` bytes below the current stack pointer.
///
/// QuickJS-ng turns its stack check off on WASI (`update_stack_limit` stores 0 there), so
/// `JS_SetMaxStackSize` alone does nothing and deep recursion would overflow the wasm stack
/// (a trap). The check itself (`js_check_stack_overflow`, comparing the shadow-stack pointer
/// with `rt->stack_limit`) is still compiled in, so we set `stack_limit` ourselves. `JSRuntime`
/// is opaque: its `stack_size`, `stack_top` and `stack_limit` fields are adjacent words, found by
/// writing two marker sizes through `JS_SetMaxStackSize` and looking for the word that follows.
fn set_stack_limit(raw: *mut qjs::JSRuntime, size: usize) {
    // SAFETY (all blocks): `raw` is the live runtime of the calling context.
    if !cfg!(target_family = "wasm") {
        // Natively QuickJS applies the size itself.
        unsafe { qjs::JS_SetMaxStackSize(raw, size as _) };
        return;
    }
    // `stack_size` is word 154 of JSRuntime on wasm32 in QuickJS-ng 0.16.2 (pinned through
    // rquickjs-sys =0.14.0); the two markers make a layout change fail safe (no limit).
    const SCAN: usize = 256;
    const MARK_A: usize = 0x5A17_0001;
    const MARK_B: usize = 0x5A17_0002;
    let words = raw.cast::<usize>();
    // SAFETY: reads of the JSRuntime allocation and, if it is shorter than SCAN words, of the
    // linear memory right after it (always in bounds on wasm); the one write is to the word
    // after `stack_top`, which follows the word identified twice as `stack_size`.
    unsafe {
        qjs::JS_SetMaxStackSize(raw, MARK_A as _);
        let candidates: Vec<usize> = (0..SCAN - 2)
            .filter(|&i| words.add(i).read_volatile() == MARK_A)
            .collect();
        qjs::JS_SetMaxStackSize(raw, MARK_B as _);
        let found = candidates
            .into_iter()
            .find(|&i| words.add(i).read_volatile() == MARK_B);
        qjs::JS_SetMaxStackSize(raw, size as _);
        if let Some(i) = found {
            let marker = 0u8;
            let top = std::hint::black_box(&marker) as *const u8 as usize;
            words.add(i + 2).write(top.saturating_sub(size));
        }
    }
}

/// `String(value)` as UTF-8, with lone surrogates (which QuickJS hands out as WTF-8) replaced by
/// U+FFFD the way node writes them.
fn to_string_lossy(ctx: &Ctx<'_>, value: &Value<'_>) -> String {
    let raw = ctx.as_raw().as_ptr();
    let mut len = 0;
    // SAFETY: JS_ToCStringLen returns a buffer of `len` bytes owned by QuickJS (or null with an
    // exception pending), freed right after the copy.
    let bytes = unsafe {
        let ptr = qjs::JS_ToCStringLen(raw, &mut len, value.as_raw());
        if ptr.is_null() {
            let _ = ctx.catch();
            return String::new();
        }
        #[allow(clippy::unnecessary_cast)] // size_t is u32 on wasm32
        let bytes = std::slice::from_raw_parts(ptr.cast::<u8>(), len as usize).to_vec();
        qjs::JS_FreeCString(raw, ptr);
        bytes
    };
    match String::from_utf8(bytes) {
        Ok(s) => s,
        Err(e) => report::wtf8_to_utf8_lossy(e.as_bytes()),
    }
}

/// Evaluates a prelude module's bytecode and returns its completion value.
fn eval_module<'js>(ctx: &Ctx<'js>, name: &str) -> rquickjs::Result<Value<'js>> {
    let Some((_, bytecode)) = modules::MODULES.iter().find(|(n, _)| *n == name) else {
        return Err(Exception::throw_message(
            ctx,
            &format!("no prelude module {name}"),
        ));
    };
    let raw = ctx.as_raw().as_ptr();
    // SAFETY: the bytecode was written by build.rs with the same QuickJS version; both calls
    // return owned values that we hand to rquickjs right away.
    unsafe {
        let func = qjs::JS_ReadObject(
            raw,
            bytecode.as_ptr(),
            bytecode.len() as _,
            qjs::JS_READ_OBJ_BYTECODE as i32,
        );
        if qjs::JS_IsException(func) {
            return Err(rquickjs::Error::Exception);
        }
        let result = qjs::JS_EvalFunction(raw, func);
        if qjs::JS_IsException(result) {
            return Err(rquickjs::Error::Exception);
        }
        Ok(Value::from_raw(ctx.clone(), result))
    }
}

/// What `import` can reach: the modules the host provided for this run (by exact specifier, or
/// relative to the importing provided module), and the node built-ins the prelude offers
/// through `require()` (see `js/node.js`; `import { inspect } from 'node:util'`). Any other
/// specifier is an error naming what is available.
struct Modules {
    provided: Rc<Vec<(String, String)>>,
}

const BUILTINS: &[&str] = &[
    "util",
    "assert",
    "assert/strict",
    "events",
    "timers",
    "timers/promises",
    "url",
    "process",
    "console",
    "test",
];

/// The provided module that is also a global (the generated tool API).
const SERVERS: &str = "servers";

/// Prefix of the names under which built-ins are loaded, so they never clash with a provided
/// module's specifier.
const BUILTIN_PREFIX: &str = "node:";

/// `./x` and `../x` relative to the importing module's specifier (`skills/a` + `./b` →
/// `skills/b`); other specifiers unchanged.
fn join_specifier(base: &str, name: &str) -> String {
    if !(name.starts_with("./") || name.starts_with("../")) {
        return name.to_owned();
    }
    let mut parts: Vec<&str> = base.split('/').collect();
    parts.pop();
    for part in name.split('/') {
        match part {
            "." | "" => {}
            ".." => {
                parts.pop();
            }
            other => parts.push(other),
        }
    }
    let joined = parts.join("/");
    joined
        .strip_suffix(".js")
        .or_else(|| joined.strip_suffix(".ts"))
        .map(str::to_owned)
        .unwrap_or(joined)
}

impl Modules {
    fn find(&self, name: &str) -> Option<&str> {
        self.provided
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, source)| source.as_str())
    }
}

impl Resolver for Modules {
    fn resolve<'js>(
        &mut self,
        ctx: &Ctx<'js>,
        base: &str,
        name: &str,
        _attributes: Option<ImportAttributes<'js>>,
    ) -> rquickjs::Result<String> {
        let joined = join_specifier(base, name);
        if self.find(&joined).is_some() {
            return Ok(joined);
        }
        // `skills/summarize.ts` / `.js` name the provided `skills/summarize` too.
        if let Some(stem) = [".js", ".ts", ".mjs"]
            .iter()
            .find_map(|ext| joined.strip_suffix(ext))
            && self.find(stem).is_some()
        {
            return Ok(stem.to_owned());
        }
        let bare = name.strip_prefix(BUILTIN_PREFIX).unwrap_or(name);
        if BUILTINS.contains(&bare) && (bare != "test" || name.starts_with(BUILTIN_PREFIX)) {
            return Ok(format!("{BUILTIN_PREFIX}{bare}"));
        }
        let provided = if self.provided.is_empty() {
            String::new()
        } else {
            let names: Vec<&str> = self.provided.iter().map(|(n, _)| n.as_str()).collect();
            format!(
                "; the modules provided for this run are {}",
                names.join(", ")
            )
        };
        Err(Exception::throw_message(
            ctx,
            &format!(
                "Cannot find module '{name}': a snippet cannot import files or packages; \
                 the node built-ins available are {}{provided}",
                BUILTINS
                    .iter()
                    .map(|b| if *b == "test" { "node:test" } else { b })
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        ))
    }
}

impl Loader for Modules {
    fn load<'js>(
        &mut self,
        ctx: &Ctx<'js>,
        name: &str,
        _attributes: Option<ImportAttributes<'js>>,
    ) -> rquickjs::Result<Module<'js, Declared>> {
        if let Some(source) = self.find(name) {
            return Module::declare(ctx.clone(), name, source.to_owned()).map_err(|err| {
                // Name the module: QuickJS's own message says only what it expected.
                if let rquickjs::Error::Exception = err {
                    let caught = ctx.catch();
                    if let Some(obj) = caught.as_object()
                        && let Ok(message) = obj.get::<_, String>("message")
                    {
                        let _ = obj.set("message", format!("{message} (in module '{name}')"));
                    }
                    ctx.throw(caught)
                } else {
                    err
                }
            });
        }
        // Re-export the CommonJS object: `default` plus each identifier-like key.
        let keys: Vec<String> = ctx.eval(format!(
            "Object.keys(require({name:?})).filter((k) => /^[A-Za-z_$][\\w$]*$/.test(k) && k !== 'default')"
        ))?;
        let mut source = format!("const m = globalThis.require({name:?});\nexport default m;\n");
        if !keys.is_empty() {
            source.push_str(&format!("export const {{ {} }} = m;\n", keys.join(", ")));
        }
        Module::declare(ctx.clone(), name, source)
    }
}

fn internal_error(message: &str) -> Outcome {
    Outcome {
        error: Some(ErrorReport {
            kind: "InternalError".into(),
            message: message.into(),
            traceback: format!("InternalError: {message}"),
            frames: Vec::new(),
        }),
        ..Outcome::default()
    }
}

struct Session<'js, 'r> {
    ctx: Ctx<'js>,
    state: Rc<State>,
    request: &'r Request<'r>,
}

impl<'js> Session<'js, '_> {
    fn run(&self) -> Outcome {
        let hooks = match self.load_prelude() {
            Ok(h) => h,
            Err(e) => return internal_error(&format!("the codemode prelude failed: {e}")),
        };
        let mut outcome = Outcome::default();
        match self.evaluate(&hooks) {
            Ok(completion) => {
                if let Some(code) = self.state.exit.get() {
                    outcome.exit_code = Some(code);
                } else if let Some(code) = self.exit_code_property(&hooks) {
                    outcome.exit_code = Some(code);
                }
                if let Some(completion) = completion {
                    match self.promise_state(&completion) {
                        qjs::JSPromiseStateEnum_JS_PROMISE_FULFILLED
                            if self.request.show_last_value =>
                        {
                            outcome.value = self.completion_value(&hooks, &completion);
                        }
                        // Node: "Warning: Detected unsettled top-level await", exit code 13.
                        qjs::JSPromiseStateEnum_JS_PROMISE_PENDING
                            if outcome.exit_code.is_none() =>
                        {
                            self.state.host.write(
                                Stream::Stderr,
                                "Warning: Detected unsettled top-level await\n",
                            );
                            outcome.exit_code = Some(13);
                        }
                        _ => {}
                    }
                }
            }
            Err(Stop::Exit(code)) => outcome.exit_code = Some(code),
            Err(Stop::Uncaught(value)) => outcome.error = Some(self.describe(&hooks, value)),
        }
        outcome
    }

    /// Gives the context this run's state, installs the natives, evaluates the prelude
    /// bytecode and returns its hooks object.
    fn load_prelude(&self) -> rquickjs::Result<Object<'js>> {
        let ctx = &self.ctx;
        self.renew_context_state()?;
        let natives = self.natives()?;
        ctx.globals().set("__cm_native", natives)?;
        let value = eval_module(ctx, "core")?;
        ctx.globals().remove("__cm_native")?;
        value.into_object().ok_or(rquickjs::Error::Unknown)
    }

    /// What QuickJS fixes when a context is created, which for a context from the snapshot
    /// ([`prepare`]) was in another process: the `performance` time origin and the
    /// `Math.random` seed. Both are made again for this run.
    fn renew_context_state(&self) -> rquickjs::Result<()> {
        // `performance.now()` counts from `performance.timeOrigin`; installing `performance`
        // again takes a new origin on this run's clock.
        // SAFETY: the raw pointer of this run's live context.
        if unsafe { qjs::JS_AddPerformance(self.ctx.as_raw().as_ptr()) } != 0 {
            return Err(rquickjs::Error::Unknown);
        }
        self.seed_math_random()
    }

    /// Replaces `Math.random` with the same generator as QuickJS's (xorshift64*, 52 random
    /// bits) seeded for this run.
    fn seed_math_random(&self) -> rquickjs::Result<()> {
        let state = Cell::new(self.state.host.random_seed().max(1));
        let random = Function::new(self.ctx.clone(), move || {
            let mut x = state.get();
            x ^= x >> 12;
            x ^= x << 25;
            x ^= x >> 27;
            state.set(x);
            let bits = x.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 12;
            f64::from_bits((0x3ff << 52) | bits) - 1.0
        })?
        .with_name("random")?;
        let math: Object<'js> = self.ctx.globals().get("Math")?;
        math.set("random", random)
    }

    fn natives(&self) -> rquickjs::Result<Object<'js>> {
        let ctx = self.ctx.clone();
        let obj = Object::new(ctx.clone())?;
        obj.set(
            "load",
            Function::new(ctx.clone(), |ctx: Ctx<'js>, name: String| {
                eval_module(&ctx, &name)
            })?,
        )?;

        let st = self.state.clone();
        obj.set(
            "write",
            Function::new(
                ctx.clone(),
                move |ctx: Ctx<'js>, fd: i32, text: Value<'js>| {
                    let text = to_string_lossy(&ctx, &text);
                    st.host.write(
                        if fd == 2 {
                            Stream::Stderr
                        } else {
                            Stream::Stdout
                        },
                        &text,
                    );
                },
            )?,
        )?;
        let st = self.state.clone();
        obj.set("now", Function::new(ctx.clone(), move || st.host.now_ms())?)?;
        let st = self.state.clone();
        obj.set(
            "report",
            Function::new(ctx.clone(), move |json: String| {
                *st.report.borrow_mut() = Some(json);
            })?,
        )?;
        obj.set("filename", self.request.filename)?;
        let st = self.state.clone();
        obj.set(
            "env",
            Function::new(
                ctx.clone(),
                move |ctx: Ctx<'js>| -> rquickjs::Result<Object<'js>> {
                    let env = Object::new(ctx)?;
                    for (k, v) in st.host.env() {
                        env.set(k, v)?;
                    }
                    Ok(env)
                },
            )?,
        )?;
        let st = self.state.clone();
        obj.set(
            "sleep",
            Function::new(ctx.clone(), move |ms: f64| st.host.sleep_ms(ms))?,
        )?;
        let st = self.state.clone();
        obj.set(
            "callTool",
            Function::new(
                ctx.clone(),
                move |ctx: Ctx<'js>, name: Coerced<String>, args: Coerced<String>| match st
                    .host
                    .call_tool(&name.0, &args.0)
                {
                    Ok(json) => Ok(json),
                    Err(message) => Err(Exception::throw_message(&ctx, &message)),
                },
            )?,
        )?;
        let st = self.state.clone();
        obj.set(
            "exit",
            Function::new(
                ctx.clone(),
                move |ctx: Ctx<'js>, code: i32| -> rquickjs::Result<()> {
                    st.exit.set(Some(code));
                    let err = Exception::from_message(ctx.clone(), "process.exit")?;
                    // SAFETY: `err` is a live Error object of this context.
                    unsafe { qjs::JS_SetUncatchableError(ctx.as_raw().as_ptr(), err.as_raw()) };
                    Err(ctx.throw(err.into_value()))
                },
            )?,
        )?;
        obj.set(
            "promiseState",
            Function::new(
                ctx.clone(),
                |ctx: Ctx<'js>, p: Value<'js>| -> rquickjs::Result<Vec<Value<'js>>> {
                    // SAFETY: plain queries on a live value; JS_PromiseResult returns an owned value.
                    unsafe {
                        let state = qjs::JS_PromiseState(ctx.as_raw().as_ptr(), p.as_raw());
                        let mut out = vec![Value::new_int(ctx.clone(), state)];
                        if state > 0 {
                            let result = qjs::JS_PromiseResult(ctx.as_raw().as_ptr(), p.as_raw());
                            out.push(Value::from_raw(ctx.clone(), result));
                        }
                        Ok(out)
                    }
                },
            )?,
        )?;
        obj.set(
            "proxyTarget",
            Function::new(
                ctx.clone(),
                |ctx: Ctx<'js>, v: Value<'js>| -> rquickjs::Result<Value<'js>> {
                    // SAFETY: JS_IsProxy only reads the tag/class; JS_GetProxyTarget returns an
                    // owned value (null for a revoked proxy) or an exception.
                    unsafe {
                        if !qjs::JS_IsProxy(v.as_raw()) {
                            return Ok(Value::new_undefined(ctx));
                        }
                        let t = qjs::JS_GetProxyTarget(ctx.as_raw().as_ptr(), v.as_raw());
                        if qjs::JS_IsException(t) {
                            return Err(rquickjs::Error::Exception);
                        }
                        Ok(Value::from_raw(ctx, t))
                    }
                },
            )?,
        )?;
        Ok(obj)
    }

    /// Compiles and runs the snippet and the event loop. Returns the completion promise of a
    /// script (resolving to `{ value }`), `None` for a module.
    fn evaluate(&self, hooks: &Object<'js>) -> Result<Option<Value<'js>>, Stop<'js>> {
        self.install_servers()?;
        let (func, is_module) = self.compile()?;
        let raw = self.ctx.as_raw().as_ptr();
        // SAFETY: `func` is an owned compiled function/module; JS_EvalFunction consumes it.
        let promise = unsafe {
            let result = qjs::JS_EvalFunction(raw, func);
            if qjs::JS_IsException(result) {
                return Err(self.exception());
            }
            Value::from_raw(self.ctx.clone(), result)
        };
        let completion = promise.clone();
        // A synchronous throw has already rejected the completion promise: node stops there.
        self.check_completion(&completion)?;
        self.drain(hooks, &completion)?;
        // `beforeExit` may start more work (tests registered with node:test and never run
        // are run then, as node does): the loop goes on once more.
        for round in 0..2 {
            loop {
                let task: Value = self.call_hook(hooks, "nextTask", ())?;
                if let Some(f) = task.as_function() {
                    f.call::<_, ()>(()).map_err(|_| self.exception())?;
                    self.drain(hooks, &completion)?;
                } else if let Some(ms) = task.as_number() {
                    self.state.host.sleep_ms(ms);
                } else {
                    break;
                }
            }
            let more: bool = self.call_hook(hooks, "beforeExit", (round == 0,))?;
            self.drain(hooks, &completion)?;
            if !more {
                break;
            }
        }
        self.call_hook::<()>(hooks, "emitExit", ())?;
        Ok(if is_module { None } else { Some(completion) })
    }

    /// A provided module named `servers` (the generated tool API) is also the global
    /// `servers`: its default export, else its namespace. Evaluated before the snippet.
    fn install_servers(&self) -> Result<(), Stop<'js>> {
        if !self.request.modules.iter().any(|(n, _)| n == SERVERS) {
            return Ok(());
        }
        let promise = Module::import(&self.ctx, SERVERS).map_err(|_| self.exception())?;
        let promise = promise.into_value();
        while self.run_job()? {}
        self.check_completion(&promise)?;
        // SAFETY: the promise is settled and not rejected; JS_PromiseResult returns an owned value.
        let namespace = unsafe {
            Value::from_raw(
                self.ctx.clone(),
                qjs::JS_PromiseResult(self.ctx.as_raw().as_ptr(), promise.as_raw()),
            )
        };
        let value = match namespace.as_object() {
            Some(ns) => match ns.get::<_, Value>("default") {
                Ok(default) if !default.is_undefined() => default,
                _ => namespace.clone(),
            },
            None => namespace.clone(),
        };
        let define: Function = self
            .ctx
            .eval("(v) => Object.defineProperty(globalThis, 'servers', { value: v, writable: true, configurable: true, enumerable: false })")
            .map_err(|_| self.exception())?;
        define.call::<_, ()>((value,)).map_err(|_| self.exception())
    }

    fn compile(&self) -> Result<(qjs::JSValue, bool), Stop<'js>> {
        let script = self.compile_as(qjs::JS_EVAL_TYPE_GLOBAL | qjs::JS_EVAL_FLAG_ASYNC);
        match script {
            Ok(f) => Ok((f, false)),
            Err(script_error) => {
                if !report::looks_like_module(self.request.code) {
                    return Err(script_error);
                }
                match self.compile_as(qjs::JS_EVAL_TYPE_MODULE) {
                    Ok(f) => Ok((f, true)),
                    Err(module_error) => Err(module_error),
                }
            }
        }
    }

    fn compile_as(&self, flags: u32) -> Result<qjs::JSValue, Stop<'js>> {
        let mut src = Vec::with_capacity(self.request.code.len() + 1);
        src.extend_from_slice(self.request.code.as_bytes());
        src.push(0);
        let mut name = self.request.filename.as_bytes().to_vec();
        name.retain(|&b| b != 0);
        name.push(0);
        // SAFETY: both buffers are NUL-terminated and outlive the call.
        let func = unsafe {
            qjs::JS_Eval(
                self.ctx.as_raw().as_ptr(),
                src.as_ptr().cast(),
                self.request.code.len() as _,
                name.as_ptr().cast(),
                (flags | qjs::JS_EVAL_FLAG_COMPILE_ONLY) as i32,
            )
        };
        // SAFETY: reading the tag of a value we own.
        if unsafe { qjs::JS_IsException(func) } {
            return Err(self.exception());
        }
        Ok(func)
    }

    /// Runs `process.nextTick` callbacks and promise jobs until both queues are empty (node's
    /// `processTicksAndRejections`), then reports a rejected completion or unhandled rejection.
    fn drain(&self, hooks: &Object<'js>, completion: &Value<'js>) -> Result<(), Stop<'js>> {
        loop {
            let more_ticks: bool = self.call_hook(hooks, "runTicks", ())?;
            let mut ran_job = false;
            while self.run_job()? {
                ran_job = true;
            }
            if !more_ticks && !ran_job {
                break;
            }
        }
        self.check_completion(completion)?;
        let first = {
            let mut list = self.state.rejections.borrow_mut();
            let mut found = None;
            while !list.is_empty() {
                let (p, r) = list.remove(0);
                let (Ok(p), Ok(r)) = (p.restore(&self.ctx), r.restore(&self.ctx)) else {
                    continue;
                };
                if p == *completion {
                    continue;
                }
                found = Some(r);
                break;
            }
            found
        };
        match first {
            Some(reason) => Err(Stop::Uncaught(reason)),
            None => Ok(()),
        }
    }

    fn check_completion(&self, completion: &Value<'js>) -> Result<(), Stop<'js>> {
        if self.promise_state(completion) == qjs::JSPromiseStateEnum_JS_PROMISE_REJECTED {
            // SAFETY: the value is a rejected promise; JS_PromiseResult returns an owned value.
            let reason = unsafe {
                Value::from_raw(
                    self.ctx.clone(),
                    qjs::JS_PromiseResult(self.ctx.as_raw().as_ptr(), completion.as_raw()),
                )
            };
            return Err(Stop::Uncaught(reason));
        }
        Ok(())
    }

    fn run_job(&self) -> Result<bool, Stop<'js>> {
        let mut job_ctx = std::ptr::null_mut();
        // SAFETY: the runtime pointer comes from our live context; there is a single context.
        let res = unsafe {
            qjs::JS_ExecutePendingJob(qjs::JS_GetRuntime(self.ctx.as_raw().as_ptr()), &mut job_ctx)
        };
        if res < 0 {
            return Err(self.exception());
        }
        Ok(res > 0)
    }

    fn promise_state(&self, value: &Value<'js>) -> qjs::JSPromiseStateEnum {
        // SAFETY: a read-only query on a live value.
        unsafe { qjs::JS_PromiseState(self.ctx.as_raw().as_ptr(), value.as_raw()) }
    }

    /// The pending exception as a [`Stop`].
    fn exception(&self) -> Stop<'js> {
        let value = self.ctx.catch();
        match self.state.exit.get() {
            Some(code) => Stop::Exit(code),
            None => Stop::Uncaught(value),
        }
    }

    fn call_hook<R: rquickjs::FromJs<'js>>(
        &self,
        hooks: &Object<'js>,
        name: &str,
        args: impl rquickjs::function::IntoArgs<'js>,
    ) -> Result<R, Stop<'js>> {
        let f: Function = hooks.get(name).map_err(|_| self.exception())?;
        f.call(args).map_err(|_| self.exception())
    }

    fn exit_code_property(&self, hooks: &Object<'js>) -> Option<i32> {
        let v: Value = self.call_hook(hooks, "exitCode", ()).ok()?;
        v.as_int().or_else(|| v.as_float().map(|f| f as i32))
    }

    fn completion_value(&self, hooks: &Object<'js>, completion: &Value<'js>) -> Option<String> {
        // SAFETY: the promise is fulfilled; JS_PromiseResult returns an owned value.
        let result = unsafe {
            Value::from_raw(
                self.ctx.clone(),
                qjs::JS_PromiseResult(self.ctx.as_raw().as_ptr(), completion.as_raw()),
            )
        };
        let value: Value = result.as_object()?.get("value").ok()?;
        if value.is_undefined() {
            return None;
        }
        self.call_hook::<String>(hooks, "inspect", (value,)).ok()
    }

    /// Turns an uncaught value into the WIT error record.
    fn describe(&self, hooks: &Object<'js>, value: Value<'js>) -> ErrorReport {
        // If this is an out-of-memory error, the heap is full: free the reserve and collect
        // cycles before running the (allocating) prelude code that describes it.
        drop(self.state.reserve.borrow_mut().take());
        self.state.rejections.borrow_mut().clear();
        self.ctx.run_gc();
        let described: Option<(String, String, String)> = (|| {
            let f: Function = hooks.get("describeError").ok()?;
            let d: Object = f.call((value.clone(),)).ok()?;
            let get = |k: &str| {
                d.get::<_, Value>(k)
                    .ok()
                    .map(|v| to_string_lossy(&self.ctx, &v))
            };
            Some((get("kind")?, get("message")?, get("text")?))
        })();
        let (kind, message, text) = described.unwrap_or_else(|| {
            let _ = self.ctx.catch();
            // The prelude could not describe it (typically out of memory): read what we can.
            let obj = value.as_object();
            let get = |k: &str| {
                obj.and_then(|o| o.get::<_, Coerced<String>>(k).ok())
                    .map(|c| c.0)
            };
            let kind = get("name").unwrap_or_else(|| "InternalError".into());
            let message = get("message").unwrap_or_else(|| "out of memory".into());
            let stack = get("stack").unwrap_or_default();
            let text = format!("{kind}: {message}\n{stack}");
            (kind, message, text)
        });
        let text = report::strip_runtime_frames(&text);
        let frames = report::parse_stack(&text);
        let traceback =
            report::render_traceback(self.request.code, self.request.filename, &frames, &text);
        ErrorReport {
            kind,
            message,
            traceback,
            frames,
        }
    }
}
