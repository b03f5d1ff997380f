//! `execute_code`: one fresh sandbox run with the upstream tools behind the host, and its
//! outcome as the JSON the client receives (output capped, PII tokenized).

use std::sync::Arc;

use codemode_runtimes::{CancelHandle, Language, RunOutcome, RunRequest, Status};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use crate::core::{Connection, Core};
use crate::host::RunHost;

/// Languages `execute_code` runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum CodeLanguage {
    Python,
    Javascript,
    Typescript,
}

impl CodeLanguage {
    pub fn runtime(self) -> Language {
        match self {
            Self::Python => Language::Python,
            Self::Javascript => Language::JavaScript,
            Self::Typescript => Language::TypeScript,
        }
    }

    fn filename(self) -> &'static str {
        match self {
            Self::Python => "main.py",
            Self::Javascript => "main.js",
            Self::Typescript => "main.ts",
        }
    }
}

/// The result of one `execute_code` call, and whether the client should see it as an error.
pub struct Executed {
    pub json: Value,
    pub failed: bool,
}

/// Runs `code` in a fresh sandbox instance. `Err` only when no run could happen (a bad
/// session id, a runtime that is not built).
pub async fn execute(
    core: &Arc<Core>,
    connection: &Arc<Connection>,
    language: CodeLanguage,
    code: String,
    session: Option<&str>,
    cancel: CancelHandle,
) -> Result<Executed, String> {
    let opened = match session {
        Some(id) => Some(connection.sessions().open(id)?),
        None => None,
    };
    let state = opened.as_ref().map(|(state, _)| Arc::clone(state));
    let host = Arc::new(RunHost::new(
        Arc::clone(core),
        Arc::clone(connection),
        state,
    ));
    let (modules, unreachable) = modules_for(core, language, &code).await;
    let mut request = RunRequest::new(language.runtime(), code, language.filename());
    request.modules = modules;
    request.options.limits = core.settings.limits.clone();
    request.options.grants = core.settings.grants.clone();
    request.options.cancel = cancel.clone();
    request.options.tools = Some(Arc::clone(&host) as Arc<dyn codemode_runtimes::ToolHost>);

    // Wait for a run slot (bounded concurrency), giving up if the client cancels.
    let permit = tokio::select! {
        biased;
        () = cancel.cancelled() => return Err("cancelled before the run started".into()),
        permit = Arc::clone(&core.run_slots).acquire_owned() => permit.map_err(|e| e.to_string())?,
    };
    let outcome = core
        .runtimes
        .run(request)
        .await
        .map_err(|e| e.to_string())?;
    drop(permit);
    let max = core.settings.mcp.max_output_chars;
    let mut json = outcome_json(&outcome, max);
    if let Some((_, created)) = &opened {
        json["session"] = json!({ "id": session, "created": created });
    }
    json["toolCalls"] = json!(host.calls());
    if !unreachable.is_empty() {
        json["unreachableServers"] = Value::Object(unreachable);
    }
    connection.redact_value(&mut json);
    Ok(Executed {
        json,
        failed: outcome.status != Status::Ok,
    })
}

/// The modules that make the upstream servers, the session and the saved skills importable:
/// only servers the code names are connected to (and listed), so a run that uses one server
/// does not wait for the others. Servers that cannot be reached are reported.
async fn modules_for(
    core: &Core,
    language: CodeLanguage,
    code: &str,
) -> (
    Vec<codemode_runtimes::GuestModule>,
    serde_json::Map<String, Value>,
) {
    let mentioned: Vec<String> = core
        .upstreams
        .names()
        .filter(|name| {
            code.contains(*name)
                || code.contains(&codemode_service::tools::identifier(
                    name,
                    codemode_service::tools::Target::Python,
                ))
        })
        .map(str::to_owned)
        .collect();
    let listed = futures::future::join_all(
        mentioned
            .iter()
            .map(|name| async move { (name, core.upstreams.tools(name).await) }),
    )
    .await;
    let mut tools = session_tools();
    let mut unreachable = serde_json::Map::new();
    for (name, result) in listed {
        match result {
            Ok(list) => tools.extend(list),
            Err(err) => {
                unreachable.insert(name.clone(), json!(err.to_string()));
            }
        }
    }
    let skills = core.skills.list();
    let modules = codemode_service::tools::sandbox_modules(&language.runtime(), &tools, &skills);
    (modules, unreachable)
}

