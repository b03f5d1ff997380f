//! Anthropic Messages (`POST {base_url}/v1/messages`) with tool use.

use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use serde_json::{Value, json};

use super::http::Transport;
use super::{
    ChatFuture, ChatRequest, ChatResponse, Message, ModelClient, ModelError, ProviderConfig,
    StopReason, ToolCall, Usage,
};

pub const DEFAULT_BASE_URL: &str = "https://api.anthropic.com";
pub const DEFAULT_KEY_ENV: &str = "ANTHROPIC_API_KEY";
pub const API_VERSION: &str = "2023-06-01";

pub struct AnthropicClient {
    transport: Transport,
    url: String,
    base_url: String,
    model: String,
}

impl AnthropicClient {
    pub fn new(config: ProviderConfig) -> Result<Self, ModelError> {
        let base_url = config.base_url.trim_end_matches('/').to_string();
        // Accept a base URL given with or without the version segment.
        let url = if base_url.ends_with("/v1") {
            format!("{base_url}/messages")
        } else {
            format!("{base_url}/v1/messages")
        };
        reqwest::Url::parse(&url)
            .map_err(|e| ModelError::Config(format!("model.baseUrl `{base_url}`: {e}")))?;
        Ok(Self {
            transport: Transport::new(
                "anthropic",
                config.timeout,
                config.max_retries,
                config.key,
                config.key_env,
            )?,
            url,
            base_url,
            model: config.model,
        })
    }

    fn headers(&self) -> Result<HeaderMap, ModelError> {
        let mut headers = HeaderMap::new();
        headers.insert(
            HeaderName::from_static("anthropic-version"),
            HeaderValue::from_static(API_VERSION),
        );
        if let Some(key) = self.transport.key() {
            let mut value = HeaderValue::from_str(key.expose()).map_err(|_| {
                ModelError::Config("the API key contains characters a header cannot".into())
            })?;
            value.set_sensitive(true);
            headers.insert(HeaderName::from_static("x-api-key"), value);
        }
        Ok(headers)
    }

    /// The request body in the Messages shape. Turns alternate user/assistant: consecutive
    /// turns of one role (several tool results, a tool result and a note) become one message,
    /// tool results first as the API requires.
    pub fn body(&self, request: &ChatRequest) -> Value {
        let mut turns: Vec<(&str, Vec<Value>)> = Vec::new();
        for message in &request.messages {
            let (role, blocks) = match message {
                Message::User { text } => ("user", vec![json!({"type": "text", "text": text})]),
                Message::Assistant { text, tool_calls } => {
                    let mut blocks = Vec::new();
                    // The API refuses empty text blocks.
                    if !text.is_empty() {
                        blocks.push(json!({"type": "text", "text": text}));
                    }
                    for call in tool_calls {
                        blocks.push(json!({
                            "type": "tool_use",
                            "id": call.id,
                            "name": call.name,
                            "input": if call.arguments.is_object() {
                                call.arguments.clone()
                            } else {
                                json!({})
                            },
                        }));
                    }
                    ("assistant", blocks)
                }
                Message::ToolResult {
                    call_id,
                    content,
                    is_error,
                } => (
                    "user",
                    vec![json!({
                        "type": "tool_result",
                        "tool_use_id": call_id,
                        "content": content,
                        "is_error": is_error,
                    })],
                ),
            };
            if blocks.is_empty() {
                continue;
            }
            match turns.last_mut() {
                Some((last, existing)) if *last == role => existing.extend(blocks),
                _ => turns.push((role, blocks)),
            }
        }
        let messages: Vec<Value> = turns
            .into_iter()
            .map(|(role, mut blocks)| {
                blocks.sort_by_key(|b| b["type"] != "tool_result");
                json!({"role": role, "content": blocks})
            })
            .collect();
        let mut body = json!({
            "model": self.model,
            "max_tokens": request.max_tokens,
            "messages": messages,
        });
        if !request.system.is_empty() {
            body["system"] = json!(request.system);
        }
        if let Some(temperature) = request.temperature {
            body["temperature"] = json!(temperature);
        }
        if !request.tools.is_empty() {
            body["tools"] = request
                .tools
                .iter()
                .map(|tool| {
                    json!({
                        "name": tool.name,
                        "description": tool.description,
                        "input_schema": tool.parameters,
                    })
                })
                .collect();
        }
        body
    }
}

