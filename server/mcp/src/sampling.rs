//! MCP sampling as a model backend: codemode's AI loops ask the model of a connected MCP host
//! (e.g. VS Code) through `sampling/createMessage`. The rest of codemode sees only an
//! `Arc<dyn ModelClient>`, handed to the front's hook ([`SamplingHook`]) when a host that
//! offers sampling initializes, and taken back when it disconnects (the most recent host that
//! offers sampling wins; when it leaves, the previous one still connected takes over).
//!
//! - With `sampling.tools` in the host's capabilities (2025-11-25), the request carries the
//!   tools (`toolChoice: auto`) and the answer's `tool_use` blocks become tool calls; tool
//!   results go back as `tool_result` blocks.
//! - Without it, the tools are described in the system prompt and the model is asked to answer
//!   a call as one fenced JSON block (`{"tool": ..., "arguments": {...}}`), read back into the
//!   same tool calls; earlier calls and results travel as text.
//!
//! MCP results carry no token counts: usage is reported as 0 (unknown). Cancellation is
//! dropping the future: `notifications/cancelled` is sent for the request in flight (rmcp does
//! not send it when a request's future is dropped). The deadline is the settings'
//! `model.timeout`, applied by the service around this backend.

// Sampling is part of MCP 2025-11-25; the 2026-07-28 revision deprecates it (SEP-2577) and rmcp
// marks its types deprecated. It stays one backend among three.
#![allow(deprecated)]

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError, Weak};

use codemode_service::model::{
    ChatFuture, ChatRequest, ChatResponse, Message, ModelClient, ModelError, StopReason, ToolCall,
    ToolSpec, Usage,
};
use rmcp::model::{
    CancelledNotification, CancelledNotificationParam, ClientResult, ContentBlock,
    CreateMessageRequest, CreateMessageRequestParams, CreateMessageResult, ProtocolVersion,
    RequestId, Role, SamplingContent, SamplingMessage, SamplingMessageContentBlock, ServerRequest,
    Tool, ToolChoice, ToolResultContent, ToolUseContent,
};
use rmcp::service::{PeerRequestOptions, ServiceError};
use rmcp::{Peer, RoleServer};
use serde_json::{Map, Value, json};

/// Called when the model of connected MCP hosts changes: `Some` when a host that offers
/// sampling initializes (or becomes the most recent one left), `None` when none is left.
/// Called with the registry locked, in order: it must not block.
pub type SamplingHook = Arc<dyn Fn(Option<Arc<dyn ModelClient>>) + Send + Sync>;

/// The hosts that offer sampling, most recent last.
pub struct SamplingHosts {
    hook: SamplingHook,
    hosts: Mutex<Hosts>,
}

/// The last id handed out, and the hosts by id.
type Hosts = (u64, Vec<(u64, Arc<dyn ModelClient>)>);

/// A host's place in [`SamplingHosts`], held by its connection: dropped with it.
pub struct Registration {
    hosts: Weak<SamplingHosts>,
    id: u64,
}

impl SamplingHosts {
    pub fn new(hook: SamplingHook) -> Arc<Self> {
        Arc::new(Self {
            hook,
            hosts: Mutex::default(),
        })
    }

    /// The host of `peer`, if it offers sampling: it becomes the model.
    pub fn register(self: &Arc<Self>, peer: &Peer<RoleServer>) -> Option<Registration> {
        let model: Arc<dyn ModelClient> = Arc::new(SamplingModel::of(peer)?);
        let mut hosts = self.hosts.lock().unwrap_or_else(PoisonError::into_inner);
        hosts.0 += 1;
        let id = hosts.0;
        hosts.1.push((id, Arc::clone(&model)));
        tracing::info!(model = %model.describe(), "an MCP host offers sampling");
        (self.hook)(Some(model));
        Some(Registration {
            hosts: Arc::downgrade(self),
            id,
        })
    }

    fn remove(&self, id: u64) {
        let mut hosts = self.hosts.lock().unwrap_or_else(PoisonError::into_inner);
        let current = hosts.1.last().map(|(i, _)| *i) == Some(id);
        hosts.1.retain(|(i, _)| *i != id);
        if current {
            let next = hosts.1.last().map(|(_, m)| Arc::clone(m));
            match &next {
                Some(model) => {
                    tracing::info!(model = %model.describe(), "sampling host left; the previous one takes over")
                }
                None => tracing::info!("the MCP host that offered sampling left"),
            }
            (self.hook)(next);
        }
    }
}