/// The session's key-value state as a server of tools (`from servers import session`), served
/// by the host itself.
pub fn session_tools() -> Vec<crate::catalog::ToolInfo> {
    let key = json!({"type": "string", "description": "The name the value is kept under."});
    let tool = |name: &str, description: &str, schema: Value, read_only: bool| {
        let mut info = crate::catalog::ToolInfo::new(crate::host::SESSION_SERVER, name, schema);
        info.description = description.to_owned();
        info.read_only = read_only;
        info.destructive = false;
        info.open_world = false;
        info
    };
    vec![
        tool(
            "get",
            "The value kept under `key` in this session (`default`, else null, when there is none).",
            json!({"type": "object", "properties": {"key": key, "default": {"description": "Returned when nothing is kept under key."}}, "required": ["key"]}),
            true,
        ),
        tool(
            "set",
            "Keep a JSON value under `key` for later execute_code calls of this session.",
            json!({"type": "object", "properties": {"key": key, "value": {"description": "Any JSON value."}}, "required": ["key", "value"]}),
            false,
        ),
        tool(
            "delete",
            "Forget the value kept under `key`; returns it.",
            json!({"type": "object", "properties": {"key": key}, "required": ["key"]}),
            false,
        ),
        tool(
            "keys",
            "The keys kept in this session.",
            json!({"type": "object", "properties": {}}),
            true,
        ),
    ]
}

/// The client's view of an outcome: what it needs to act on, each text capped at `max`
/// characters.
pub fn outcome_json(outcome: &RunOutcome, max: usize) -> Value {
    let mut json = json!({
        "status": outcome.status,
        "stdout": cap(&outcome.stdout, max),
    });
    if !outcome.stderr.is_empty() {
        json["stderr"] = json!(cap(&outcome.stderr, max));
    }
    if let Some(value) = &outcome.value {
        json["value"] = json!(cap(value, max));
    }
    if let Some(error) = &outcome.error {
        json["error"] = json!({
            "kind": error.kind,
            "message": cap(&error.message, max),
            "traceback": cap(&error.traceback, max),
        });
    }
    if let Some(code) = outcome.exit_code {
        json["exitCode"] = json!(code);
    }
    if !outcome.diagnostics.is_empty() {
        json["diagnostics"] = Value::Array(
            outcome
                .diagnostics
                .iter()
                .map(|d| {
                    json!({
                        "line": d.span.line,
                        "column": d.span.column,
                        "endLine": d.span.end_line,
                        "endColumn": d.span.end_column,
                        "severity": d.severity,
                        "message": cap(&d.message, max),
                    })
                })
                .collect(),
        );
    }
    if let Some(report) = &outcome.report {
        json["report"] = report.clone();
    }
    if outcome.output_truncated {
        json["outputTruncated"] = json!(true);
    }
    json["durationMs"] = json!((outcome.duration_ms * 10.0).round() / 10.0);
    json
}

/// At most `max` characters of `text`, cut in the middle with a marker saying how much went.
pub fn cap(text: &str, max: usize) -> String {
    let count = text.chars().count();
    if count <= max {
        return text.to_owned();
    }
    let head = max * 3 / 4;
    let tail = max - head;
    let start: String = text.chars().take(head).collect();
    let end: String = text.chars().skip(count - tail).collect();
    format!(
        "{start}\n[codemode: {} characters cut; print less, or filter in code]\n{end}",
        count - head - tail
    )
}

#[cfg(test)]
mod tests {
    use super::cap;

    #[test]
    fn caps_keep_head_and_tail() {
        assert_eq!(cap("short", 10), "short");
        let long = "a".repeat(30) + &"z".repeat(30);
        let capped = cap(&long, 20);
        assert!(capped.starts_with(&"a".repeat(15)));
        assert!(capped.ends_with(&"z".repeat(5)));
        assert!(capped.contains("40 characters cut"));
    }
}
