//! OpenAI-compatible Chat Completions (`POST {base_url}/chat/completions`) with tool calling:
//! OpenAI, Ollama, llama.cpp server, vLLM, LM Studio, OpenRouter. The key is optional (local
//! servers need none).

use reqwest::header::{AUTHORIZATION, HeaderMap, HeaderValue};
use serde_json::{Value, json};

use super::http::Transport;
use super::{
    ChatFuture, ChatRequest, ChatResponse, Message, ModelClient, ModelError, ProviderConfig,
    StopReason, ToolCall, Usage,
};

pub const DEFAULT_BASE_URL: &str = "https://api.openai.com/v1";
pub const DEFAULT_KEY_ENV: &str = "OPENAI_API_KEY";

pub struct OpenAiClient {
    transport: Transport,
    url: String,
    base_url: String,
    model: String,
    /// api.openai.com wants `max_completion_tokens` (its reasoning models refuse
    /// `max_tokens`); the compatible servers know `max_tokens`.
    completion_tokens_field: bool,
}

impl OpenAiClient {
    pub fn new(config: ProviderConfig) -> Result<Self, ModelError> {
        let base_url = config.base_url.trim_end_matches('/').to_string();
        let url = format!("{base_url}/chat/completions");
        reqwest::Url::parse(&url)
            .map_err(|e| ModelError::Config(format!("model.baseUrl `{base_url}`: {e}")))?;
        Ok(Self {
            completion_tokens_field: base_url.contains("api.openai.com"),
            transport: Transport::new(
                "openai",
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
        if let Some(key) = self.transport.key() {
            let mut value =
                HeaderValue::from_str(&format!("Bearer {}", key.expose())).map_err(|_| {
                    ModelError::Config("the API key contains characters a header cannot".into())
                })?;
            value.set_sensitive(true);
            headers.insert(AUTHORIZATION, value);
        }
        Ok(headers)
    }

    /// The request body in the Chat Completions shape.
    pub fn body(&self, request: &ChatRequest) -> Value {
        let mut messages = Vec::with_capacity(request.messages.len() + 1);
        if !request.system.is_empty() {
            messages.push(json!({"role": "system", "content": request.system}));
        }
        for message in &request.messages {
            messages.push(match message {
                Message::User { text } => json!({"role": "user", "content": text}),
                Message::Assistant { text, tool_calls } => {
                    let mut turn = json!({
                        "role": "assistant",
                        "content": if text.is_empty() && !tool_calls.is_empty() {
                            Value::Null
                        } else {
                            Value::String(text.clone())
                        },
                    });
                    if !tool_calls.is_empty() {
                        turn["tool_calls"] = tool_calls
                            .iter()
                            .map(|call| {
                                json!({
                                    "id": call.id,
                                    "type": "function",
                                    "function": {
                                        "name": call.name,
                                        "arguments": match &call.arguments {
                                            Value::String(raw) => raw.clone(),
                                            other => other.to_string(),
                                        },
                                    },
                                })
                            })
                            .collect();
                    }
                    turn
                }
                Message::ToolResult {
                    call_id,
                    content,
                    is_error,
                } => json!({
                    "role": "tool",
                    "tool_call_id": call_id,
                    // Chat Completions has no error flag: say it in the content.
                    "content": if *is_error { format!("Error: {content}") } else { content.clone() },
                }),
            });
        }
        let mut body = json!({
            "model": self.model,
            "messages": messages,
        });
        let tokens_field = if self.completion_tokens_field {
            "max_completion_tokens"
        } else {
            "max_tokens"
        };
        body[tokens_field] = json!(request.max_tokens);
        if let Some(temperature) = request.temperature {
            body["temperature"] = json!(temperature);
        }
        if !request.tools.is_empty() {
            body["tools"] = request
                .tools
                .iter()
                .map(|tool| {
                    json!({
                        "type": "function",
                        "function": {
                            "name": tool.name,
                            "description": tool.description,
                            "parameters": tool.parameters,
                        },
                    })
                })
                .collect();
        }
        body
    }
}

/// Reads a Chat Completions answer.
pub fn parse_response(value: &Value) -> Result<ChatResponse, ModelError> {
    let Some(choice) = value.get("choices").and_then(|c| c.get(0)) else {
        // OpenRouter and some proxies answer 200 with an error object.
        if let Some(message) = super::http::error_message(value) {
            let status = value
                .pointer("/error/code")
                .and_then(Value::as_u64)
                .and_then(|c| u16::try_from(c).ok())
                .unwrap_or(200);
            return Err(ModelError::Provider { status, message });
        }
        return Err(malformed("no `choices` in the answer", value));
    };
    let message = choice
        .get("message")
        .ok_or_else(|| malformed("no `message` in the first choice", value))?;
    let text = match message.get("content") {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(text)) => text.clone(),
        // Content parts (some servers): keep the text parts.
        Some(Value::Array(parts)) => parts
            .iter()
            .filter_map(|p| p.get("text").and_then(Value::as_str))
            .collect::<Vec<_>>()
            .join(""),
        Some(_) => return Err(malformed("`content` is neither text nor parts", value)),
    };
    let mut tool_calls = Vec::new();
    if let Some(calls) = message.get("tool_calls").and_then(Value::as_array) {
        for (index, call) in calls.iter().enumerate() {
            let function = call
                .get("function")
                .ok_or_else(|| malformed("a tool call without `function`", value))?;
            let name = function
                .get("name")
                .and_then(Value::as_str)
                .ok_or_else(|| malformed("a tool call without a name", value))?;
            let arguments = match function.get("arguments") {
                None | Some(Value::Null) => json!({}),
                // The standard: a JSON document in a string. A model that wrote broken JSON
                // gets it back as a string, for the loop to answer with an error.
                Some(Value::String(raw)) if raw.trim().is_empty() => json!({}),
                Some(Value::String(raw)) => {
                    serde_json::from_str(raw).unwrap_or_else(|_| Value::String(raw.clone()))
                }
                // Ollama sends the object itself.
                Some(object) => object.clone(),
            };
            let id = call
                .get("id")
                .and_then(Value::as_str)
                .filter(|id| !id.is_empty())
                .map(str::to_string)
                .unwrap_or_else(|| format!("call_{index}"));
            tool_calls.push(ToolCall {
                id,
                name: name.to_string(),
                arguments,
            });
        }
    }
    let stop = match choice.get("finish_reason").and_then(Value::as_str) {
        // Ollama says "stop" even when it called tools.
        _ if !tool_calls.is_empty() => StopReason::ToolUse,
        Some("stop") => StopReason::End,
        Some("tool_calls" | "function_call") => StopReason::ToolUse,
        Some("length") => StopReason::MaxTokens,
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
            input_tokens: count("prompt_tokens"),
            output_tokens: count("completion_tokens"),
        },
    })
}

