//! The commands behind `workspace/executeCommand`, one file each: `codemode.run`,
//! `codemode.fix`, `codemode.generateTests`. This module holds what they share: their
//! arguments, resolving them against the open document, progress, and tasks that stop when
//! the request is cancelled.

pub mod fix;
pub mod run;
pub mod tests;

use serde::{Deserialize, Serialize};
use tower_lsp_server::jsonrpc::{Error, Result};
use tower_lsp_server::ls_types::*;
use tower_lsp_server::{Cancellable, OngoingProgress, Unbounded};

use codemode_runtimes::CancelHandle;
use codemode_service::RunTarget;
use codemode_service::text::DocumentSnapshot;

use crate::lsp::convert;
use crate::lsp::server::Backend;

/// The command every "Run in sandbox" action and lens carries.
pub const RUN: &str = "codemode.run";
/// Auto-fix with AI.
pub const FIX: &str = "codemode.fix";
/// Generate tests.
pub const GENERATE_TESTS: &str = "codemode.generateTests";

/// The argument of `codemode.run` (and what `codemode.fix` / `codemode.generateTests` extend).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RunArgs {
    pub uri: Uri,
    /// The version the range refers to.
    pub version: i32,
    pub range: Range,
    /// `range`: the selection (or what encloses an empty range); `runnable`: the snippet a
    /// code lens showed (found again by `kind` and `name`, nearest to `range`).
    pub target: String,
    /// For `runnable`: the snippet's kind (`function`, `cell`, `file`, ...).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// For `runnable`: the snippet's name (`fizzbuzz`, `cell 2`, ...).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

pub fn invalid(message: impl Into<String>) -> Error {
    Error::invalid_params(message.into())
}

/// The one argument of `command`, parsed.
pub fn argument<T: serde::de::DeserializeOwned>(
    command: &str,
    params: &ExecuteCommandParams,
) -> Result<T> {
    let [arg] = params.arguments.as_slice() else {
        return Err(invalid(format!(
            "{command} takes one argument: {{ uri, version, range, target }}"
        )));
    };
    serde_json::from_value(arg.clone()).map_err(|e| invalid(format!("{command}: {e}")))
}

/// The snapshot and target `args` name, checked under the documents lock.
pub fn resolve(backend: &Backend, args: &RunArgs) -> Result<(DocumentSnapshot, RunTarget)> {
    let documents = backend.session.documents();
    let document = documents
        .get(args.uri.as_str())
        .ok_or_else(|| invalid(format!("{} is not open", args.uri.as_str())))?;
    let bytes = document
        .byte_range(convert::range(args.range))
        .map_err(|e| invalid(e.to_string()))?;
    let target = match args.target.as_str() {
        "runnable" => match (&args.kind, &args.name) {
            (Some(kind), Some(name)) => RunTarget::Runnable {
                kind: kind.clone(),
                name: name.clone(),
                start: bytes.start,
            },
            _ => return Err(invalid("target `runnable` needs `kind` and `name`")),
        },
        "range" => RunTarget::Range(bytes),
        other => {
            return Err(invalid(format!(
                "unknown target {other:?} (range or runnable)"
            )));
        }
    };
    if args.target == "range" && document.version() != args.version {
        return Err(invalid(format!(
            "the document changed since this action was offered (version {} now, {} then): ask for the action again",
            document.version(),
            args.version
        )));
    }
    Ok((document.snapshot(), target))
}

/// How an AI command's loop ended, before its result is applied.
pub enum AiOutcome<'a, T> {
    /// The loop finished (its progress still open, for the caller to finish).
    Done(T, InFlight<'a>),
    /// The command already answered: cancelled, or the loop could not run (told to the user).
    Answered(serde_json::Value),
}

/// The tokens a loop used, as its messages say them: `(1234 tokens)`, or for a backend that
/// reports none (MCP sampling) `(tokens not reported by the model's host)`.
pub fn tokens_note(counted: bool, usage: codemode_service::model::Usage) -> String {
    if counted {
        format!("({} tokens)", usage.total())
    } else {
        "(tokens not reported by the model's host)".to_owned()
    }
}

/// The tokens of a loop in a command's answer (`reported: false`: the backend counts none).
pub fn tokens_json(counted: bool, usage: codemode_service::model::Usage) -> serde_json::Value {
    serde_json::json!({
        "input": usage.input_tokens,
        "output": usage.output_tokens,
        "reported": counted,
    })
}