impl Drop for Registration {
    fn drop(&mut self) {
        if let Some(hosts) = self.hosts.upgrade() {
            hosts.remove(self.id);
        }
    }
}

/// The model of one connected MCP host.
struct SamplingModel {
    peer: Peer<RoleServer>,
    /// `Visual Studio Code 1.105.0`.
    host: String,
    /// The host declared `sampling.tools`.
    tools: bool,
    /// Ids of tool calls read from text answers (unique per host).
    calls: AtomicU64,
}

impl SamplingModel {
    /// `None` unless the peer's capabilities offer sampling on a protocol that still allows
    /// server-to-client requests (2026-07-28 forbids them).
    fn of(peer: &Peer<RoleServer>) -> Option<Self> {
        let info = peer.peer_info()?;
        let sampling = info.capabilities.sampling.as_ref()?;
        let host = format!("{} {}", info.client_info.name, info.client_info.version);
        if info.protocol_version >= ProtocolVersion::V_2026_07_28 {
            tracing::info!(%host, "the host offers sampling on 2026-07-28, which allows no server requests: not used");
            return None;
        }
        Some(Self {
            peer: peer.clone(),
            host,
            tools: sampling.tools.is_some(),
            calls: AtomicU64::new(0),
        })
    }

    async fn ask(&self, request: ChatRequest) -> Result<ChatResponse, ModelError> {
        let params = to_params(&request, self.tools);
        params
            .validate()
            .map_err(|e| ModelError::Malformed(format!("codemode built a bad request: {e}")))?;
        if self.peer.is_transport_closed() {
            return Err(self.gone());
        }
        let handle = self
            .peer
            .send_request_with_option(
                ServerRequest::CreateMessageRequest(CreateMessageRequest::new(params)),
                PeerRequestOptions::no_options(),
            )
            .await
            .map_err(|e| self.error(e))?;
        let mut in_flight = CancelOnDrop {
            peer: self.peer.clone(),
            id: Some(handle.id.clone()),
        };
        let answer = handle.await_response().await;
        in_flight.id = None;
        let result = match answer.map_err(|e| self.error(e))? {
            ClientResult::CreateMessageResult(result) => *result,
            other => {
                return Err(ModelError::Malformed(format!(
                    "{} answered sampling/createMessage with {other:?}",
                    self.host
                )));
            }
        };
        tracing::info!(host = %self.host, model = %result.model, stop = ?result.stop_reason, "the host's model answered");
        from_result(result, &request.tools, self.tools, &self.calls)
    }

    fn gone(&self) -> ModelError {
        ModelError::Transport(format!(
            "the MCP host {} disconnected before answering",
            self.host
        ))
    }

    fn error(&self, error: ServiceError) -> ModelError {
        match error {
            ServiceError::McpError(e) => ModelError::Refused(format!(
                "the MCP host {} declined the sampling request: {} (code {})",
                self.host, e.message, e.code.0
            )),
            ServiceError::TransportClosed | ServiceError::TransportSend(_) => self.gone(),
            ServiceError::Timeout { timeout } => ModelError::Timeout(timeout),
            ServiceError::Cancelled { .. } => ModelError::Cancelled,
            ServiceError::UnexpectedResponse => ModelError::Malformed(format!(
                "{} answered sampling/createMessage with something else",
                self.host
            )),
            other => ModelError::Transport(format!("MCP sampling through {}: {other}", self.host)),
        }
    }
}

impl ModelClient for SamplingModel {
    fn describe(&self) -> String {
        format!(
            "MCP sampling through {} ({})",
            self.host,
            if self.tools {
                "with tools"
            } else {
                "tools described in the prompt"
            }
        )
    }

    fn chat(&self, request: ChatRequest) -> ChatFuture<'_> {
        Box::pin(self.ask(request))
    }

    fn reports_usage(&self) -> bool {
        false
    }
}

/// Sends `notifications/cancelled` for the request in flight when its future is dropped
/// (the user cancelled, or the deadline passed).
struct CancelOnDrop {
    peer: Peer<RoleServer>,
    id: Option<RequestId>,
}

impl Drop for CancelOnDrop {
    fn drop(&mut self) {
        let Some(id) = self.id.take() else {
            return;
        };
        let Ok(runtime) = tokio::runtime::Handle::try_current() else {
            return;
        };
        let peer = self.peer.clone();
        runtime.spawn(async move {
            let notification = CancelledNotification::new(CancelledNotificationParam::new(
                Some(id),
                Some("codemode no longer needs the answer".into()),
            ));
            if let Err(error) = peer.send_notification(notification.into()).await {
                tracing::debug!(%error, "could not tell the host the sampling request was cancelled");
            }
        });
    }
}

