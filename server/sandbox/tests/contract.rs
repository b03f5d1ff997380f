//! The sandbox's contract, shown with tiny WAT guests (WASI preview 1 commands): every limit
//! stops a run cleanly, the next run is unaffected, and nothing is granted by default.

use std::sync::LazyLock;
use std::time::{Duration, Instant};

use codemode_sandbox::{
    CancelHandle, CodeCache, Command, CommandInput, EngineOptions, Grants, Limits, RunOptions,
    Sandbox, SandboxError, Termination,
};

static SANDBOX: LazyLock<Sandbox> =
    LazyLock::new(|| Sandbox::new(CodeCache::new(None)).expect("sandbox"));

/// The same with fuel metering compiled in (`EngineOptions::fuel_metering`).
static METERED: LazyLock<Sandbox> = LazyLock::new(|| {
    let options = EngineOptions {
        fuel_metering: true,
    };
    Sandbox::with_options(CodeCache::new(None), options).expect("sandbox")
});

/// A command whose `_start` runs `body`, with WASI's `fd_write` and `proc_exit` imported and
/// one page of memory holding "hello\n" at 16 and an iovec at 0.
fn command(body: &str) -> Command {
    command_in(&SANDBOX, body)
}

fn command_in(sandbox: &Sandbox, body: &str) -> Command {
    let wat = format!(
        r#"(module
          (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
          (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
          (import "wasi_snapshot_preview1" "environ_sizes_get" (func $environ_sizes_get (param i32 i32) (result i32)))
          (import "wasi_snapshot_preview1" "fd_prestat_get" (func $fd_prestat_get (param i32 i32) (result i32)))
          (memory (export "memory") 1)
          (data (i32.const 16) "hello\n")
          (func $write (param $fd i32)
            (i32.store (i32.const 0) (i32.const 16))
            (i32.store (i32.const 4) (i32.const 6))
            (drop (call $fd_write (local.get $fd) (i32.const 0) (i32.const 1) (i32.const 8))))
          (func (export "_start") {body}))"#
    );
    let wasm = wat_to_wasm(&wat);
    sandbox
        .load_command("wat-test", &wasm)
        .expect("valid command")
        .0
}

fn wat_to_wasm(wat: &str) -> Vec<u8> {
    // Wasmtime accepts WAT text directly (the `wat` feature); the sandbox wants bytes.
    wat.as_bytes().to_vec()
}

fn options(limits: Limits) -> RunOptions {
    RunOptions {
        limits,
        ..RunOptions::default()
    }
}

async fn run(command: &Command, options: &RunOptions) -> codemode_sandbox::Execution {
    command
        .run(&CommandInput::default(), options)
        .await
        .expect("run starts")
}

#[tokio::test]
async fn a_clean_run_exits_zero_and_captures_stdout() {
    let cmd = command("(call $write (i32.const 1)) (call $write (i32.const 2))");
    let execution = run(&cmd, &RunOptions::default()).await;
    assert_eq!(execution.termination, Termination::Exited(0));
    assert_eq!(execution.stdout.text, "hello\n");
    assert_eq!(execution.stderr.text, "hello\n");
}

#[tokio::test]
async fn proc_exit_is_reported_and_the_host_is_unharmed() {
    let cmd = command("(call $proc_exit (i32.const 3))");
    assert_eq!(
        run(&cmd, &RunOptions::default()).await.termination,
        Termination::Exited(3)
    );
    assert_eq!(
        run(&cmd, &RunOptions::default()).await.termination,
        Termination::Exited(3)
    );
}

#[tokio::test]
async fn an_infinite_loop_stops_at_the_deadline() {
    let cmd = command("(loop $l (br $l))");
    let limits = Limits {
        timeout: Duration::from_millis(200),
        ..Limits::default()
    };
    let started = Instant::now();
    let execution = run(&cmd, &options(limits)).await;
    assert_eq!(execution.termination, Termination::Timeout);
    let took = started.elapsed();
    assert!(
        took >= Duration::from_millis(200) && took < Duration::from_millis(1000),
        "{took:?}"
    );
}

#[tokio::test]
async fn fuel_stops_a_loop_deterministically() {
    let cmd = command_in(&METERED, "(loop $l (br $l))");
    let limits = Limits {
        fuel: Some(1_000_000),
        ..Limits::default()
    };
    let execution = run(&cmd, &options(limits)).await;
    assert_eq!(execution.termination, Termination::FuelExhausted);
    assert_eq!(execution.fuel_consumed, Some(1_000_000));
}

#[tokio::test]
async fn a_fuel_budget_without_metering_is_refused_with_how_to_get_it() {
    let cmd = command("(call $write (i32.const 1))");
    let limits = Limits {
        fuel: Some(1_000_000),
        ..Limits::default()
    };
    let err = cmd
        .run(&CommandInput::default(), &options(limits))
        .await
        .expect_err("no fuel metering in this engine");
    assert!(matches!(err, SandboxError::FuelUnavailable), "{err:?}");
    assert!(err.to_string().contains("limits.fuel"), "{err}");
    // Without a budget, the metered engine runs as the plain one does.
    let metered = command_in(&METERED, "(call $write (i32.const 1))");
    let execution = run(&metered, &RunOptions::default()).await;
    assert_eq!(execution.termination, Termination::Exited(0));
    assert_eq!(execution.stdout.text, "hello\n");
}

#[tokio::test]
async fn memory_growth_past_the_limit_is_refused_and_the_next_run_works() {
    // Grow by 64 pages (4 MiB) until memory.grow fails, then trap: the limiter saw it.
    let cmd = command(
        "(loop $l (br_if $l (i32.ne (memory.grow (i32.const 64)) (i32.const -1)))) unreachable",
    );
    let limits = Limits {
        memory_bytes: 32 << 20,
        ..Limits::default()
    };
    let execution = run(&cmd, &options(limits.clone())).await;
    assert!(
        matches!(execution.termination, Termination::MemoryLimit(_)),
        "{:?}",
        execution.termination
    );
    assert!(execution.hit_memory_limit);
    assert!(execution.peak_memory_bytes <= 32 << 20);
    let fine = command("(call $write (i32.const 1))");
    assert_eq!(
        run(&fine, &options(limits)).await.termination,
        Termination::Exited(0)
    );
}

#[tokio::test]
async fn an_output_flood_is_truncated_with_a_marker_and_stopped() {
    let cmd = command("(loop $l (call $write (i32.const 1)) (br $l))");
    let limits = Limits {
        stdout_bytes: 1000,
        ..Limits::default()
    };
    let execution = run(&cmd, &options(limits)).await;
    assert_eq!(execution.termination, Termination::OutputLimit);
    assert!(execution.stdout.truncated);
    assert!(execution.stdout.text.starts_with("hello\nhello\n"));
    assert!(
        execution
            .stdout
            .text
            .ends_with("[codemode: output truncated after 1000 bytes]\n")
    );
    assert!(execution.stdout.text.len() < 1100);
}

#[tokio::test]
async fn cancellation_stops_a_running_snippet_within_50ms() {
    let cmd = command("(loop $l (br $l))");
    let cancel = CancelHandle::new();
    let opts = RunOptions {
        cancel: cancel.clone(),
        ..RunOptions::default()
    };
    let task = tokio::spawn(async move { run(&cmd, &opts).await });
    tokio::time::sleep(Duration::from_millis(100)).await;
    let asked = Instant::now();
    cancel.cancel();
    let execution = task.await.unwrap();
    let took = asked.elapsed();
    assert_eq!(execution.termination, Termination::Cancelled);
    assert!(
        took < Duration::from_millis(50),
        "cancellation took {took:?}"
    );
}

#[tokio::test]
async fn a_run_cancelled_before_it_starts_does_not_run() {
    let cmd = command("(call $write (i32.const 1))");
    let cancel = CancelHandle::new();
    cancel.cancel();
    let execution = run(
        &cmd,
        &RunOptions {
            cancel,
            ..RunOptions::default()
        },
    )
    .await;
    assert_eq!(execution.termination, Termination::Cancelled);
    assert_eq!(execution.stdout.text, "");
}

#[tokio::test]
async fn nothing_is_granted_by_default() {
    // environ_sizes_get writes the count at 100; fd_prestat_get(3) fails without preopens.
    let cmd = command(
        "(drop (call $environ_sizes_get (i32.const 100) (i32.const 104)))
         (if (i32.ne (i32.load (i32.const 100)) (i32.const 0)) (then (call $proc_exit (i32.const 10))))
         (if (i32.eqz (call $fd_prestat_get (i32.const 3) (i32.const 200))) (then (call $proc_exit (i32.const 11))))",
    );
    assert_eq!(
        run(&cmd, &RunOptions::default()).await.termination,
        Termination::Exited(0)
    );

    // With grants, both appear.
    let dir = tempfile::tempdir().unwrap();
    let grants = Grants {
        workspace: Some(dir.path().to_owned()),
        scratch: false,
        env: vec![("A".into(), "1".into())],
    };
    let execution = run(
        &cmd,
        &RunOptions {
            grants,
            ..RunOptions::default()
        },
    )
    .await;
    assert_eq!(execution.termination, Termination::Exited(10));
}

#[tokio::test]
async fn a_trap_is_reported_and_does_not_poison_the_next_run() {
    let cmd = command("unreachable");
    let execution = run(&cmd, &RunOptions::default()).await;
    assert!(
        matches!(&execution.termination, Termination::Trap(m) if m.contains("unreachable")),
        "{:?}",
        execution.termination
    );
    let again = run(&cmd, &RunOptions::default()).await;
    assert!(matches!(again.termination, Termination::Trap(_)));
}

#[tokio::test]
async fn deep_recursion_is_a_clean_stack_overflow() {
    let wat = r#"(module
        (func $f (param i32) (result i32) (call $f (i32.add (local.get 0) (i32.const 1))))
        (func (export "_start") (drop (call $f (i32.const 0)))))"#;
    let (cmd, _) = SANDBOX.load_command("recursion", wat.as_bytes()).unwrap();
    let execution = run(&cmd, &RunOptions::default()).await;
    assert!(
        matches!(&execution.termination, Termination::Trap(m) if m.contains("stack overflow")),
        "{:?}",
        execution.termination
    );
}

