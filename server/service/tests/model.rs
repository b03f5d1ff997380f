//! The model backends through real HTTP: the scripted model (`tests/scripted-model/server.py`)
//! speaks the OpenAI Chat Completions and Anthropic Messages wire protocols from a script.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use codemode_service::model::testing::ScriptedModel;
use codemode_service::model::{
    self, ChatRequest, Message, ModelClient, ModelError, StopReason, ToolSpec, Usage,
};
use codemode_service::settings::ModelSettings;
use serde_json::{Value, json};

const KEY_ENV: &str = "CODEMODE_TEST_MODEL_KEY";
const KEY: &str = "sk-test-5f1c0ffee0ddba11deadbeef";

fn settings(provider: &str, base_url: &str, extra: Value) -> ModelSettings {
    let mut value = json!({
        "provider": provider,
        "baseUrl": base_url,
        "model": "scripted-1",
        "apiKeyEnv": KEY_ENV,
        "timeout": "10s",
        "maxRetries": 3,
    });
    for (k, v) in extra.as_object().unwrap() {
        value[k] = v.clone();
    }
    serde_json::from_value(value).unwrap()
}

fn test_env(name: &str) -> Option<String> {
    (name == KEY_ENV).then(|| KEY.to_string())
}

fn connect(settings: &ModelSettings) -> Arc<dyn ModelClient> {
    model::from_settings_with(settings, &test_env, None)
        .unwrap()
        .expect("a model is configured")
}

fn client(server: &ScriptedModel, provider: &str, extra: Value) -> Arc<dyn ModelClient> {
    let url = match provider {
        "anthropic" => server.anthropic_url(),
        _ => server.openai_url(),
    };
    connect(&settings(provider, &url, extra))
}

fn run_tool() -> ToolSpec {
    ToolSpec {
        name: "run_in_sandbox".into(),
        description: "Runs code in the sandbox and returns its outcome.".into(),
        parameters: json!({
            "type": "object",
            "properties": {"code": {"type": "string"}},
            "required": ["code"],
        }),
    }
}

fn request(messages: Vec<Message>, tools: Vec<ToolSpec>) -> ChatRequest {
    ChatRequest::new(&ModelSettings::default(), "You fix code.", messages, tools)
}

#[tokio::test]
async fn openai_text_answer() {
    let server = ScriptedModel::start(&json!([
        {"expect": "openai", "text": "Hello.", "usage": {"input_tokens": 11, "output_tokens": 3}}
    ]))
    .unwrap();
    let client = client(&server, "openai", json!({}));
    assert_eq!(
        client.describe(),
        format!("openai scripted-1 at {}", server.openai_url())
    );
    let answer = client
        .chat(request(vec![Message::user("Say hello.")], Vec::new()))
        .await
        .unwrap();
    assert_eq!(answer.text, "Hello.");
    assert_eq!(answer.stop, StopReason::End);
    assert!(answer.tool_calls.is_empty());
    assert_eq!(
        answer.usage,
        Usage {
            input_tokens: 11,
            output_tokens: 3
        }
    );

    let requests = server.requests();
    assert_eq!(requests.len(), 1);
    let sent = &requests[0];
    assert_eq!(sent["path"], "/v1/chat/completions");
    assert_eq!(
        sent["headers"]["authorization"],
        format!("Bearer {}", ScriptedModel::key_fingerprint(KEY))
    );
    assert_eq!(sent["headers"]["content-type"], "application/json");
    assert_eq!(
        sent["body"],
        json!({
            "model": "scripted-1",
            "messages": [
                {"role": "system", "content": "You fix code."},
                {"role": "user", "content": "Say hello."},
            ],
            "max_tokens": 4096,
        })
    );
}