/// The request as `sampling/createMessage` parameters.
fn to_params(request: &ChatRequest, tools: bool) -> CreateMessageRequestParams {
    let mut system = request.system.clone();
    let messages = if tools {
        with_tools(&request.messages)
    } else {
        if !request.tools.is_empty() {
            system.push_str("\n\n");
            system.push_str(&tools_prompt(&request.tools));
        }
        as_text(&request.messages)
    };
    let mut params = CreateMessageRequestParams::new(messages, request.max_tokens);
    if !system.trim().is_empty() {
        params = params.with_system_prompt(system);
    }
    if let Some(temperature) = request.temperature {
        params = params.with_temperature(temperature);
    }
    if tools && !request.tools.is_empty() {
        params = params
            .with_tools(request.tools.iter().map(tool).collect())
            .with_tool_choice(ToolChoice::auto());
    }
    params
}

fn tool(spec: &ToolSpec) -> Tool {
    let schema = match &spec.parameters {
        Value::Object(schema) => schema.clone(),
        _ => Map::from_iter([("type".to_owned(), json!("object"))]),
    };
    Tool::new(spec.name.clone(), spec.description.clone(), schema)
}

/// The conversation with `tool_use` / `tool_result` blocks. Every tool use gets a result
/// before the next turn (the spec requires it): one the loop did not answer is marked so.
fn with_tools(messages: &[Message]) -> Vec<SamplingMessage> {
    let mut out: Vec<SamplingMessage> = Vec::new();
    let mut pending: Vec<String> = Vec::new();
    let mut results: Vec<SamplingMessageContentBlock> = Vec::new();
    let flush = |out: &mut Vec<SamplingMessage>,
                 pending: &mut Vec<String>,
                 results: &mut Vec<SamplingMessageContentBlock>| {
        for id in pending.drain(..) {
            results.push(SamplingMessageContentBlock::ToolResult(tool_result(
                id,
                "(no result: codemode did not run this call)".into(),
                true,
            )));
        }
        if !results.is_empty() {
            out.push(SamplingMessage::new_multiple(
                Role::User,
                std::mem::take(results),
            ));
        }
    };
    for message in messages {
        match message {
            Message::ToolResult {
                call_id,
                content,
                is_error,
            } if pending.contains(call_id) => {
                pending.retain(|id| id != call_id);
                results.push(SamplingMessageContentBlock::ToolResult(tool_result(
                    call_id.clone(),
                    content.clone(),
                    *is_error,
                )));
            }
            Message::ToolResult {
                call_id, content, ..
            } => {
                // A result of no call in flight cannot be a tool_result: it goes as text.
                flush(&mut out, &mut pending, &mut results);
                out.push(SamplingMessage::user_text(format!(
                    "Result of tool call {call_id}:\n{content}"
                )));
            }
            Message::User { text } => {
                flush(&mut out, &mut pending, &mut results);
                out.push(SamplingMessage::user_text(text.clone()));
            }
            Message::Assistant { text, tool_calls } => {
                flush(&mut out, &mut pending, &mut results);
                let mut blocks = Vec::new();
                if !text.is_empty() || tool_calls.is_empty() {
                    blocks.push(SamplingMessageContentBlock::text(text.clone()));
                }
                for call in tool_calls {
                    let input = match &call.arguments {
                        Value::Object(map) => map.clone(),
                        other => Map::from_iter([("value".to_owned(), other.clone())]),
                    };
                    blocks.push(SamplingMessageContentBlock::ToolUse(ToolUseContent::new(
                        call.id.clone(),
                        call.name.clone(),
                        input,
                    )));
                    pending.push(call.id.clone());
                }
                out.push(SamplingMessage::new_multiple(Role::Assistant, blocks));
            }
        }
    }
    flush(&mut out, &mut pending, &mut results);
    out
}

fn tool_result(id: String, content: String, is_error: bool) -> ToolResultContent {
    let mut result = ToolResultContent::new(id, vec![ContentBlock::text(content)]);
    result.is_error = Some(is_error);
    result
}

