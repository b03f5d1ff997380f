//! The tools a model may call during the loops, and running `run_in_sandbox`.

use codemode_runtimes::{Language, RunOutcome, RunRequest, Status};
use serde_json::json;

use super::AiContext;
use crate::model::{ChatRequest, ChatResponse, Message, ModelError, ToolCall, ToolSpec, Usage};

pub const RUN_IN_SANDBOX: &str = "run_in_sandbox";
pub const PROPOSE_FIX: &str = "propose_fix";
pub const PROPOSE_TESTS: &str = "propose_tests";

pub fn run_in_sandbox() -> ToolSpec {
    ToolSpec {
        name: RUN_IN_SANDBOX.into(),
        description: "Run a complete program in codemode's sandbox (the same interpreter the \
                      fix is checked with: no network, no files, no environment) and get its \
                      stdout, stderr, the value of a trailing expression and any error with \
                      its traceback. Use it to try ideas; it changes nothing."
            .into(),
        parameters: json!({
            "type": "object",
            "properties": {
                "code": {"type": "string", "description": "The whole program to run."}
            },
            "required": ["code"],
            "additionalProperties": false
        }),
    }
}

pub fn propose_fix() -> ToolSpec {
    ToolSpec {
        name: PROPOSE_FIX.into(),
        description: "Propose the fix: replacement text for lines start_line..end_line \
                      (1-based, inclusive, both inside the snippet; the whole snippet when \
                      omitted). codemode runs the snippet with the fix in the sandbox and \
                      applies it only if it passes; otherwise you get the new result."
            .into(),
        parameters: json!({
            "type": "object",
            "properties": {
                "code": {"type": "string", "description": "The new text of those lines, without line numbers."},
                "start_line": {"type": "integer", "description": "First line replaced (default: the snippet's first line)."},
                "end_line": {"type": "integer", "description": "Last line replaced (default: the snippet's last line)."},
                "explanation": {"type": "string", "description": "One or two sentences: what was wrong and what changed."}
            },
            "required": ["code"],
            "additionalProperties": false
        }),
    }
}

pub fn propose_tests() -> ToolSpec {
    ToolSpec {
        name: PROPOSE_TESTS.into(),
        description: "Propose tests for the code under test. codemode runs every test in the \
                      sandbox against the current code, keeps the ones that pass and tells you \
                      about the others. When a test fails because the CODE is wrong (not the \
                      test), list it in `findings` instead of weakening it."
            .into(),
        parameters: json!({
            "type": "object",
            "properties": {
                "code": {"type": "string", "description": "The tests: imports they need, then test functions."},
                "findings": {
                    "type": "array",
                    "description": "Tests that fail because the code under test is wrong.",
                    "items": {
                        "type": "object",
                        "properties": {
                            "test": {"type": "string", "description": "The test's name."},
                            "reason": {"type": "string", "description": "What the code does wrong."}
                        },
                        "required": ["test", "reason"]
                    }
                }
            },
            "required": ["code"],
            "additionalProperties": false
        }),
    }
}

/// One model turn: the request with the settings' limits, its tokens counted, and the answer
/// appended to the conversation.
pub async fn ask(
    ctx: &AiContext,
    system: &str,
    messages: &mut Vec<Message>,
    tools: Vec<ToolSpec>,
    usage: &mut Usage,
    requests: &mut u32,
) -> Result<ChatResponse, ModelError> {
    let response = ctx
        .model
        .chat(ChatRequest::new(
            &ctx.settings.model,
            system,
            messages.clone(),
            tools,
        ))
        .await?;
    *requests += 1;
    *usage += response.usage;
    messages.push(response.to_message());
    Ok(response)
}

/// A `run_in_sandbox` call, within the round's budget of `ai.maxToolCalls` (counted in
/// `calls`); `language` is `None` when the snippet's language has no runtime.
pub async fn sandbox_call(
    ctx: &AiContext,
    call: &ToolCall,
    language: Option<&Language>,
    calls: &mut u32,
) -> (String, bool) {
    let max = ctx.settings.ai.max_tool_calls;
    if *calls >= max {
        return (
            format!("no more runs this round ({max} used): propose your answer"),
            true,
        );
    }
    *calls += 1;
    match (
        call.arguments.get("code").and_then(|c| c.as_str()),
        language,
    ) {
        (Some(code), Some(language)) => run_for_model(ctx, language, code).await,
        (None, _) => ("run_in_sandbox needs `code`".to_owned(), true),
        (_, None) => ("no runtime for this language".to_owned(), true),
    }
}

/// Runs `code` for the model and describes the outcome in text (bounded).
pub async fn run_for_model(ctx: &AiContext, language: &Language, code: &str) -> (String, bool) {
    let filename = match language {
        Language::Python => "sandbox.py",
        Language::TypeScript => "sandbox.ts",
        _ => "sandbox.js",
    };
    let mut request = RunRequest::new(language.clone(), code, filename);
    request.options.limits = ctx.settings.limits.clone();
    request.options.cancel = ctx.cancel.clone();
    match ctx.runtimes.run(request).await {
        Ok(outcome) => {
            let ok = outcome.status == Status::Ok && outcome.error.is_none();
            (describe(&outcome), !ok)
        }
        Err(error) => (format!("could not run: {error}"), true),
    }
}

/// A run's outcome as the model reads it.
pub fn describe(outcome: &RunOutcome) -> String {
    let mut out = format!("status: {}\n", status_word(outcome));
    if let Some(value) = &outcome.value {
        out.push_str(&format!("value: {}\n", clip(value, 2_000)));
    }
    if let Some(error) = &outcome.error {
        out.push_str(&format!("error: {}: {}\n", error.kind, error.message));
        if !error.traceback.trim().is_empty() {
            out.push_str(&format!(
                "traceback:\n{}\n",
                clip(error.traceback.trim_end(), 4_000)
            ));
        }
    }
    for diagnostic in outcome.diagnostics.iter().take(5) {
        out.push_str(&format!(
            "at line {}: {}\n",
            diagnostic.span.line, diagnostic.message
        ));
    }
    if !outcome.stdout.is_empty() {
        out.push_str(&format!(
            "stdout:\n{}\n",
            clip(outcome.stdout.trim_end(), 4_000)
        ));
    }
    if !outcome.stderr.is_empty() {
        out.push_str(&format!(
            "stderr:\n{}\n",
            clip(outcome.stderr.trim_end(), 4_000)
        ));
    }
    out
}

fn status_word(outcome: &RunOutcome) -> &'static str {
    match outcome.status {
        Status::Ok if outcome.error.is_none() => "ok",
        Status::Ok | Status::Error => "error",
        Status::Timeout => "timeout (the run was stopped at the time limit)",
        Status::MemoryLimit => "memory limit exceeded",
        Status::OutputLimit => "output limit exceeded",
        Status::Cancelled => "cancelled",
    }
}

/// At most `max` bytes of `text`, cut at a character boundary, with a marker.
pub fn clip(text: &str, max: usize) -> String {
    if text.len() <= max {
        return text.to_owned();
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}… [{} more bytes]", &text[..end], text.len() - end)
}
