//! Models: one interface, [`ModelClient`], with backends chosen by settings (OpenAI-compatible
//! Chat Completions, Anthropic Messages, MCP sampling through a connected host). The AI loops
//! (`crate::ai`) speak only these types; each backend converts them to its wire protocol.
//!
//! A conversation is provider-neutral: a system prompt, messages, and tools the model may call.
//! Tool calls and their results are first-class so that the loop can run a ReAct-style
//! exchange (`run_in_sandbox`) whatever the backend.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::settings::{ModelProvider, ModelSettings};

pub mod anthropic;
mod http;
mod key;
pub mod openai;
#[doc(hidden)]
pub mod testing;

pub use anthropic::AnthropicClient;
pub use key::ApiKey;
pub use openai::OpenAiClient;

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
    /// The model's host declined the request (an MCP host whose user rejected a sampling
    /// request, or that does not sample); the message names the host and its reason.
    #[error("{0}")]
    Refused(String),
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

    /// Whether answers carry token counts (MCP sampling's do not: its [`Usage`] is 0, unknown).
    fn reports_usage(&self) -> bool {
        true
    }
}

impl ChatRequest {
    /// A request with the settings' `maxTokens` and `temperature`.
    pub fn new(
        settings: &ModelSettings,
        system: impl Into<String>,
        messages: Vec<Message>,
        tools: Vec<ToolSpec>,
    ) -> Self {
        Self {
            system: system.into(),
            messages,
            tools,
            max_tokens: settings.max_tokens,
            temperature: settings.temperature,
        }
    }
}

impl Message {
    pub fn user(text: impl Into<String>) -> Self {
        Self::User { text: text.into() }
    }

    pub fn tool_result(
        call_id: impl Into<String>,
        content: impl Into<String>,
        is_error: bool,
    ) -> Self {
        Self::ToolResult {
            call_id: call_id.into(),
            content: content.into(),
            is_error,
        }
    }
}

impl ChatResponse {
    /// The answer as the assistant turn to append to the conversation before the tool results.
    pub fn to_message(&self) -> Message {
        Message::Assistant {
            text: self.text.clone(),
            tool_calls: self.tool_calls.clone(),
        }
    }
}

/// What an HTTP backend needs, resolved from [`ModelSettings`] (or given directly).
#[derive(Debug, Clone)]
pub struct ProviderConfig {
    /// Without the endpoint: `https://api.openai.com/v1`, `http://localhost:11434/v1`,
    /// `https://api.anthropic.com`.
    pub base_url: String,
    pub model: String,
    /// `None` for servers that need no key (local ones).
    pub key: Option<ApiKey>,
    /// The environment variable the key was read from (named in hints, never the key).
    pub key_env: Option<String>,
    /// Deadline of each attempt (connect, send, whole answer).
    pub timeout: Duration,
    /// Retries after the first attempt on 408/409/429/5xx and connection failures.
    pub max_retries: u32,
}

/// The model the settings name, with its key read from the process environment now.
/// `Ok(None)` when no model is configured (show [`not_configured_message`]).
/// `mcp-sampling` needs a connected host: use [`from_settings_with`] to supply it.
pub fn from_settings(settings: &ModelSettings) -> Result<Option<Arc<dyn ModelClient>>, ModelError> {
    from_settings_with(settings, &|name| std::env::var(name).ok(), None)
}

/// [`from_settings`] with the environment lookup given (tests) and the MCP sampling backend,
/// if a host that offers sampling is connected (`None` otherwise).
pub fn from_settings_with(
    settings: &ModelSettings,
    env: &dyn Fn(&str) -> Option<String>,
    sampling: Option<Arc<dyn ModelClient>>,
) -> Result<Option<Arc<dyn ModelClient>>, ModelError> {
    let (default_url, default_env, name) = match settings.provider {
        ModelProvider::None => return Ok(None),
        ModelProvider::McpSampling => {
            let host = sampling.ok_or_else(|| {
                ModelError::Config(
                    "model.provider is `mcp-sampling`: codemode asks the model of the MCP host \
                     connected to the language server's MCP endpoint, and no host that offers \
                     sampling is connected. Set mcp.editorEndpoint (e.g. \"127.0.0.1:8766\") \
                     and connect a host that offers sampling (e.g. VS Code) to that URL with \
                     codemode's token, or set model.provider to `openai` or `anthropic`."
                        .into(),
                )
            })?;
            if settings.timeout.is_zero() {
                return Err(ModelError::Config(
                    "model.timeout is 0: give the model time to answer (e.g. \"120s\")".into(),
                ));
            }
            return Ok(Some(Arc::new(Deadline {
                inner: host,
                timeout: settings.timeout,
            })));
        }
        ModelProvider::Openai => (openai::DEFAULT_BASE_URL, openai::DEFAULT_KEY_ENV, "openai"),
        ModelProvider::Anthropic => (
            anthropic::DEFAULT_BASE_URL,
            anthropic::DEFAULT_KEY_ENV,
            "anthropic",
        ),
    };
    let model = settings.model.as_deref().map(str::trim).unwrap_or("");
    if model.is_empty() {
        let example = match settings.provider {
            ModelProvider::Anthropic => "claude-sonnet-4-5",
            _ => "gpt-4.1-mini, or qwen2.5-coder:7b with Ollama",
        };
        return Err(ModelError::Config(format!(
            "model.provider is `{name}` but model.model is not set: name the model (e.g. {example})"
        )));
    }
    let base_url = settings
        .base_url
        .as_deref()
        .map(str::trim)
        .filter(|u| !u.is_empty())
        .unwrap_or(default_url);
    let custom_url = base_url.trim_end_matches('/') != default_url;
    let key_env = settings
        .api_key_env
        .as_deref()
        .map(str::trim)
        .filter(|v| !v.is_empty());
    let variable = key_env.unwrap_or(default_env);
    if variable.contains(['=', '\0']) {
        return Err(ModelError::Config(format!(
            "model.apiKeyEnv `{variable}` is not an environment variable name"
        )));
    }
    let key = env(variable)
        .map(|k| k.trim().to_string())
        .filter(|k| !k.is_empty())
        .map(ApiKey::new);
    // A local server (a base URL of its own) needs no key unless the settings name a variable.
    if key.is_none() && (key_env.is_some() || !custom_url) {
        return Err(ModelError::Config(format!(
            "the {name} model needs an API key: set the environment variable {variable} \
             (model.apiKeyEnv names another variable) and reload the settings"
        )));
    }
    if settings.timeout.is_zero() {
        return Err(ModelError::Config(
            "model.timeout is 0: give the model time to answer (e.g. \"120s\")".into(),
        ));
    }
    let config = ProviderConfig {
        base_url: base_url.to_string(),
        model: model.to_string(),
        key_env: key.as_ref().map(|_| variable.to_string()),
        key,
        timeout: settings.timeout,
        max_retries: settings.max_retries,
    };
    let client: Arc<dyn ModelClient> = match settings.provider {
        ModelProvider::Anthropic => Arc::new(AnthropicClient::new(config)?),
        _ => Arc::new(OpenAiClient::new(config)?),
    };
    tracing::info!(model = %client.describe(), "model configured");
    Ok(Some(client))
}

