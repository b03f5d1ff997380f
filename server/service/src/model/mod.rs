//! Models: one interface, [`ModelClient`], with backends chosen by settings (OpenAI-compatible
//! Chat Completions, Anthropic Messages, MCP sampling through a connected host). The AI loops
//! (`crate::ai`) speak only these types; each backend converts them to its wire protocol.
//!
//! A conversation is provider-neutral: a system prompt, messages, and tools the model may call.
//! Tool calls and their results are first-class so that the loop can run a ReAct-style
//! exchange (`run_in_sandbox`) whatever the backend.

use std::future::Future;
use std::pin::Pin;

use serde::{Deserialize, Serialize};

/// One request to a model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChatRequest {
    pub system: String,
    pub messages: Vec<Message>,
    /// Tools the model may call; empty means none.
    pub tools: Vec<ToolSpec>,
    pub max_tokens: u32,
    pub temperature: Option<f32>,
}

/// A turn of the conversation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "role", rename_all = "snake_case")]
pub enum Message {
    User {
        text: String,
    },
    /// What the model said before: text and any tool calls it made.
    Assistant {
        text: String,
        tool_calls: Vec<ToolCall>,
    },
    /// The result of one tool call of the previous assistant turn.
    ToolResult {
        call_id: String,
        content: String,
        is_error: bool,
    },
}

/// A tool the model may call, with a JSON Schema for its arguments.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ToolSpec {
    pub name: String,
    pub description: String,
    pub parameters: serde_json::Value,
}

/// A call the model asked for.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ToolCall {
    /// The provider's id for the call (echoed back in [`Message::ToolResult`]).
    pub id: String,
    pub name: String,
    /// The arguments as a JSON object.
    pub arguments: serde_json::Value,
}

/// Why the model stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StopReason {
    /// A complete answer.
    End,
    /// It wants the results of its tool calls.
    ToolUse,
    /// It ran out of `max_tokens`.
    MaxTokens,
    Other,
}

/// Tokens used by one request (as the provider counted them; 0 when it does not say).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Usage {
    pub input_tokens: u64,
    pub output_tokens: u64,
}

impl Usage {
    pub fn total(&self) -> u64 {
        self.input_tokens + self.output_tokens
    }
}

impl std::ops::AddAssign for Usage {
    fn add_assign(&mut self, other: Self) {
        self.input_tokens += other.input_tokens;
        self.output_tokens += other.output_tokens;
    }
}

/// A model's answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChatResponse {
    pub text: String,
    pub tool_calls: Vec<ToolCall>,
    pub stop: StopReason,
    pub usage: Usage,
}

/// Why a request failed. Messages never contain keys.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ModelError {
    /// No model is configured (the message says how to configure one).
    #[error("{0}")]
    NotConfigured(String),
    /// The settings name a model but something is missing (e.g. the key's variable is unset).
    #[error("{0}")]
    Config(String),
    #[error("the model did not answer within {0:?}")]
    Timeout(std::time::Duration),
    /// Network or HTTP failure after the retries.
    #[error("{0}")]
    Transport(String),
    /// The provider answered with an error status.
    #[error("the model provider answered {status}: {message}")]
    Provider { status: u16, message: String },
    /// The answer could not be understood.
    #[error("the model's answer could not be read: {0}")]
    Malformed(String),
    #[error("cancelled")]
    Cancelled,
}

pub type ChatFuture<'a> =
    Pin<Box<dyn Future<Output = Result<ChatResponse, ModelError>> + Send + 'a>>;

/// A model backend. Cancellation is by dropping the future: a backend must not leave work
/// running (requests in flight are aborted when their future is dropped).
pub trait ModelClient: Send + Sync {
    /// A short description for status displays and logs: `openai gpt-4.1 at
    /// https://api.openai.com/v1`. Never includes a key.
    fn describe(&self) -> String;

    fn chat(&self, request: ChatRequest) -> ChatFuture<'_>;
}

/// What the AI commands say when no model is configured.
pub fn not_configured_message() -> String {
    "No model is configured for codemode's AI commands. Set `model` in the settings, e.g. \
     {\"model\": {\"provider\": \"openai\", \"model\": \"gpt-4.1\"}} with the key in \
     OPENAI_API_KEY, or {\"provider\": \"anthropic\", ...} with ANTHROPIC_API_KEY, or a local \
     OpenAI-compatible server (Ollama: \"baseUrl\": \"http://localhost:11434/v1\")."
        .into()
}
