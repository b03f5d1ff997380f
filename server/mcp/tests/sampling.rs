//! MCP sampling as codemode's model, through the real protocol in-process: rmcp clients that
//! offer sampling (a `ClientHandler::create_message` answering from a script) connect to
//! `McpServer` over duplex streams; the model the front's hook receives is asked like any
//! other backend, and what reached the host is checked on the wire (JSON of the request).
#![allow(deprecated)] // sampling is deprecated by the 2026-07-28 revision (SEP-2577)

use std::collections::VecDeque;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use codemode_mcp::{McpServer, SamplingHook};
use codemode_runtimes::{CodeCache, Runtimes, Sandbox};
use codemode_service::model::{
    self, ChatRequest, Message, ModelClient, ModelError, StopReason, ToolCall, ToolSpec,
};
use codemode_service::settings::ModelSettings;
use rmcp::model::{
    CancelledNotificationParam, ClientCapabilities, ClientConfig, CreateMessageRequestParams,
    CreateMessageResult, ErrorCode, Implementation, ProtocolVersion, Role, SamplingMessage,
    SamplingMessageContentBlock,
};
use rmcp::service::{NotificationContext, RequestContext, RunningService};
use rmcp::{ClientHandler, ErrorData, RoleClient, ServiceExt};
use serde_json::{Value, json};

/// What the scripted host answers to one `sampling/createMessage`.
#[derive(Clone)]
enum Answer {
    Result(CreateMessageResult),
    Refuse(ErrorData),
    /// Never answers (the request must be cancelled).
    Hang,
}

#[derive(Clone)]
struct Host {
    name: &'static str,
    sampling: bool,
    tools: bool,
    script: Arc<Mutex<VecDeque<Answer>>>,
    /// The requests as JSON, as they came over the wire.
    seen: Arc<Mutex<Vec<Value>>>,
    cancelled: Arc<Mutex<Vec<CancelledNotificationParam>>>,
}

impl Host {
    fn new(name: &'static str, sampling: bool, tools: bool, script: Vec<Answer>) -> Self {
        Self {
            name,
            sampling,
            tools,
            script: Arc::new(Mutex::new(script.into())),
            seen: Arc::default(),
            cancelled: Arc::default(),
        }
    }

    fn seen(&self) -> Vec<Value> {
        self.seen.lock().unwrap().clone()
    }
}

impl ClientHandler for Host {
    fn get_info(&self) -> ClientConfig {
        let capabilities = match (self.sampling, self.tools) {
            (false, _) => ClientCapabilities::default(),
            (true, false) => ClientCapabilities::builder().enable_sampling().build(),
            (true, true) => ClientCapabilities::builder()
                .enable_sampling()
                .enable_sampling_tools()
                .build(),
        };
        // What VS Code and the Python SDK ask for.
        ClientConfig::new(capabilities, Implementation::new(self.name, "1.0"))
            .with_protocol_version(ProtocolVersion::V_2025_11_25)
    }

    async fn create_message(
        &self,
        params: CreateMessageRequestParams,
        _context: RequestContext<RoleClient>,
    ) -> Result<CreateMessageResult, ErrorData> {
        self.seen
            .lock()
            .unwrap()
            .push(serde_json::to_value(&params).unwrap());
        let answer = self.script.lock().unwrap().pop_front();
        match answer {
            Some(Answer::Result(result)) => Ok(result),
            Some(Answer::Refuse(error)) => Err(error),
            Some(Answer::Hang) => std::future::pending().await,
            None => Err(ErrorData::internal_error("the script is over", None)),
        }
    }

    async fn on_cancelled(
        &self,
        params: CancelledNotificationParam,
        _context: NotificationContext<RoleClient>,
    ) {
        self.cancelled.lock().unwrap().push(params);
    }
}

fn runtimes() -> Arc<Runtimes> {
    let cache = std::env::var_os("CODEMODE_CACHE_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target/test-cache")
        });
    Arc::new(Runtimes::new(
        Sandbox::new(CodeCache::new(Some(cache))).unwrap(),
        Default::default(),
    ))
}