#[tokio::test]
async fn a_component_is_refused_as_a_command_and_garbage_is_refused_as_a_guest() {
    let err = SANDBOX
        .load_command("garbage", b"not wasm at all")
        .err()
        .expect("refused");
    assert!(err.to_string().contains("garbage"), "{err}");
    let err = SANDBOX
        .load_interpreter("garbage", b"\0asm\x01\0\0\0")
        .err()
        .expect("refused");
    assert!(err.to_string().contains("component"), "{err}");
}

#[test]
fn the_cache_rebuilds_a_corrupt_artefact() {
    let dir = tempfile::tempdir().unwrap();
    let sandbox = Sandbox::new(CodeCache::new(Some(dir.path().to_owned()))).unwrap();
    let wat = b"(module (func (export \"_start\")))";
    let (_, first) = sandbox.load_command("tiny", wat).unwrap();
    assert_eq!(first.source, codemode_sandbox::LoadSource::Compiled);
    let artefact = first.artefact.clone().unwrap();
    let (_, second) = sandbox.load_command("tiny", wat).unwrap();
    assert_eq!(second.source, codemode_sandbox::LoadSource::Cache);

    // Flip a byte in the middle: detected, rebuilt, never trusted.
    let mut bytes = std::fs::read(&artefact).unwrap();
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0x55;
    std::fs::write(&artefact, &bytes).unwrap();
    let (_, third) = sandbox.load_command("tiny", wat).unwrap();
    assert_eq!(third.source, codemode_sandbox::LoadSource::Compiled);
    let (_, fourth) = sandbox.load_command("tiny", wat).unwrap();
    assert_eq!(fourth.source, codemode_sandbox::LoadSource::Cache);

    // A foreign file (another program's bytes) in its place.
    std::fs::write(&artefact, b"\x7fELF not ours").unwrap();
    let (_, fifth) = sandbox.load_command("tiny", wat).unwrap();
    assert_eq!(fifth.source, codemode_sandbox::LoadSource::Compiled);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn more_runs_than_instance_slots_wait_for_a_slot_instead_of_failing() {
    // Every run spins until its deadline, so they all hold their instance at once; the ones
    // past `MAX_CONCURRENT_RUNS` wait for a slot, and waiting does not eat their time limit.
    let cmd = std::sync::Arc::new(command("(loop $l (br $l))"));
    let limits = Limits {
        timeout: Duration::from_millis(200),
        ..Limits::default()
    };
    let runs = codemode_sandbox::MAX_CONCURRENT_RUNS as usize + 40;
    let tasks: Vec<_> = (0..runs)
        .map(|_| {
            let cmd = std::sync::Arc::clone(&cmd);
            let options = options(limits.clone());
            tokio::spawn(async move { cmd.run(&CommandInput::default(), &options).await })
        })
        .collect();
    for task in tasks {
        let execution = task.await.unwrap().expect("every run gets an instance");
        assert_eq!(execution.termination, Termination::Timeout);
        assert!(
            execution.duration >= Duration::from_millis(200),
            "{:?}",
            execution.duration
        );
    }
}