/// The conversation as text for a host without `sampling.tools`: calls as the fenced JSON the
/// prompt asks for, results as user text; turns of the same role are joined.
fn as_text(messages: &[Message]) -> Vec<SamplingMessage> {
    let mut turns: Vec<(Role, String)> = Vec::new();
    let mut names: Vec<(String, String)> = Vec::new();
    for message in messages {
        let (role, text) = match message {
            Message::User { text } => (Role::User, text.clone()),
            Message::Assistant { text, tool_calls } => {
                let mut out = text.trim_end().to_owned();
                for call in tool_calls {
                    names.push((call.id.clone(), call.name.clone()));
                    if !out.is_empty() {
                        out.push_str("\n\n");
                    }
                    out.push_str(&fenced_call(&call.name, &call.arguments));
                }
                (Role::Assistant, out)
            }
            Message::ToolResult {
                call_id,
                content,
                is_error,
            } => {
                let name = names
                    .iter()
                    .find(|(id, _)| id == call_id)
                    .map_or("the tool", |(_, name)| name.as_str());
                let outcome = if *is_error { " (an error)" } else { "" };
                (
                    Role::User,
                    format!("Result of your `{name}` call{outcome}:\n{content}"),
                )
            }
        };
        match turns.last_mut() {
            Some((last, joined)) if *last == role => {
                joined.push_str("\n\n");
                joined.push_str(&text);
            }
            _ => turns.push((role, text)),
        }
    }
    turns
        .into_iter()
        .map(|(role, text)| SamplingMessage::new(role, SamplingMessageContentBlock::text(text)))
        .collect()
}

fn fenced_call(name: &str, arguments: &Value) -> String {
    let call = json!({"tool": name, "arguments": arguments});
    format!(
        "```json\n{}\n```",
        serde_json::to_string_pretty(&call).unwrap_or_default()
    )
}

/// How a model without tool calling is told about the tools.
fn tools_prompt(tools: &[ToolSpec]) -> String {
    let mut out = String::from(
        "You have tools, but this conversation cannot carry tool calls: to call a tool, answer \
         with one fenced JSON block and nothing after it, exactly like\n\n\
         ```json\n{\"tool\": \"<tool name>\", \"arguments\": { ... }}\n```\n\n\
         One call per answer; its result comes back in the next message. The tools:\n",
    );
    for tool in tools {
        out.push_str(&format!(
            "\n- `{}`: {}\n  arguments (JSON Schema): {}\n",
            tool.name,
            tool.description,
            serde_json::to_string(&tool.parameters).unwrap_or_default()
        ));
    }
    out
}

/// The host's answer as a [`ChatResponse`].
fn from_result(
    result: CreateMessageResult,
    tools: &[ToolSpec],
    native: bool,
    calls: &AtomicU64,
) -> Result<ChatResponse, ModelError> {
    if result.message.role != Role::Assistant {
        return Err(ModelError::Malformed(
            "the host's answer is not the assistant's".into(),
        ));
    }
    let blocks = match result.message.content {
        SamplingContent::Single(block) => vec![block],
        SamplingContent::Multiple(blocks) => blocks,
    };
    let mut text = String::new();
    let mut tool_calls = Vec::new();
    let mut other = 0;
    for block in blocks {
        match block {
            SamplingMessageContentBlock::Text(t) => {
                if !text.is_empty() {
                    text.push('\n');
                }
                text.push_str(&t.text);
            }
            SamplingMessageContentBlock::ToolUse(call) => tool_calls.push(ToolCall {
                id: call.id,
                name: call.name,
                arguments: Value::Object(call.input),
            }),
            _ => other += 1,
        }
    }
    if text.is_empty() && tool_calls.is_empty() && other > 0 {
        return Err(ModelError::Malformed(
            "the host answered with images or audio, not text".into(),
        ));
    }
    if !native && !tools.is_empty() {
        let (rest, found) = read_calls(&text, tools);
        for (name, arguments) in found {
            let n = calls.fetch_add(1, Ordering::Relaxed) + 1;
            tool_calls.push(ToolCall {
                id: format!("call_{n}"),
                name,
                arguments,
            });
        }
        text = rest;
    }
    let stop = match result.stop_reason.as_deref() {
        _ if !tool_calls.is_empty() => StopReason::ToolUse,
        Some(CreateMessageResult::STOP_REASON_END_TURN)
        | Some(CreateMessageResult::STOP_REASON_END_SEQUENCE)
        | None => StopReason::End,
        Some(CreateMessageResult::STOP_REASON_END_MAX_TOKEN) => StopReason::MaxTokens,
        Some(CreateMessageResult::STOP_REASON_TOOL_USE) => StopReason::End,
        Some(_) => StopReason::Other,
    };
    Ok(ChatResponse {
        text,
        tool_calls,
        stop,
        // MCP results carry no token counts.
        usage: Usage::default(),
    })
}