#[tokio::test]
async fn anthropic_text_answer() {
    let server = ScriptedModel::start(&json!([
        {"expect": "anthropic", "text": "Hello.", "usage": {"input_tokens": 21, "output_tokens": 2}}
    ]))
    .unwrap();
    let client = client(&server, "anthropic", json!({"temperature": 0.5}));
    let mut req = request(vec![Message::user("Say hello.")], Vec::new());
    req.temperature = Some(0.5);
    let answer = client.chat(req).await.unwrap();
    assert_eq!(answer.text, "Hello.");
    assert_eq!(answer.stop, StopReason::End);
    assert_eq!(answer.usage.total(), 23);

    let sent = &server.requests()[0];
    assert_eq!(sent["path"], "/v1/messages");
    assert_eq!(
        sent["headers"]["x-api-key"],
        ScriptedModel::key_fingerprint(KEY)
    );
    assert_eq!(sent["headers"]["anthropic-version"], "2023-06-01");
    assert!(sent["headers"].get("authorization").is_none());
    assert_eq!(
        sent["body"],
        json!({
            "model": "scripted-1",
            "max_tokens": 4096,
            "system": "You fix code.",
            "temperature": 0.5,
            "messages": [
                {"role": "user", "content": [{"type": "text", "text": "Say hello."}]},
            ],
        })
    );
}

/// A ReAct exchange: the model calls the tool, gets its result, then answers.
async fn tool_round_trip(provider: &str) -> (ScriptedModel, Vec<Message>, Usage) {
    let server = ScriptedModel::start(&json!([
        {"expect": provider, "text": "Let me try.",
         "tool_calls": [{"name": "run_in_sandbox", "arguments": {"code": "print(6 * 7)"}}],
         "usage": {"input_tokens": 100, "output_tokens": 20}},
        {"expect": provider, "match": "42", "text": "It prints 42.",
         "usage": {"input_tokens": 150, "output_tokens": 5}},
    ]))
    .unwrap();
    let client = client(&server, provider, json!({}));
    let mut messages = vec![Message::user("What does 6 * 7 print?")];
    let mut usage = Usage::default();

    let first = client
        .chat(request(messages.clone(), vec![run_tool()]))
        .await
        .unwrap();
    usage += first.usage;
    assert_eq!(first.stop, StopReason::ToolUse);
    assert_eq!(first.text, "Let me try.");
    assert_eq!(first.tool_calls.len(), 1);
    let call = &first.tool_calls[0];
    assert_eq!(call.name, "run_in_sandbox");
    assert_eq!(call.arguments, json!({"code": "print(6 * 7)"}));
    assert!(!call.id.is_empty());
    messages.push(first.to_message());
    messages.push(Message::tool_result(call.id.clone(), "42\n", false));

    let second = client
        .chat(request(messages.clone(), vec![run_tool()]))
        .await
        .unwrap();
    usage += second.usage;
    assert_eq!(second.stop, StopReason::End);
    assert_eq!(second.text, "It prints 42.");
    messages.push(second.to_message());
    (server, messages, usage)
}

#[tokio::test]
async fn openai_tool_call_round_trip() {
    let (server, messages, usage) = tool_round_trip("openai").await;
    assert_eq!(usage.input_tokens, 250);
    assert_eq!(usage.output_tokens, 25);
    let Message::Assistant { tool_calls, .. } = &messages[1] else {
        panic!("{messages:?}")
    };
    let id = &tool_calls[0].id;
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    assert_eq!(requests[1]["step"], 1);
    assert_eq!(
        requests[0]["body"]["tools"],
        json!([{"type": "function", "function": {
            "name": "run_in_sandbox",
            "description": "Runs code in the sandbox and returns its outcome.",
            "parameters": {"type": "object", "properties": {"code": {"type": "string"}}, "required": ["code"]},
        }}])
    );
    let sent = requests[1]["body"]["messages"].as_array().unwrap();
    assert_eq!(
        sent[2],
        json!({"role": "assistant", "content": "Let me try.", "tool_calls": [{
            "id": id, "type": "function",
            "function": {"name": "run_in_sandbox", "arguments": "{\"code\":\"print(6 * 7)\"}"},
        }]})
    );
    assert_eq!(
        sent[3],
        json!({"role": "tool", "tool_call_id": id, "content": "42\n"})
    );
}