/// A supplied backend (MCP sampling) under the settings' `model.timeout`: the request's
/// future is dropped at the deadline, which cancels it (the backend's own cancellation).
struct Deadline {
    inner: Arc<dyn ModelClient>,
    timeout: Duration,
}

impl ModelClient for Deadline {
    fn describe(&self) -> String {
        self.inner.describe()
    }

    fn reports_usage(&self) -> bool {
        self.inner.reports_usage()
    }

    fn chat(&self, request: ChatRequest) -> ChatFuture<'_> {
        Box::pin(async move {
            tokio::time::timeout(self.timeout, self.inner.chat(request))
                .await
                .unwrap_or(Err(ModelError::Timeout(self.timeout)))
        })
    }
}

/// What the AI actions say when no model is configured: how to configure each provider.
pub fn not_configured_message() -> String {
    "No model is configured for codemode's AI actions (Auto-fix, Generate tests).\n\
     \n\
     Add a `model` section to the codemode settings (the settings file, or your editor's \
     codemode settings):\n\
     \n\
     • OpenAI — key from the environment variable OPENAI_API_KEY:\n    \
         \"model\": { \"provider\": \"openai\", \"model\": \"gpt-4.1-mini\" }\n\
     \n\
     • Anthropic — key from ANTHROPIC_API_KEY:\n    \
         \"model\": { \"provider\": \"anthropic\", \"model\": \"claude-sonnet-4-5\" }\n\
     \n\
     • A local model with Ollama (no key; first `ollama pull qwen2.5-coder:7b`):\n    \
         \"model\": { \"provider\": \"openai\", \"baseUrl\": \"http://localhost:11434/v1\", \
     \"model\": \"qwen2.5-coder:7b\" }\n  \
       llama.cpp server, vLLM and LM Studio work the same way with their own baseUrl \
     (e.g. http://localhost:8080/v1); OpenRouter with baseUrl https://openrouter.ai/api/v1 \
     and \"apiKeyEnv\": \"OPENROUTER_API_KEY\".\n\
     \n\
     • The model of an MCP host such as VS Code, over MCP sampling (connect the host to the \
     language server's MCP endpoint):\n    \
         \"model\": { \"provider\": \"mcp-sampling\" }, \"mcp\": { \"editorEndpoint\": \
     \"127.0.0.1:8766\" }\n\
     \n\
     Other keys: apiKeyEnv (the variable holding the key), timeout (\"120s\"), maxRetries (3), \
     maxTokens (4096), temperature. Keys are read from the environment when the settings are \
     applied and never appear in settings, logs or messages. Reference: docs/settings.md."
        .to_string()
}

/// One line per request: what it cost, or why it failed (errors are already scrubbed).
fn log_outcome(
    provider: &str,
    model: &str,
    started: std::time::Instant,
    result: &Result<ChatResponse, ModelError>,
) {
    let elapsed_ms = started.elapsed().as_millis() as u64;
    match result {
        Ok(response) => tracing::info!(
            provider,
            model,
            elapsed_ms,
            input_tokens = response.usage.input_tokens,
            output_tokens = response.usage.output_tokens,
            tool_calls = response.tool_calls.len(),
            stop = ?response.stop,
            "model answered"
        ),
        Err(error) => tracing::warn!(provider, model, elapsed_ms, %error, "model request failed"),
    }
}

/// A URL for display: no credentials, no query.
fn display_url(url: &str) -> String {
    match reqwest::Url::parse(url) {
        Ok(mut parsed) => {
            let _ = parsed.set_username("");
            let _ = parsed.set_password(None);
            parsed.set_query(None);
            parsed.as_str().trim_end_matches('/').to_string()
        }
        Err(_) => url.to_string(),
    }
}

/// The error with the key taken out of any text in it.
fn scrub_error(error: ModelError, transport: &http::Transport) -> ModelError {
    match error {
        ModelError::Provider { status, message } => ModelError::Provider {
            status,
            message: transport.scrub(&message),
        },
        ModelError::Malformed(m) => ModelError::Malformed(transport.scrub(&m)),
        ModelError::Transport(m) => ModelError::Transport(transport.scrub(&m)),
        ModelError::Config(m) => ModelError::Config(transport.scrub(&m)),
        other => other,
    }
}