/// Tool calls written as fenced JSON blocks (`{"tool": name, "arguments": {...}}`, or
/// `"name"` for `"tool"`) naming one of `tools`; returns the text without those blocks.
fn read_calls(text: &str, tools: &[ToolSpec]) -> (String, Vec<(String, Value)>) {
    let mut rest = String::new();
    let mut calls = Vec::new();
    let mut block: Option<(String, String)> = None; // (fence line, body)
    for line in text.split_inclusive('\n') {
        let fence = line.trim_start().starts_with("```");
        match &mut block {
            None if fence => block = Some((line.to_owned(), String::new())),
            None => rest.push_str(line),
            Some((_, body)) if !fence => body.push_str(line),
            Some(_) => {
                let (open, body) = block.take().unwrap_or_default();
                match call_of(&body, tools) {
                    Some(call) => calls.push(call),
                    None => {
                        rest.push_str(&open);
                        rest.push_str(&body);
                        rest.push_str(line);
                    }
                }
            }
        }
    }
    if let Some((open, body)) = block {
        // An unclosed block: a call if it reads as one (models stop after the JSON).
        match call_of(&body, tools) {
            Some(call) => calls.push(call),
            None => {
                rest.push_str(&open);
                rest.push_str(&body);
            }
        }
    }
    (rest.trim().to_owned(), calls)
}

fn call_of(body: &str, tools: &[ToolSpec]) -> Option<(String, Value)> {
    let Value::Object(mut object) = serde_json::from_str::<Value>(body.trim()).ok()? else {
        return None;
    };
    let name = object
        .remove("tool")
        .or_else(|| object.remove("name"))?
        .as_str()?
        .to_owned();
    if !tools.iter().any(|t| t.name == name) {
        return None;
    }
    let arguments = match object
        .remove("arguments")
        .or_else(|| object.remove("input"))
    {
        Some(Value::Object(arguments)) => Value::Object(arguments),
        Some(Value::String(encoded)) => serde_json::from_str(&encoded).ok()?,
        None => Value::Object(Map::new()),
        Some(_) => return None,
    };
    Some((name, arguments))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(name: &str) -> ToolSpec {
        ToolSpec {
            name: name.into(),
            description: format!("The {name} tool."),
            parameters: json!({"type": "object", "properties": {"code": {"type": "string"}}}),
        }
    }

    #[test]
    fn fenced_calls_are_read_and_other_blocks_kept() {
        let tools = [spec("propose_fix"), spec("run_in_sandbox")];
        let text = "Try this:\n```python\nprint(1)\n```\nThen:\n```json\n{\"tool\": \"run_in_sandbox\", \"arguments\": {\"code\": \"print(2)\"}}\n```\n";
        let (rest, calls) = read_calls(text, &tools);
        assert_eq!(
            calls,
            vec![("run_in_sandbox".into(), json!({"code": "print(2)"}))]
        );
        assert_eq!(rest, "Try this:\n```python\nprint(1)\n```\nThen:");
        // Unknown tools and plain JSON stay text; string arguments are decoded; unclosed ok.
        let (rest, calls) = read_calls(
            "```json\n{\"tool\": \"rm\", \"arguments\": {}}\n```",
            &tools,
        );
        assert!(calls.is_empty() && rest.contains("\"rm\""));
        let (_, calls) = read_calls(
            "```\n{\"name\": \"propose_fix\", \"arguments\": \"{\\\"code\\\": \\\"x\\\"}\"}",
            &tools,
        );
        assert_eq!(calls, vec![("propose_fix".into(), json!({"code": "x"}))]);
    }

    #[test]
    fn every_tool_use_gets_a_result_before_the_next_turn() {
        let call = |id: &str| ToolCall {
            id: id.into(),
            name: "run_in_sandbox".into(),
            arguments: json!({"code": "1"}),
        };
        let messages = vec![
            Message::user("fix it"),
            Message::Assistant {
                text: String::new(),
                tool_calls: vec![call("a"), call("b")],
            },
            Message::tool_result("a", "ok", false),
            Message::user("go on"),
        ];
        let params = CreateMessageRequestParams::new(with_tools(&messages), 10);
        params.validate().unwrap();
        let wire = serde_json::to_value(&params.messages).unwrap();
        assert_eq!(wire[2]["content"][0]["toolUseId"], "a");
        assert_eq!(wire[2]["content"][1]["toolUseId"], "b");
        assert_eq!(wire[2]["content"][1]["isError"], true);
        assert_eq!(wire[3]["content"]["text"], "go on");
    }
}