#[tokio::test]
async fn anthropic_tool_use_round_trip() {
    let (server, messages, usage) = tool_round_trip("anthropic").await;
    assert_eq!(usage.total(), 275);
    let Message::Assistant { tool_calls, .. } = &messages[1] else {
        panic!("{messages:?}")
    };
    let id = &tool_calls[0].id;
    assert!(id.starts_with("toolu_"), "{id}");
    let requests = server.requests();
    assert_eq!(
        requests[0]["body"]["tools"],
        json!([{
            "name": "run_in_sandbox",
            "description": "Runs code in the sandbox and returns its outcome.",
            "input_schema": {"type": "object", "properties": {"code": {"type": "string"}}, "required": ["code"]},
        }])
    );
    let sent = requests[1]["body"]["messages"].as_array().unwrap();
    assert_eq!(
        sent[1],
        json!({"role": "assistant", "content": [
            {"type": "text", "text": "Let me try."},
            {"type": "tool_use", "id": id, "name": "run_in_sandbox", "input": {"code": "print(6 * 7)"}},
        ]})
    );
    assert_eq!(
        sent[2],
        json!({"role": "user", "content": [
            {"type": "tool_result", "tool_use_id": id, "content": "42\n", "is_error": false},
        ]})
    );
}

#[tokio::test]
async fn rate_limit_waits_for_retry_after_then_succeeds() {
    let server = ScriptedModel::start(&json!([
        {"status": 429, "retry_after": 1, "message": "Rate limit reached"},
        {"text": "after the wait"},
    ]))
    .unwrap();
    let client = client(&server, "openai", json!({}));
    let started = Instant::now();
    let answer = client
        .chat(request(vec![Message::user("hi")], Vec::new()))
        .await
        .unwrap();
    assert_eq!(answer.text, "after the wait");
    assert!(
        started.elapsed() >= Duration::from_secs(1),
        "Retry-After was not honoured: {:?}",
        started.elapsed()
    );
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn server_error_is_retried() {
    let server = ScriptedModel::start(&json!([
        {"status": 500, "message": "internal"},
        {"status": 529, "message": "Overloaded"},
        {"text": "third time lucky"},
    ]))
    .unwrap();
    let client = client(&server, "anthropic", json!({}));
    let answer = client
        .chat(request(vec![Message::user("hi")], Vec::new()))
        .await
        .unwrap();
    assert_eq!(answer.text, "third time lucky");
    assert_eq!(server.requests().len(), 3);
}

#[tokio::test]
async fn exhausted_retries_give_a_clear_error() {
    let server = ScriptedModel::start(&json!([
        {"status": 503, "message": "upstream unavailable"},
        {"status": 503, "message": "upstream unavailable"},
        {"status": 503, "message": "upstream unavailable"},
        {"text": "never reached"},
    ]))
    .unwrap();
    let client = client(&server, "openai", json!({"maxRetries": 2}));
    let error = client
        .chat(request(vec![Message::user("hi")], Vec::new()))
        .await
        .unwrap_err();
    let ModelError::Provider { status, message } = &error else {
        panic!("{error:?}")
    };
    assert_eq!(*status, 503);
    assert!(message.contains("upstream unavailable"), "{message}");
    assert!(message.contains("gave up after 2 retries"), "{message}");
    assert_eq!(
        error.to_string(),
        "the model provider answered 503: upstream unavailable (server_error) (gave up after 2 retries)"
    );
    assert_eq!(server.requests().len(), 3);
}

#[tokio::test]
async fn client_errors_are_not_retried() {
    let server = ScriptedModel::start(&json!([
        {"status": 404, "message": "model `scripted-1` not found"},
        {"text": "never reached"},
    ]))
    .unwrap();
    let client = client(&server, "anthropic", json!({}));
    let error = client
        .chat(request(vec![Message::user("hi")], Vec::new()))
        .await
        .unwrap_err();
    assert_eq!(
        error,
        ModelError::Provider {
            status: 404,
            message: "model `scripted-1` not found (not_found_error)".into()
        }
    );
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn a_refused_key_names_its_variable() {
    let server = ScriptedModel::start(&json!([
        {"status": 401, "message": "invalid x-api-key"},
    ]))
    .unwrap();
    let client = client(&server, "anthropic", json!({}));
    let error = client
        .chat(request(vec![Message::user("hi")], Vec::new()))
        .await
        .unwrap_err();
    assert_eq!(
        error.to_string(),
        format!(
            "the model provider answered 401: invalid x-api-key (authentication_error) \
             (check the API key in ${KEY_ENV})"
        )
    );
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn match_rules_answer_by_the_last_message() {
    // How the AI loops replay a script: answers chosen by what the model was last told.
    let server = ScriptedModel::start(&json!([
        {"match": "NameError", "text": "fix the name", "repeat": true},
        {"match": "ZeroDivisionError", "text": "guard the division"},
        {"text": "in order"},
    ]))
    .unwrap();
    let client = client(&server, "openai", json!({}));
    let ask = |text: &str| {
        let client = client.clone();
        let text = text.to_string();
        async move {
            client
                .chat(request(vec![Message::user(text)], Vec::new()))
                .await
                .unwrap()
                .text
        }
    };
    assert_eq!(
        ask("ZeroDivisionError: division by zero").await,
        "guard the division"
    );
    assert_eq!(
        ask("NameError: name 'x' is not defined").await,
        "fix the name"
    );
    assert_eq!(ask("NameError again").await, "fix the name");
    assert_eq!(ask("something else").await, "in order");
    let error = client
        .chat(request(vec![Message::user("more")], Vec::new()))
        .await
        .unwrap_err();
    assert!(error.to_string().contains("script is exhausted"), "{error}");
}

#[tokio::test]
async fn an_error_page_that_is_not_the_provider_s_says_where_it_posted() {
    let server = ScriptedModel::start(&json!([
        {"status": 404, "raw": "<html><body>Not Found</body></html>"},
    ]))
    .unwrap();
    let client = client(&server, "openai", json!({}));
    let error = client
        .chat(request(vec![Message::user("hi")], Vec::new()))
        .await
        .unwrap_err();
    assert_eq!(
        error,
        ModelError::Provider {
            status: 404,
            message: format!(
                "Not Found: `<html><body>Not Found</body></html>` (is model.baseUrl right? \
                 codemode posted to {}/chat/completions)",
                server.openai_url()
            ),
        }
    );
}

#[tokio::test]
async fn a_retry_after_beyond_the_cap_fails_at_once() {
    let server = ScriptedModel::start(&json!([
        {"status": 429, "retry_after": 3600, "message": "daily quota"},
        {"text": "never reached"},
    ]))
    .unwrap();
    let client = client(&server, "openai", json!({}));
    let started = Instant::now();
    let error = client
        .chat(request(vec![Message::user("hi")], Vec::new()))
        .await
        .unwrap_err();
    assert!(started.elapsed() < Duration::from_secs(5));
    let message = error.to_string();
    assert!(message.contains("429"), "{message}");
    assert!(message.contains("retry after 1h"), "{message}");
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn slow_answer_times_out_without_retry() {
    let server = ScriptedModel::start(&json!([
        {"delay_ms": 5000, "text": "too late"},
        {"text": "a retry would get this"},
    ]))
    .unwrap();
    let client = client(&server, "openai", json!({"timeout": "1s"}));
    let started = Instant::now();
    let error = client
        .chat(request(vec![Message::user("hi")], Vec::new()))
        .await
        .unwrap_err();
    assert_eq!(error, ModelError::Timeout(Duration::from_secs(1)));
    assert_eq!(error.to_string(), "the model did not answer within 1s");
    assert!(started.elapsed() < Duration::from_secs(4));
    assert!(
        server
            .wait_for_async(Duration::from_secs(3), |e| e["event"] == "client_closed")
            .await
            .is_some(),
        "the timed-out request's connection stayed open"
    );
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn malformed_json_is_reported_with_an_excerpt() {
    let server = ScriptedModel::start(&json!([
        {"raw": "{\"choices\": [{\"message\": oops"},
        {"expect": "anthropic", "raw": "{\"type\": \"message\", \"content\": 7}"},
    ]))
    .unwrap();
    let openai = client(&server, "openai", json!({}));
    let error = openai
        .chat(request(vec![Message::user("hi")], Vec::new()))
        .await
        .unwrap_err();
    let ModelError::Malformed(message) = &error else {
        panic!("{error:?}")
    };
    assert!(
        message.contains("{\"choices\": [{\"message\": oops"),
        "{message}"
    );
    assert_eq!(
        server.requests().len(),
        1,
        "malformed answers are not retried"
    );

    let anthropic = client(&server, "anthropic", json!({}));
    let error = anthropic
        .chat(request(vec![Message::user("hi")], Vec::new()))
        .await
        .unwrap_err();
    assert!(
        matches!(&error, ModelError::Malformed(m) if m.contains("no `content` blocks")),
        "{error:?}"
    );
}

#[tokio::test]
async fn connection_refused_is_a_transport_error() {
    // A port nobody listens on: bind one, then free it.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let url = format!("http://127.0.0.1:{port}/v1");
    let client = connect(&settings("openai", &url, json!({"maxRetries": 1})));
    let error = client
        .chat(request(vec![Message::user("hi")], Vec::new()))
        .await
        .unwrap_err();
    let ModelError::Transport(message) = &error else {
        panic!("{error:?}")
    };
    assert!(
        message.starts_with(&format!("cannot reach the openai model at {url}")),
        "{message}"
    );
    assert!(message.contains("refused"), "{message}");
    assert!(message.ends_with("(gave up after 1 retry)"), "{message}");
}

#[tokio::test]
async fn a_dropped_connection_is_retried() {
    let server = ScriptedModel::start(&json!([{"close": true}, {"text": "reconnected"}])).unwrap();
    let client = client(&server, "openai", json!({}));
    let answer = client
        .chat(request(vec![Message::user("hi")], Vec::new()))
        .await
        .unwrap();
    assert_eq!(answer.text, "reconnected");
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn dropping_the_future_cancels_the_request() {
    let server = ScriptedModel::start(&json!([
        {"delay_ms": 5000, "text": "too late"},
        {"text": "a retry would get this"},
    ]))
    .unwrap();
    let client = client(&server, "anthropic", json!({}));
    let mut chat = client.chat(request(vec![Message::user("hi")], Vec::new()));
    // The editor cancels while the model is thinking: the future is dropped.
    tokio::select! {
        answer = &mut chat => panic!("answered before the delay: {answer:?}"),
        seen = server.wait_for_async(Duration::from_secs(10), |e| e["seq"] == 1) => {
            assert!(seen.is_some(), "the request never arrived");
        }
    }
    drop(chat);
    let closed = server
        .wait_for_async(Duration::from_secs(3), |e| e["event"] == "client_closed")
        .await;
    assert_eq!(
        closed.expect("the server saw the connection closed")["seq"],
        1
    );
    tokio::time::sleep(Duration::from_millis(1200)).await;
    assert_eq!(server.requests().len(), 1, "no retry after cancellation");
}

/// Captures everything `tracing` emits (every target, TRACE level: reqwest and hyper too).
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn the_key_is_sent_but_never_in_errors_or_logs() {
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    // Providers that echo what they were given (a proxy's error, a bad key).
    let server = ScriptedModel::start(&json!([
        {"status": 500, "message": format!("upstream said: bad header {KEY}")},
        {"status": 401, "message": format!("Incorrect API key provided: {KEY}.")},
        {"expect": "anthropic", "raw": format!("{{\"oops\": \"{KEY}\"")},
    ]))
    .unwrap();
    let openai = client(&server, "openai", json!({}));
    let anthropic = client(&server, "anthropic", json!({}));
    let mut errors = Vec::new();
    errors.push(
        openai
            .chat(request(vec![Message::user("hi")], Vec::new()))
            .await
            .unwrap_err(),
    );
    errors.push(
        anthropic
            .chat(request(vec![Message::user("hi")], Vec::new()))
            .await
            .unwrap_err(),
    );
    assert!(matches!(
        errors[0],
        ModelError::Provider { status: 401, .. }
    ));
    assert!(matches!(errors[1], ModelError::Malformed(_)));
    for error in &errors {
        let shown = format!("{error} {error:?}");
        assert!(!shown.contains(KEY), "{shown}");
        assert!(shown.contains("[redacted]"), "{shown}");
    }
    assert!(!openai.describe().contains(KEY));
    assert!(!anthropic.describe().contains(KEY));

    // It was sent, in the right header of each protocol.
    let requests = server.requests();
    let fingerprint = ScriptedModel::key_fingerprint(KEY);
    assert_eq!(
        requests[0]["headers"]["authorization"],
        format!("Bearer {fingerprint}")
    );
    assert_eq!(requests[2]["headers"]["x-api-key"], fingerprint);

    let logs = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    assert!(
        logs.contains("model request"),
        "nothing was captured: {logs}"
    );
    assert!(logs.contains("retrying"), "{logs}");
    assert!(!logs.contains(KEY), "the key leaked into the logs:\n{logs}");
}

#[test]
fn not_configured_is_a_helpful_message() {
    assert!(
        model::from_settings(&ModelSettings::default())
            .unwrap()
            .is_none()
    );
    let message = model::not_configured_message();
    for needed in [
        "\"provider\": \"openai\"",
        "\"provider\": \"anthropic\"",
        "\"provider\": \"mcp-sampling\"",
        "OPENAI_API_KEY",
        "ANTHROPIC_API_KEY",
        "http://localhost:11434/v1",
        "apiKeyEnv",
        "baseUrl",
    ] {
        assert!(
            message.contains(needed),
            "{needed} missing from:\n{message}"
        );
    }
    assert!(message.lines().count() > 5);
}

#[test]
fn incomplete_settings_say_what_is_missing() {
    let no_key = |_: &str| None;
    // The hosted API needs a key; its variable is named.
    let hosted: ModelSettings =
        serde_json::from_value(json!({"provider": "openai", "model": "gpt-4.1-mini"})).unwrap();
    let error = model::from_settings_with(&hosted, &no_key, None)
        .err()
        .unwrap();
    assert!(
        matches!(&error, ModelError::Config(m) if m.contains("OPENAI_API_KEY")),
        "{error:?}"
    );
    let named = settings("anthropic", "http://127.0.0.1:9", json!({}));
    let error = model::from_settings_with(&named, &no_key, None)
        .err()
        .unwrap();
    assert!(error.to_string().contains(KEY_ENV), "{error}");
    // A local server needs none.
    let local: ModelSettings = serde_json::from_value(json!({
        "provider": "openai", "baseUrl": "http://localhost:11434/v1", "model": "qwen2.5-coder:7b"
    }))
    .unwrap();
    let client = model::from_settings_with(&local, &no_key, None)
        .unwrap()
        .unwrap();
    assert_eq!(
        client.describe(),
        "openai qwen2.5-coder:7b at http://localhost:11434/v1"
    );
    // No model name.
    let unnamed: ModelSettings = serde_json::from_value(json!({"provider": "anthropic"})).unwrap();
    let error = model::from_settings_with(&unnamed, &test_env, None)
        .err()
        .unwrap();
    assert!(error.to_string().contains("model.model"), "{error}");
    let zero = settings("openai", "http://127.0.0.1:9/v1", json!({"timeout": "0s"}));
    let error = model::from_settings_with(&zero, &test_env, None)
        .err()
        .unwrap();
    assert!(error.to_string().contains("model.timeout"), "{error}");
    // Bad values in the settings file are refused when it is read.
    assert!(serde_json::from_value::<ModelSettings>(json!({"provider": "gemini"})).is_err());
    assert!(serde_json::from_value::<ModelSettings>(json!({"timeout": "soon"})).is_err());
}

#[test]
fn model_settings_round_trip_through_json() {
    // The language server merges settings as JSON: what serializes must read back.
    let settings: codemode_service::Settings = serde_json::from_value(json!({"model": {
        "provider": "anthropic", "model": "claude-sonnet-4-5", "timeout": "90s",
        "temperature": 0.2, "maxTokens": 1000,
    }}))
    .unwrap();
    let text = serde_json::to_string(&settings).unwrap();
    let back: codemode_service::Settings = serde_json::from_str(&text).unwrap();
    assert_eq!(back.model, settings.model);
    assert_eq!(back.model.timeout, Duration::from_secs(90));
    assert_eq!(back.model.temperature, Some(0.2));
    assert!(text.contains("\"timeout\":\"1m 30s\""), "{text}");
}

#[test]
fn mcp_sampling_needs_a_connected_host() {
    let sampling: ModelSettings =
        serde_json::from_value(json!({"provider": "mcp-sampling"})).unwrap();
    let error = model::from_settings(&sampling).err().unwrap();
    assert!(
        matches!(&error, ModelError::Config(m) if m.contains("MCP host")),
        "{error:?}"
    );
    // The MCP front supplies the backend when a host that offers sampling is connected.
    let host = connect(&settings("openai", "http://127.0.0.1:9/v1", json!({})));
    let chosen = model::from_settings_with(&sampling, &test_env, Some(host.clone()))
        .unwrap()
        .unwrap();
    assert_eq!(chosen.describe(), host.describe());
    // Under the settings' deadline (a supplied backend has none of its own).
    let zero: ModelSettings =
        serde_json::from_value(json!({"provider": "mcp-sampling", "timeout": "0s"})).unwrap();
    let error = model::from_settings_with(&zero, &test_env, Some(host))
        .err()
        .unwrap();
    assert!(error.to_string().contains("model.timeout"), "{error}");
}

/// `from_settings` reads the key from the real process environment: this test runs itself
/// again as a child process with the variable set.
#[test]
fn the_key_comes_from_the_process_environment() {
    if let Ok(url) = std::env::var("CODEMODE_TEST_MODEL_URL") {
        let settings = settings("openai", &url, json!({}));
        let client = model::from_settings(&settings).unwrap().unwrap();
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        let answer = runtime
            .block_on(client.chat(request(vec![Message::user("hi")], Vec::new())))
            .unwrap();
        assert_eq!(answer.text, "from the environment");
        return;
    }
    let server = ScriptedModel::start(&json!([{"text": "from the environment"}])).unwrap();
    let status = std::process::Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "the_key_comes_from_the_process_environment",
            "--quiet",
        ])
        .env("CODEMODE_TEST_MODEL_URL", server.openai_url())
        .env(KEY_ENV, KEY)
        .stdout(std::process::Stdio::null())
        .status()
        .unwrap();
    assert!(status.success());
    let requests = server.requests();
    assert_eq!(requests.len(), 1);
    assert_eq!(
        requests[0]["headers"]["authorization"],
        format!("Bearer {}", ScriptedModel::key_fingerprint(KEY))
    );
}

/// Requests of every shape the AI loops send (system prompt, tools, a tool call, a tool error,
/// temperature), for both protocols. With `CODEMODE_MODEL_BODIES_OUT=DIR` the bodies are
/// written to `DIR/{openai,anthropic}.json`: `tests/scripted-model/test_sdk_conformance.py`
/// validates them against the official SDKs' request types.
#[tokio::test]
async fn sdk_request_bodies() {
    let out = std::env::var_os("CODEMODE_MODEL_BODIES_OUT").map(std::path::PathBuf::from);
    for provider in ["openai", "anthropic"] {
        let server = ScriptedModel::start(&json!([
            {"expect": provider, "tool_calls": [
                {"name": "run_in_sandbox", "arguments": {"code": "print(1)"}},
                {"name": "run_in_sandbox", "arguments": {"code": "1/0"}},
            ]},
            {"expect": provider, "text": "Done."},
        ]))
        .unwrap();
        let client = client(&server, provider, json!({}));
        let mut messages = vec![Message::user("Fix this:\n\n```python\nprint(x)\n```")];
        let mut req = request(messages.clone(), vec![run_tool()]);
        req.temperature = Some(0.2);
        let first = client.chat(req.clone()).await.unwrap();
        assert_eq!(first.tool_calls.len(), 2);
        messages.push(first.to_message());
        messages.push(Message::tool_result(
            first.tool_calls[0].id.clone(),
            "1\n",
            false,
        ));
        messages.push(Message::tool_result(
            first.tool_calls[1].id.clone(),
            "ZeroDivisionError: division by zero",
            true,
        ));
        messages.push(Message::user("Now answer with the fix."));
        req.messages = messages;
        let second = client.chat(req).await.unwrap();
        assert_eq!(second.text, "Done.");
        let bodies: Vec<Value> = server
            .requests()
            .into_iter()
            .map(|r| r["body"].clone())
            .collect();
        assert_eq!(bodies.len(), 2);
        if let Some(dir) = &out {
            std::fs::create_dir_all(dir).unwrap();
            std::fs::write(
                dir.join(format!("{provider}.json")),
                serde_json::to_vec_pretty(&bodies).unwrap(),
            )
            .unwrap();
        }
    }
}