/// Reads a Messages answer.
pub fn parse_response(value: &Value) -> Result<ChatResponse, ModelError> {
    if value.get("type").and_then(Value::as_str) == Some("error") {
        let message = super::http::error_message(value).unwrap_or_else(|| value.to_string());
        return Err(ModelError::Provider {
            status: 200,
            message,
        });
    }
    let blocks = value
        .get("content")
        .and_then(Value::as_array)
        .ok_or_else(|| malformed("no `content` blocks in the answer", value))?;
    let mut text = String::new();
    let mut tool_calls = Vec::new();
    for block in blocks {
        match block.get("type").and_then(Value::as_str) {
            Some("text") => {
                text.push_str(block.get("text").and_then(Value::as_str).unwrap_or(""));
            }
            Some("tool_use") => {
                let id = block.get("id").and_then(Value::as_str);
                let name = block.get("name").and_then(Value::as_str);
                let (Some(id), Some(name)) = (id, name) else {
                    return Err(malformed("a `tool_use` block without id or name", value));
                };
                tool_calls.push(ToolCall {
                    id: id.to_string(),
                    name: name.to_string(),
                    arguments: block.get("input").cloned().unwrap_or_else(|| json!({})),
                });
            }
            // Thinking and other blocks carry nothing the loops use.
            _ => {}
        }
    }
    let stop = match value.get("stop_reason").and_then(Value::as_str) {
        Some("end_turn" | "stop_sequence") => StopReason::End,
        Some("tool_use") => StopReason::ToolUse,
        Some("max_tokens") => StopReason::MaxTokens,
        _ if !tool_calls.is_empty() => StopReason::ToolUse,
        _ => StopReason::Other,
    };
    let count = |field: &str| {
        value
            .pointer(&format!("/usage/{field}"))
            .and_then(Value::as_u64)
            .unwrap_or(0)
    };
    Ok(ChatResponse {
        text,
        tool_calls,
        stop,
        usage: Usage {
            // Tokens read from or written to the prompt cache are input too.
            input_tokens: count("input_tokens")
                + count("cache_creation_input_tokens")
                + count("cache_read_input_tokens"),
            output_tokens: count("output_tokens"),
        },
    })
}

fn malformed(what: &str, value: &Value) -> ModelError {
    ModelError::Malformed(format!(
        "{what}: {}",
        super::http::excerpt(value.to_string().as_bytes())
    ))
}

impl ModelClient for AnthropicClient {
    fn describe(&self) -> String {
        format!(
            "anthropic {} at {}",
            self.model,
            super::display_url(&self.base_url)
        )
    }

    fn chat(&self, request: ChatRequest) -> ChatFuture<'_> {
        Box::pin(async move {
            let started = std::time::Instant::now();
            let result = async {
                let headers = self.headers()?;
                let body = self.body(&request);
                let answer = self.transport.post_json(&self.url, headers, &body).await?;
                parse_response(&answer).map_err(|e| super::scrub_error(e, &self.transport))
            }
            .await;
            super::log_outcome("anthropic", &self.model, started, &result);
            result
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn client() -> AnthropicClient {
        AnthropicClient::new(ProviderConfig {
            base_url: "http://127.0.0.1:9/v1".into(),
            model: "m".into(),
            key: None,
            key_env: None,
            timeout: Duration::from_secs(1),
            max_retries: 0,
        })
        .unwrap()
    }

    #[test]
    fn tool_results_and_notes_share_one_user_turn() {
        let client = client();
        assert_eq!(client.url, "http://127.0.0.1:9/v1/messages");
        let request = ChatRequest {
            system: String::new(),
            messages: vec![
                Message::User { text: "fix".into() },
                Message::Assistant {
                    text: String::new(),
                    tool_calls: vec![
                        ToolCall {
                            id: "t1".into(),
                            name: "run".into(),
                            arguments: json!({"code": "1"}),
                        },
                        ToolCall {
                            id: "t2".into(),
                            name: "run".into(),
                            arguments: json!({"code": "2"}),
                        },
                    ],
                },
                Message::ToolResult {
                    call_id: "t1".into(),
                    content: "ok".into(),
                    is_error: false,
                },
                Message::User {
                    text: "note".into(),
                },
                Message::ToolResult {
                    call_id: "t2".into(),
                    content: "boom".into(),
                    is_error: true,
                },
            ],
            tools: Vec::new(),
            max_tokens: 10,
            temperature: None,
        };
        let body = client.body(&request);
        let messages = body["messages"].as_array().unwrap();
        assert_eq!(messages.len(), 3);
        assert!(body.get("system").is_none());
        let last = messages[2]["content"].as_array().unwrap();
        let kinds: Vec<&str> = last.iter().map(|b| b["type"].as_str().unwrap()).collect();
        assert_eq!(kinds, ["tool_result", "tool_result", "text"]);
        assert_eq!(last[1]["is_error"], json!(true));
    }
}