type Events = Arc<Mutex<Vec<Option<Arc<dyn ModelClient>>>>>;

/// An MCP server whose sampling hook records what it is handed.
fn server() -> (McpServer, Events) {
    let events: Events = Arc::default();
    let hook: SamplingHook = {
        let events = Arc::clone(&events);
        Arc::new(move |model| events.lock().unwrap().push(model))
    };
    let server = McpServer::builder(Default::default(), runtimes())
        .on_sampling_host(hook)
        .build();
    (server, events)
}

async fn connect(server: &McpServer, host: Host) -> RunningService<RoleClient, Host> {
    let (client_io, server_io) = tokio::io::duplex(1 << 20);
    let (read, write) = tokio::io::split(server_io);
    tokio::spawn({
        let server = server.clone();
        async move { server.serve_io(read, write).await }
    });
    host.serve(client_io).await.unwrap()
}

/// Waits until the hook has been called `n` times; returns the last model handed over.
async fn event(events: &Events, n: usize) -> Option<Arc<dyn ModelClient>> {
    for _ in 0..500 {
        {
            let events = events.lock().unwrap();
            if events.len() >= n {
                assert_eq!(events.len(), n, "more hook calls than expected");
                return events[n - 1].clone();
            }
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    panic!(
        "the hook was called {} times, not {n}",
        events.lock().unwrap().len()
    );
}

fn spec(name: &str, description: &str) -> ToolSpec {
    ToolSpec {
        name: name.into(),
        description: description.into(),
        parameters: json!({
            "type": "object",
            "properties": {"code": {"type": "string"}},
            "required": ["code"],
        }),
    }
}

/// A conversation in the middle of a round: the model ran code, got its result.
fn request() -> ChatRequest {
    ChatRequest {
        system: "You fix Python snippets.".into(),
        messages: vec![
            Message::user("Fix `sum(price)`."),
            Message::Assistant {
                text: "Let me try.".into(),
                tool_calls: vec![ToolCall {
                    id: "call_7".into(),
                    name: "run_in_sandbox".into(),
                    arguments: json!({"code": "print(sum([3, 4]))"}),
                }],
            },
            Message::tool_result("call_7", "stdout:\n7", false),
        ],
        tools: vec![
            spec("run_in_sandbox", "Run a program."),
            spec("propose_fix", "Propose the fix."),
        ],
        max_tokens: 777,
        temperature: Some(0.25),
    }
}

fn answer(blocks: Vec<SamplingMessageContentBlock>, stop: &str) -> Answer {
    Answer::Result(
        CreateMessageResult::new(
            SamplingMessage::new_multiple(Role::Assistant, blocks),
            "host-model-1".into(),
        )
        .with_stop_reason(stop),
    )
}

#[tokio::test(flavor = "multi_thread")]
async fn a_host_with_sampling_tools_gets_the_tools_and_its_tool_use_becomes_a_call() {
    let (server, events) = server();
    let propose = json!({"code": "    return sum(prices) * TAX", "start_line": 7});
    let host = Host::new(
        "tool-host",
        true,
        true,
        vec![
            answer(
                vec![
                    SamplingMessageContentBlock::text("The name is misspelt."),
                    SamplingMessageContentBlock::tool_use(
                        "toolu_1",
                        "propose_fix",
                        propose.as_object().unwrap().clone(),
                    ),
                ],
                CreateMessageResult::STOP_REASON_TOOL_USE,
            ),
            Answer::Refuse(ErrorData::new(
                ErrorCode(-1),
                "User rejected sampling request",
                None,
            )),
        ],
    );
    let client = connect(&server, host.clone()).await;
    let model = event(&events, 1).await.expect("the host's model");
    assert_eq!(
        model.describe(),
        "MCP sampling through tool-host 1.0 (with tools)"
    );

    let response = model.chat(request()).await.unwrap();
    assert_eq!(response.text, "The name is misspelt.");
    assert_eq!(
        response.tool_calls,
        vec![ToolCall {
            id: "toolu_1".into(),
            name: "propose_fix".into(),
            arguments: propose,
        }]
    );
    assert_eq!(response.stop, StopReason::ToolUse);
    assert_eq!(response.usage.total(), 0, "MCP reports no tokens");
    assert!(!model.reports_usage());

    let [sent] = &host.seen()[..] else {
        panic!("{:?}", host.seen())
    };
    assert_eq!(sent["systemPrompt"], "You fix Python snippets.");
    assert_eq!(sent["maxTokens"], 777);
    assert_eq!(sent["temperature"], 0.25);
    assert_eq!(sent["toolChoice"], json!({"mode": "auto"}));
    assert_eq!(sent["tools"][0]["name"], "run_in_sandbox");
    assert_eq!(sent["tools"][1]["name"], "propose_fix");
    assert_eq!(sent["tools"][1]["description"], "Propose the fix.");
    assert_eq!(sent["tools"][1]["inputSchema"]["required"], json!(["code"]));
    let messages = sent["messages"].as_array().unwrap();
    assert_eq!(messages.len(), 3);
    assert_eq!(
        messages[0],
        json!({"role": "user", "content": {"type": "text", "text": "Fix `sum(price)`."}})
    );
    assert_eq!(messages[1]["role"], "assistant");
    assert_eq!(
        messages[1]["content"],
        json!([
            {"type": "text", "text": "Let me try."},
            {"type": "tool_use", "id": "call_7", "name": "run_in_sandbox",
             "input": {"code": "print(sum([3, 4]))"}},
        ])
    );
    assert_eq!(
        messages[2],
        json!({"role": "user", "content": [{"type": "tool_result", "toolUseId": "call_7",
            "content": [{"type": "text", "text": "stdout:\n7"}], "isError": false}]})
    );

    // The user says no in the host: a clear error naming the host and its reason.
    let error = model.chat(request()).await.unwrap_err();
    assert!(matches!(error, ModelError::Refused(_)), "{error:?}");
    assert_eq!(
        error.to_string(),
        "the MCP host tool-host 1.0 declined the sampling request: User rejected sampling \
         request (code -1)"
    );
    client.cancel().await.unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn a_host_without_sampling_tools_reads_them_in_the_prompt_and_answers_in_fenced_json() {
    let (server, events) = server();
    let call = "I will run it first.\n```json\n{\"tool\": \"run_in_sandbox\", \"arguments\": \
                {\"code\": \"print(1)\"}}\n```";
    let host = Host::new(
        "text-host",
        true,
        false,
        vec![
            answer(
                vec![SamplingMessageContentBlock::text(call)],
                CreateMessageResult::STOP_REASON_END_TURN,
            ),
            answer(
                vec![SamplingMessageContentBlock::text(
                    "Fixed:\n```python\nreturn sum(prices)\n```",
                )],
                CreateMessageResult::STOP_REASON_END_MAX_TOKEN,
            ),
        ],
    );
    let client = connect(&server, host.clone()).await;
    let model = event(&events, 1).await.expect("the host's model");
    assert!(model.describe().contains("tools described in the prompt"));

    let response = model.chat(request()).await.unwrap();
    assert_eq!(response.text, "I will run it first.");
    assert_eq!(response.stop, StopReason::ToolUse);
    let [call] = &response.tool_calls[..] else {
        panic!("{response:?}")
    };
    assert_eq!(call.name, "run_in_sandbox");
    assert_eq!(call.arguments, json!({"code": "print(1)"}));
    assert!(!call.id.is_empty());

    // The answer goes back into the conversation, with its result, as text.
    let mut next = request();
    next.messages.push(response.to_message());
    next.messages
        .push(Message::tool_result(call.id.clone(), "stdout:\n1", false));
    let response = model.chat(next).await.unwrap();
    assert!(response.tool_calls.is_empty());
    assert_eq!(response.text, "Fixed:\n```python\nreturn sum(prices)\n```");
    assert_eq!(response.stop, StopReason::MaxTokens);

    let seen = host.seen();
    let first = &seen[0];
    assert!(
        first.get("tools").is_none() && first.get("toolChoice").is_none(),
        "{first}"
    );
    let system = first["systemPrompt"].as_str().unwrap();
    assert!(
        system.starts_with("You fix Python snippets.\n\n"),
        "{system}"
    );
    assert!(
        system.contains("- `run_in_sandbox`: Run a program."),
        "{system}"
    );
    assert!(
        system.contains("- `propose_fix`: Propose the fix."),
        "{system}"
    );
    assert!(system.contains("\"required\":[\"code\"]"), "{system}");
    assert!(
        system.contains("```json\n{\"tool\": \"<tool name>\""),
        "{system}"
    );
    // Turns alternate; the earlier call and its result are text.
    let roles: Vec<&str> = seen[1]["messages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["role"].as_str().unwrap())
        .collect();
    assert_eq!(roles, ["user", "assistant", "user", "assistant", "user"]);
    let text = |i: usize| {
        seen[1]["messages"][i]["content"]["text"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    assert!(
        text(1).starts_with("Let me try.\n\n```json\n"),
        "{}",
        text(1)
    );
    assert!(
        text(1).contains("\"tool\": \"run_in_sandbox\""),
        "{}",
        text(1)
    );
    assert_eq!(text(2), "Result of your `run_in_sandbox` call:\nstdout:\n7");
    assert!(text(3).contains("I will run it first.") && text(3).contains("print(1)"));
    assert_eq!(text(4), "Result of your `run_in_sandbox` call:\nstdout:\n1");
    client.cancel().await.unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn the_deadline_and_dropping_the_request_cancel_it_on_the_host() {
    let (server, events) = server();
    let host = Host::new("slow-host", true, true, vec![Answer::Hang, Answer::Hang]);
    let client = connect(&server, host.clone()).await;
    let supplied = event(&events, 1).await.expect("the host's model");

    // The settings' timeout applies around the host's model.
    let settings: ModelSettings =
        serde_json::from_value(json!({"provider": "mcp-sampling", "timeout": "1s"})).unwrap();
    let model = model::from_settings_with(&settings, &|_| None, Some(Arc::clone(&supplied)))
        .unwrap()
        .unwrap();
    let started = std::time::Instant::now();
    let error = model.chat(request()).await.unwrap_err();
    assert_eq!(error, ModelError::Timeout(Duration::from_secs(1)));
    assert!(started.elapsed() < Duration::from_secs(3));

    // The user cancels: the future is dropped while the host thinks.
    let asking = tokio::spawn(async move { supplied.chat(request()).await });
    for _ in 0..300 {
        if host.seen().len() == 2 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    assert_eq!(host.seen().len(), 2);
    asking.abort();

    for _ in 0..300 {
        if host.cancelled.lock().unwrap().len() == 2 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    let cancelled = host.cancelled.lock().unwrap().clone();
    assert_eq!(
        cancelled.len(),
        2,
        "one notifications/cancelled per request"
    );
    assert_ne!(cancelled[0].request_id, cancelled[1].request_id);
    client.cancel().await.unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn the_most_recent_sampling_host_wins_and_leaving_hands_back() {
    let (server, events) = server();
    let first = connect(&server, Host::new("first", true, false, vec![])).await;
    assert!(
        event(&events, 1)
            .await
            .unwrap()
            .describe()
            .contains("first 1.0")
    );
    // A host without sampling changes nothing.
    let plain = connect(&server, Host::new("plain", false, false, vec![])).await;
    let latest = connect(&server, Host::new("latest", true, true, vec![])).await;
    assert!(
        event(&events, 2)
            .await
            .unwrap()
            .describe()
            .contains("latest 1.0")
    );
    plain.cancel().await.unwrap();
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert_eq!(events.lock().unwrap().len(), 2);

    // The latest leaves: the first one, still connected, takes over; then none is left.
    latest.cancel().await.unwrap();
    assert!(
        event(&events, 3)
            .await
            .unwrap()
            .describe()
            .contains("first 1.0")
    );
    first.cancel().await.unwrap();
    assert!(event(&events, 4).await.is_none());
}
