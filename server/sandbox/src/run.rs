//! What every run shares, whatever the guest: the store's limits and interruption, the
//! supervision of the call (deadline, cancellation), and how its end is classified.

use std::future::Future;
use std::sync::Arc;
use std::time::{Duration, Instant};

use wasmtime::{Store, Trap, UpdateDeadline};

use crate::cancel::CancelHandle;
use crate::guest::{GuestResult, ToolHost};
use crate::limits::{Grants, Limiter, Limits};
use crate::output::{CappedPipe, Captured};

/// Everything a caller decides about one run.
#[derive(Clone, Default)]
pub struct RunOptions {
    pub limits: Limits,
    pub grants: Grants,
    pub cancel: CancelHandle,
    /// Upstream tools reachable through the guest's `call-tool` import; `None` refuses calls.
    pub tools: Option<Arc<dyn ToolHost>>,
}

/// How a run ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Termination {
    /// An interpreter guest returned (the snippet may still have raised: see the result).
    Returned(GuestResult),
    /// A command module exited with this code.
    Exited(i32),
    /// The wall-clock limit passed.
    Timeout,
    /// The fuel budget ran out.
    FuelExhausted,
    /// The guest trapped after the memory limit refused to grow its memory.
    MemoryLimit(String),
    /// stdout or stderr passed its cap.
    OutputLimit,
    /// The run was cancelled from outside.
    Cancelled,
    /// The guest trapped (a bug in the guest, or a WebAssembly stack overflow).
    Trap(String),
}

/// The full record of one run.
#[derive(Debug, Clone)]
pub struct Execution {
    pub termination: Termination,
    pub stdout: Captured,
    pub stderr: Captured,
    pub duration: Duration,
    /// True when the guest asked for more memory than allowed at some point (even if it
    /// recovered, e.g. by catching `MemoryError`).
    pub hit_memory_limit: bool,
    /// Largest linear memory size the guest reached, in bytes.
    pub peak_memory_bytes: usize,
    /// Fuel consumed, when a fuel budget was set.
    pub fuel_consumed: Option<u64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Interrupt {
    Timeout,
    Cancelled,
}

/// Per-store run control, reached from the epoch callback and the limiter.
pub(crate) struct Control {
    pub(crate) limiter: Limiter,
    deadline: Instant,
    cancel: CancelHandle,
    interrupted: Option<Interrupt>,
    fuel_budget: Option<u64>,
    pub(crate) stdout: CappedPipe,
    pub(crate) stderr: CappedPipe,
}

impl Control {
    pub(crate) fn new(options: &RunOptions, started: Instant) -> Self {
        Self {
            limiter: Limiter::new(&options.limits),
            deadline: started + options.limits.timeout,
            cancel: options.cancel.clone(),
            interrupted: None,
            fuel_budget: options.limits.fuel,
            stdout: CappedPipe::new(options.limits.stdout_bytes),
            stderr: CappedPipe::new(options.limits.stderr_bytes),
        }
    }
}

pub(crate) trait HasControl: Send + 'static {
    fn control(&mut self) -> &mut Control;
}

/// Without a budget on an engine with fuel metering the guest still consumes fuel; this is
/// "practically unlimited" — about a century of CPython.
const UNLIMITED_FUEL: u64 = i64::MAX as u64;

/// `fuel_metering`: the engine's [`crate::EngineOptions::fuel_metering`].
pub(crate) fn configure_store<T: HasControl>(store: &mut Store<T>, fuel_metering: bool) {
    store.limiter(|state| &mut state.control().limiter);
    let budget = store.data_mut().control().fuel_budget;
    if fuel_metering {
        store
            .set_fuel(budget.unwrap_or(UNLIMITED_FUEL))
            .expect("the engine is configured with fuel");
    }
    store.set_epoch_deadline(1);
    store.epoch_deadline_callback(|mut ctx| {
        let control = ctx.data_mut().control();
        if control.cancel.is_cancelled() {
            control.interrupted = Some(Interrupt::Cancelled);
            return Ok(UpdateDeadline::Interrupt);
        }
        if Instant::now() >= control.deadline {
            control.interrupted = Some(Interrupt::Timeout);
            return Ok(UpdateDeadline::Interrupt);
        }
        // Yield to the executor on every tick so other runs progress and the supervisor
        // can observe cancellation.
        Ok(UpdateDeadline::YieldCustom(
            1,
            Box::pin(tokio::task::yield_now()),
        ))
    });
}

pub(crate) enum Ended<R> {
    Finished(wasmtime::Result<R>),
    Cancelled,
    TimedOut,
}

/// Runs the guest's future under the deadline and the cancel handle. Guest code that is
/// computing is stopped by the epoch callback; a guest waiting in a host call (a sleep, a
/// tool call) is stopped here by dropping its future.
pub(crate) async fn supervise<R>(
    call: impl Future<Output = wasmtime::Result<R>>,
    cancel: &CancelHandle,
    started: Instant,
    timeout: Duration,
) -> Ended<R> {
    let deadline = tokio::time::Instant::from_std(started + timeout);
    tokio::select! {
        biased;
        () = cancel.cancelled() => Ended::Cancelled,
        () = tokio::time::sleep_until(deadline) => Ended::TimedOut,
        result = call => Ended::Finished(result),
    }
}

/// Turns the end of a run into a [`Termination`]; `on_ok` maps a normal return and
/// `on_err` may claim an error first (e.g. a command's `proc_exit`).
pub(crate) fn classify<R>(
    ended: Ended<R>,
    control: &Control,
    on_ok: impl FnOnce(R) -> Termination,
    on_err: impl FnOnce(&wasmtime::Error) -> Option<Termination>,
) -> Termination {
    let error = match ended {
        Ended::Cancelled => return Termination::Cancelled,
        Ended::TimedOut => return Termination::Timeout,
        Ended::Finished(Ok(value)) => return on_ok(value),
        Ended::Finished(Err(error)) => error,
    };
    match control.interrupted {
        Some(Interrupt::Cancelled) => return Termination::Cancelled,
        Some(Interrupt::Timeout) => return Termination::Timeout,
        None => {}
    }
    if control.stdout.overflowed() || control.stderr.overflowed() {
        return Termination::OutputLimit;
    }
    if let Some(termination) = on_err(&error) {
        return termination;
    }
    if error.downcast_ref::<Trap>() == Some(&Trap::OutOfFuel) {
        return Termination::FuelExhausted;
    }
    let message = trap_message(&error);
    if control.limiter.hit_memory {
        return Termination::MemoryLimit(message);
    }
    Termination::Trap(message)
}

fn trap_message(error: &wasmtime::Error) -> String {
    match error.downcast_ref::<Trap>() {
        Some(Trap::StackOverflow) => "stack overflow (the snippet recursed too deeply)".into(),
        Some(trap) => trap.to_string(),
        None => format!("{error:#}"),
    }
}

pub(crate) fn finish(
    termination: Termination,
    control: &Control,
    fuel_left: Option<u64>,
    started: Instant,
) -> Execution {
    Execution {
        termination,
        stdout: control.stdout.finish(),
        stderr: control.stderr.finish(),
        duration: started.elapsed(),
        hit_memory_limit: control.limiter.hit_memory,
        peak_memory_bytes: control.limiter.peak_memory,
        fuel_consumed: control
            .fuel_budget
            .zip(fuel_left)
            .map(|(budget, left)| budget.saturating_sub(left)),
    }
}