/// Runs an AI loop (`loop_` gets the context) in a task of its own — model calls and sandbox
/// runs must not hold up the handler task — with `$/progress` titled `title` (round k/N and
/// tokens), stopped by the progress's cancel button or by `$/cancelRequest` (dropping the
/// handler aborts the task, and with it the model request and the sandbox run).
pub async fn run_ai<'a, T, F>(
    backend: &'a Backend,
    token: Option<ProgressToken>,
    title: &str,
    model: std::sync::Arc<dyn codemode_service::model::ModelClient>,
    loop_: impl FnOnce(codemode_service::ai::AiContext) -> F,
) -> Result<AiOutcome<'a, T>>
where
    T: Send + 'static,
    F: std::future::Future<Output = std::result::Result<T, codemode_service::ai::AiError>>
        + Send
        + 'static,
{
    let cancel = CancelHandle::new();
    let counted = model.reports_usage();
    let in_flight = InFlight::begin(
        backend,
        token,
        &cancel,
        title,
        &format!("starting · {}", model.describe()),
        true,
    )
    .await;
    let (sender, mut updates) = tokio::sync::mpsc::unbounded_channel();
    let stop = cancel.clone();
    let ctx = codemode_service::ai::AiContext {
        runtimes: backend.session.runtimes(),
        settings: backend.session.settings(),
        model,
        cancel,
        progress: std::sync::Arc::new(move |progress| {
            let _ = sender.send(progress);
        }),
    };
    let task = AbortOnDrop(tokio::spawn(loop_(ctx)));
    let join = task.join();
    tokio::pin!(join);
    let result = loop {
        tokio::select! {
            biased;
            Some(update) = updates.recv() => {
                if let Some(progress) = &in_flight.progress {
                    let round = match update.round {
                        0 => String::new(),
                        k => format!("round {k}/{} · ", update.rounds),
                    };
                    progress
                        .report_with_message(
                            if counted {
                                format!("{round}{} tokens · {}", update.tokens, update.message)
                            } else {
                                format!("{round}{}", update.message)
                            },
                            None,
                        )
                        .await;
                }
            }
            result = &mut join => break result?,
            () = stop.cancelled() => {
                in_flight.finish(Some("cancelled".into())).await;
                return Ok(AiOutcome::Answered(serde_json::json!({
                    "status": "cancelled",
                    "message": "cancelled: nothing was changed",
                })));
            }
        }
    };
    match result {
        Ok(report) => Ok(AiOutcome::Done(report, in_flight)),
        Err(error) => {
            in_flight.finish(Some("failed".into())).await;
            let message = format!("{title}: {error}");
            backend
                .client
                .show_message(MessageType::WARNING, &message)
                .await;
            Ok(AiOutcome::Answered(
                serde_json::json!({"status": "error", "message": message}),
            ))
        }
    }
}

/// A spawned task, aborted if the handler awaiting it is dropped.
pub struct AbortOnDrop<T>(pub tokio::task::JoinHandle<T>);

impl<T> AbortOnDrop<T> {
    /// The task's output; a panic in the task goes on in this handler (see `server::guard`).
    pub async fn join(mut self) -> Result<T> {
        match (&mut self.0).await {
            Ok(output) => Ok(output),
            Err(error) if error.is_panic() => std::panic::resume_unwind(error.into_panic()),
            Err(_) => Err(Error::request_cancelled()),
        }
    }
}

impl<T> Drop for AbortOnDrop<T> {
    fn drop(&mut self) {
        self.0.abort();
    }
}

/// A command's registration and progress, undone however the handler ends: normally, by a
/// panic, or dropped at an `.await` when the client cancels the request (`$/cancelRequest`).
pub struct InFlight<'a> {
    backend: &'a Backend,
    token_key: Option<String>,
    pub progress: Option<OngoingProgress<Unbounded, Cancellable>>,
}

impl<'a> InFlight<'a> {
    /// Registers `cancel` under the progress token and begins the progress. Without a token
    /// from the client, `server_progress` asks the client for one (if it takes
    /// `window/workDoneProgress/create`): long commands always show progress.
    pub async fn begin(
        backend: &'a Backend,
        token: Option<ProgressToken>,
        cancel: &CancelHandle,
        title: &str,
        message: &str,
        server_progress: bool,
    ) -> Self {
        let token = match token {
            Some(token) => Some(token),
            None if server_progress => backend.session.create_progress_token(&backend.client).await,
            None => None,
        };
        let token_key = token.as_ref().map(token_key);
        if let Some(key) = &token_key {
            backend
                .session
                .running()
                .insert(key.clone(), cancel.clone());
        }
        let progress = match token {
            Some(token) => Some(
                backend
                    .client
                    .progress(token, title.to_owned())
                    .with_message(message.to_owned())
                    .with_cancel_button()
                    .begin()
                    .await,
            ),
            None => None,
        };
        Self {
            backend,
            token_key,
            progress,
        }
    }

    pub async fn finish(mut self, message: Option<String>) {
        if let Some(progress) = self.progress.take() {
            match message {
                Some(message) => progress.finish_with_message(message).await,
                None => progress.finish().await,
            }
        }
    }
}

impl Drop for InFlight<'_> {
    fn drop(&mut self) {
        if let Some(key) = &self.token_key {
            self.backend.session.running().remove(key);
        }
        // Only left here when the handler did not get to finish it: end it anyway, or the
        // client shows the command as going on forever.
        if let Some(progress) = self.progress.take() {
            tokio::spawn(progress.finish());
        }
    }
}

fn token_key(token: &ProgressToken) -> String {
    match token {
        NumberOrString::Number(n) => n.to_string(),
        NumberOrString::String(s) => s.clone(),
    }
}

/// `window/workDoneProgress/cancel`: stops the command that owns the token.
pub fn progress_cancel(backend: &Backend, params: WorkDoneProgressCancelParams) {
    if let Some(cancel) = backend.session.running().get(&token_key(&params.token)) {
        cancel.cancel();
    }
}