fn malformed(what: &str, value: &Value) -> ModelError {
    ModelError::Malformed(format!(
        "{what}: {}",
        super::http::excerpt(value.to_string().as_bytes())
    ))
}

impl ModelClient for OpenAiClient {
    fn describe(&self) -> String {
        format!(
            "openai {} at {}",
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
            super::log_outcome("openai", &self.model, started, &result);
            result
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_tool_calls_in_all_the_shapes_servers_send() {
        let answer = json!({
            "choices": [{
                "message": {
                    "role": "assistant",
                    "content": null,
                    "tool_calls": [
                        {"id": "a", "type": "function", "function": {"name": "run", "arguments": "{\"code\": \"1\"}"}},
                        {"function": {"name": "run", "arguments": {"code": "2"}}},
                        {"id": "c", "function": {"name": "run", "arguments": "{broken"}},
                    ],
                },
                "finish_reason": "stop",
            }],
            "usage": {"prompt_tokens": 7, "completion_tokens": 3},
        });
        let response = parse_response(&answer).unwrap();
        assert_eq!(response.stop, StopReason::ToolUse);
        assert_eq!(response.tool_calls[0].arguments, json!({"code": "1"}));
        assert_eq!(response.tool_calls[1].id, "call_1");
        assert_eq!(response.tool_calls[1].arguments, json!({"code": "2"}));
        assert_eq!(response.tool_calls[2].arguments, json!("{broken"));
        assert_eq!(response.usage.total(), 10);
    }

    #[test]
    fn openai_itself_gets_max_completion_tokens() {
        let client = |base_url: &str| {
            OpenAiClient::new(ProviderConfig {
                base_url: base_url.into(),
                ..client_config()
            })
            .unwrap()
        };
        let request = ChatRequest {
            system: String::new(),
            messages: vec![Message::user("hi")],
            tools: Vec::new(),
            max_tokens: 99,
            temperature: None,
        };
        let hosted = client("https://api.openai.com/v1/").body(&request);
        assert_eq!(hosted["max_completion_tokens"], 99);
        assert!(hosted.get("max_tokens").is_none());
        let local = client("http://localhost:11434/v1").body(&request);
        assert_eq!(local["max_tokens"], 99);
        assert_eq!(
            local["messages"],
            json!([{"role": "user", "content": "hi"}])
        );
        assert!(
            OpenAiClient::new(ProviderConfig {
                base_url: "not a url".into(),
                ..client_config()
            })
            .is_err()
        );
    }

    fn client_config() -> ProviderConfig {
        ProviderConfig {
            base_url: String::new(),
            model: "m".into(),
            key: None,
            key_env: None,
            timeout: std::time::Duration::from_secs(1),
            max_retries: 0,
        }
    }

    #[test]
    fn an_error_object_with_status_200_is_a_provider_error() {
        let answer = json!({"error": {"message": "no credits", "code": 402}});
        assert_eq!(
            parse_response(&answer),
            Err(ModelError::Provider {
                status: 402,
                message: "no credits".into()
            })
        );
    }
}
