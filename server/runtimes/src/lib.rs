//! Language runtimes over the sandbox. This layer knows languages (CPython, QuickJS,
//! TypeScript erasure, bring-your-own WASI commands) and turns a sandbox [`Execution`] into
//! the user-facing [`RunOutcome`] with positions in the *file*; it knows nothing of Wasmtime,
//! LSP or MCP.

mod guests;
mod language;
mod map;
mod outcome;
pub mod typescript;

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

use codemode_sandbox::{Command, CommandInput, GuestRequest, Interpreter};
use tokio::sync::OnceCell;

pub use codemode_sandbox::{
    CancelHandle, CodeCache, EngineOptions, Grants, GuestModule, Limits, LoadInfo, LoadSource,
    RunOptions, Sandbox, SandboxError, ToolHost, wasmtime_version,
};
pub use guests::{Guest, PYTHON, QUICKJS};
pub use language::{CustomRuntime, Language, RuntimeConfig};
pub use outcome::{Diagnostic, ErrorInfo, RunOutcome, Severity, Span, StackFrame, Status};

/// A snippet to run and where it sits in its file.
#[derive(Clone)]
pub struct RunRequest {
    pub language: Language,
    pub code: String,
    /// The file's name as the user knows it (`example.py`, or `<stdin>`); the snippet's own
    /// frames carry it.
    pub filename: String,
    /// File line (1-based) of the snippet's first line.
    pub first_line: u32,
    /// File column (1-based) where the snippet's first line starts (a selection may start
    /// mid-line); later lines start at column 1.
    pub first_column: u32,
    /// Report a trailing expression's value, REPL-style.
    pub show_last_value: bool,
    /// Sources the snippet can import in this run only (Python: dotted names such as
    /// `servers.github`; JavaScript/TypeScript: specifiers such as `skills/summarize`, whose
    /// TypeScript types are erased like the snippet's). Custom runtimes ignore them.
    pub modules: Vec<GuestModule>,
    pub options: RunOptions,
}

impl RunRequest {
    /// A whole file (or stdin) with default limits and nothing granted.
    pub fn new(language: Language, code: impl Into<String>, filename: impl Into<String>) -> Self {
        Self {
            language,
            code: code.into(),
            filename: filename.into(),
            first_line: 1,
            first_column: 1,
            show_last_value: true,
            modules: Vec::new(),
            options: RunOptions::default(),
        }
    }
}

/// The run could not happen at all (the snippet's own failures are a [`RunOutcome`]).
#[derive(Debug, Clone, thiserror::Error)]
pub enum RuntimeError {
    #[error("no runtime for language `{0}`")]
    UnknownLanguage(String),
    #[error("{0}")]
    Unavailable(String),
    #[error("{0}")]
    Sandbox(String),
}

type Loaded<T> = Arc<OnceCell<Result<T, RuntimeError>>>;

/// The runtimes of one process: built-in interpreters loaded on first use (compiled in the
/// background, or read from the compiled-code cache), plus the configured custom runtimes.
pub struct Runtimes {
    sandbox: Sandbox,
    config: RuntimeConfig,
    python: Loaded<Interpreter>,
    quickjs: Loaded<Interpreter>,
    commands: Mutex<HashMap<String, Loaded<Command>>>,
}

impl Runtimes {
    pub fn new(sandbox: Sandbox, config: RuntimeConfig) -> Self {
        Self {
            sandbox,
            config,
            python: Default::default(),
            quickjs: Default::default(),
            commands: Default::default(),
        }
    }

    pub fn config(&self) -> &RuntimeConfig {
        &self.config
    }

    pub fn sandbox(&self) -> &Sandbox {
        &self.sandbox
    }

    /// Makes sure the runtime of `language` is compiled and loaded; returns how it was loaded
    /// (`None` when it already was).
    pub async fn warm(&self, language: &Language) -> Result<Option<LoadInfo>, RuntimeError> {
        let mut info = None;
        match language {
            Language::Python => {
                self.interpreter(&self.python, PYTHON, &mut info).await?;
            }
            Language::JavaScript | Language::TypeScript => {
                self.interpreter(&self.quickjs, QUICKJS, &mut info).await?;
            }
            Language::Custom(id) => {
                self.command(id, &mut info).await?;
            }
        }
        Ok(info)
    }

    /// Runs a snippet. `Err` only when no run could happen (unknown language, runtime not
    /// built); anything the snippet does is in the outcome.
    pub async fn run(&self, request: RunRequest) -> Result<RunOutcome, RuntimeError> {
        let guest_request = |code: String, modules: Vec<GuestModule>| GuestRequest {
            code,
            filename: request.filename.clone(),
            show_last_value: request.show_last_value,
            modules,
        };
        // Loading a runtime the first time compiles it (seconds): a cancelled request does
        // not wait for that, though the compilation goes on for the next run.
        let cancel = request.options.cancel.clone();
        tokio::select! {
            biased;
            () = cancel.cancelled() => return Ok(map::cancelled_before_start(&request)),
            loaded = self.warm(&request.language) => { loaded?; }
        }
        let mut info = None;
        let execution = match &request.language {
            Language::Python => {
                let interpreter = self.interpreter(&self.python, PYTHON, &mut info).await?;
                let guest = guest_request(request.code.clone(), request.modules.clone());
                interpreter.run(&guest, &request.options).await
            }
            Language::JavaScript => {
                let interpreter = self.interpreter(&self.quickjs, QUICKJS, &mut info).await?;
                let guest = guest_request(request.code.clone(), request.modules.clone());
                interpreter.run(&guest, &request.options).await
            }
            Language::TypeScript => {
                let js = match typescript::strip(&request.code, &request.filename) {
                    Ok(js) => js,
                    Err(err) => return Ok(map::strip_failure(&request, err)),
                };
                let mut modules = Vec::with_capacity(request.modules.len());
                for module in &request.modules {
                    match typescript::strip(&module.source, &module.name) {
                        Ok(source) => modules.push(GuestModule {
                            name: module.name.clone(),
                            source,
                        }),
                        Err(err) => {
                            return Ok(map::module_strip_failure(&request, &module.name, err));
                        }
                    }
                }
                let interpreter = self.interpreter(&self.quickjs, QUICKJS, &mut info).await?;
                interpreter
                    .run(&guest_request(js, modules), &request.options)
                    .await
            }
            Language::Custom(id) => {
                let runtime = self
                    .config
                    .custom
                    .get(id)
                    .ok_or_else(|| RuntimeError::UnknownLanguage(id.clone()))?;
                let command = self.command(id, &mut info).await?;
                let input = command_input(id, runtime, &request.code);
                command.run(&input, &request.options).await
            }
        }
        .map_err(|e| RuntimeError::Sandbox(e.to_string()))?;
        Ok(map::outcome(&request, &self.config, execution))
    }

    async fn interpreter(
        &self,
        cell: &Loaded<Interpreter>,
        guest: Guest,
        info: &mut Option<LoadInfo>,
    ) -> Result<Interpreter, RuntimeError> {
        let sandbox = self.sandbox.clone();
        let mut loaded_now = None;
        let result = cell
            .get_or_init(|| async {
                let result = tokio::task::spawn_blocking(move || {
                    let bytes = guest.bytes().map_err(RuntimeError::Unavailable)?;
                    sandbox
                        .load_interpreter(guest.name, &bytes)
                        .map_err(|e| RuntimeError::Unavailable(e.to_string()))
                })
                .await
                .unwrap_or_else(|e| {
                    Err(RuntimeError::Sandbox(format!(
                        "loading {} panicked: {e}",
                        guest.name
                    )))
                });
                result.map(|(interpreter, load)| {
                    loaded_now = Some(load);
                    interpreter
                })
            })
            .await
            .clone();
        *info = loaded_now;
        result
    }

    async fn command(
        &self,
        id: &str,
        info: &mut Option<LoadInfo>,
    ) -> Result<Command, RuntimeError> {
        let runtime = self
            .config
            .custom
            .get(id)
            .ok_or_else(|| RuntimeError::UnknownLanguage(id.to_owned()))?
            .clone();
        let cell = Arc::clone(
            self.commands
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .entry(id.to_owned())
                .or_default(),
        );
        let sandbox = self.sandbox.clone();
        let name = format!("custom-{id}");
        let mut loaded_now = None;
        let result = cell
            .get_or_init(|| async {
                let result = tokio::task::spawn_blocking(move || {
                    let bytes = std::fs::read(&runtime.module).map_err(|e| {
                        RuntimeError::Unavailable(format!(
                            "cannot read the runtime module {}: {e}",
                            runtime.module.display()
                        ))
                    })?;
                    sandbox.load_command(&name, &bytes).map_err(|e| {
                        RuntimeError::Unavailable(format!(
                            "{e} (module {})",
                            runtime.module.display()
                        ))
                    })
                })
                .await
                .unwrap_or_else(|e| {
                    Err(RuntimeError::Sandbox(format!(
                        "loading runtime panicked: {e}"
                    )))
                });
                result.map(|(command, load)| {
                    loaded_now = Some(load);
                    command
                })
            })
            .await
            .clone();
        *info = loaded_now;
        result
    }
}

/// Where a custom runtime finds the snippet: a read-only file for `{file}`, else stdin.
fn command_input(id: &str, runtime: &CustomRuntime, code: &str) -> CommandInput {
    let ext = runtime
        .extensions
        .first()
        .map(|e| e.trim_start_matches('.'))
        .unwrap_or(id);
    let file_name = format!("snippet.{ext}");
    let guest_path = format!("{}/{file_name}", codemode_sandbox::INPUT_MOUNT);
    let args = runtime
        .args
        .iter()
        .map(|a| a.replace("{file}", &guest_path))
        .collect();
    if runtime.uses_file() {
        CommandInput {
            args,
            stdin: Vec::new(),
            files: vec![(file_name, code.as_bytes().to_vec())],
        }
    } else {
        CommandInput {
            args,
            stdin: code.as_bytes().to_vec(),
            files: Vec::new(),
        }
    }
}
