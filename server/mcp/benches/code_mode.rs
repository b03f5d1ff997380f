//! The token benchmark of Anthropic's "Code execution with MCP" scenario, replayed locally:
//! copy a long meeting transcript from a document store into a CRM record.
//!
//! - **Direct tool calling**: every upstream tool definition is in the model's context up
//!   front; the model calls `docs/get_document` (the transcript comes back into its context)
//!   and then `crm/update_record` with the transcript as an argument (it writes it out again).
//! - **Code mode**: the model sees codemode's own tools, browses the upstream tools on demand
//!   (`list_servers`, then the `.py` stubs of the two tools it needs), and sends one `execute_code`
//!   whose program moves the transcript inside the sandbox.
//!
//! Everything is real: both upstreams are MCP Python SDK servers (tests/mcp/upstreams), the
//! calls go through `codemode-mcp` in-process over an rmcp client, and every message the
//! model would see is counted with `tiktoken-rs` o200k_base. Also measured: the latency of
//! `execute_code` with one upstream call (p50 over 30 runs).
//!
//!   tests/mcp/setup.sh && cargo bench -p codemode-mcp --bench code_mode

#![allow(clippy::print_stdout)]

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use codemode_mcp::McpServer;
use codemode_runtimes::{CodeCache, Runtimes, Sandbox};
use codemode_service::Settings;
use rmcp::ServiceExt;
use rmcp::model::{CallToolRequestParams, CallToolResult, Tool};
use serde_json::{Value, json};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

struct Counter(tiktoken_rs::CoreBPE);

impl Counter {
    fn tokens(&self, text: &str) -> usize {
        self.0.encode_with_special_tokens(text).len()
    }
    fn json(&self, value: &impl serde::Serialize) -> usize {
        self.tokens(&serde_json::to_string(value).expect("json"))
    }
}

/// What a model sees of a tool definition (name, description, input schema).
fn definitions(tools: &[Tool]) -> Value {
    Value::Array(
        tools
            .iter()
            .map(|t| {
                json!({"name": t.name, "description": t.description, "input_schema": t.input_schema})
            })
            .collect(),
    )
}

fn result_text(result: &CallToolResult) -> String {
    result
        .content
        .iter()
        .filter_map(|c| c.as_text().map(|t| t.text.clone()))
        .collect::<Vec<_>>()
        .join("\n")
}

fn args(value: Value) -> serde_json::Map<String, Value> {
    value.as_object().expect("object").clone()
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let python = std::env::var_os("CODEMODE_MCP_PYTHON")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("target/tools/mcp-venv/bin/python"));
    anyhow::ensure!(
        python.exists(),
        "{} is missing: run tests/mcp/setup.sh first",
        python.display()
    );
    let upstream = root().join("tests/mcp/upstreams/workplace.py");
    let db = tempfile::tempdir()?;
    let settings: Settings = serde_json::from_value(json!({
        "limits": {"timeout": "60s"},
        "mcpServers": {
            "docs": {"command": python, "args": [upstream, "docs", "stdio"]},
            "crm": {"command": python, "args": [upstream, "crm", "stdio"],
                    "env": {"CRM_DB": db.path().join("crm.json")}},
        },
    }))?;
    let cache = std::env::var_os("CODEMODE_CACHE_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("target/test-cache"));
    let runtimes = Arc::new(Runtimes::new(
        Sandbox::new(CodeCache::new(Some(cache)))?,
        settings.runtimes.clone(),
    ));
    let server = McpServer::builder(settings.clone(), runtimes).build();
    let (client_io, server_io) = tokio::io::duplex(1 << 20);
    let (server_read, server_write) = tokio::io::split(server_io);
    tokio::spawn({
        let server = server.clone();
        async move { server.serve_io(server_read, server_write).await }
    });
    let client = ().serve(client_io).await?;
    let counter = Counter(tiktoken_rs::o200k_base()?);

    // Direct tool calling, against the same upstream servers.
    let mut direct_defs = Vec::new();
    let mut upstream_clients = Vec::new();
    for (name, config) in &settings.mcp_servers {
        let mut cmd = tokio::process::Command::new(config.command.as_deref().expect("stdio"));
        cmd.args(&config.args).envs(&config.env);
        let service = ().serve(rmcp::transport::TokioChildProcess::new(cmd)?).await?;
        for mut tool in service.peer().list_all_tools().await? {
            tool.name = format!("{name}__{}", tool.name).into();
            direct_defs.push(tool);
        }
        upstream_clients.push((name.clone(), service));
    }
    let docs = &upstream_clients
        .iter()
        .find(|(n, _)| n == "docs")
        .expect("docs")
        .1;
    let crm = &upstream_clients
        .iter()
        .find(|(n, _)| n == "crm")
        .expect("crm")
        .1;
    let get_args = json!({"document_id": "abc123"});
    let transcript = result_text(
        &docs
            .call_tool(
                CallToolRequestParams::new("get_document").with_arguments(args(get_args.clone())),
            )
            .await?,
    );
    let update_args = json!({"object_type": "Lead", "record_id": "00Q5f000001",
                             "data": {"Notes": transcript}});
    let update_result = crm
        .call_tool(
            CallToolRequestParams::new("update_record").with_arguments(args(update_args.clone())),
        )
        .await?;
    let direct = [
        (
            "tool definitions (all upstream tools, up front)",
            counter.json(&definitions(&direct_defs)),
        ),
        ("call docs__get_document", counter.json(&get_args)),
        ("its result: the transcript", counter.tokens(&transcript)),
        (
            "call crm__update_record with the transcript",
            counter.json(&update_args),
        ),
        ("its result", counter.tokens(&result_text(&update_result))),
    ];

    // Code mode, through codemode.
    let own_tools = client.peer().list_all_tools().await?;
    let listed = client
        .call_tool(CallToolRequestParams::new("list_servers"))
        .await?;
    // Browse the file tree: read the stubs of the two tools the task needs.
    let mut browse = Vec::new();
    for uri in [
        "codemode://servers/docs/get_document.py",
        "codemode://servers/crm/update_record.py",
    ] {
        let read = client
            .read_resource(rmcp::model::ReadResourceRequestParams::new(uri))
            .await?;
        let text: String = read
            .contents
            .iter()
            .filter_map(|c| match c {
                rmcp::model::ResourceContents::TextResourceContents { text, .. } => {
                    Some(text.clone())
                }
                _ => None,
            })
            .collect();
        browse.push(format!("{uri}\n{text}"));
    }
    let code = "from servers import docs, crm\n\
                transcript = docs.get_document(document_id=\"abc123\")\n\
                crm.update_record(object_type=\"Lead\", record_id=\"00Q5f000001\", data={\"Notes\": transcript})\n\
                print(f\"attached {len(transcript)} characters\")\n";
    let execute_args = json!({"language": "python", "code": code});
    let executed = client
        .call_tool(
            CallToolRequestParams::new("execute_code").with_arguments(args(execute_args.clone())),
        )
        .await?;
    anyhow::ensure!(
        executed.is_error != Some(true),
        "execute_code failed: {}",
        result_text(&executed)
    );
    let code_mode = [
        (
            "codemode's own tool definitions",
            counter.json(&definitions(&own_tools)),
        ),
        (
            "list_servers and its result",
            counter.tokens(&result_text(&listed)) + 10,
        ),
        (
            "read the stubs of the two tools (servers/<server>/<tool>.py)",
            browse.iter().map(|b| counter.tokens(b)).sum(),
        ),
        (
            "execute_code call (the program)",
            counter.json(&execute_args),
        ),
        ("its result", counter.tokens(&result_text(&executed))),
    ];

    let direct_total: usize = direct.iter().map(|(_, n)| n).sum();
    let code_total: usize = code_mode.iter().map(|(_, n)| n).sum();
    println!("## Tokens the model sees (o200k_base)\n");
    println!("| direct tool calling | tokens |\n|---|---:|");
    for (what, n) in &direct {
        println!("| {what} | {n} |");
    }
    println!("| **total** | **{direct_total}** |\n");
    println!("| code mode | tokens |\n|---|---:|");
    for (what, n) in &code_mode {
        println!("| {what} | {n} |");
    }
    println!("| **total** | **{code_total}** |\n");
    let saved = 100.0 * (1.0 - code_total as f64 / direct_total as f64);
    println!("Code mode uses {saved:.2}% fewer tokens ({direct_total} → {code_total}).\n");

    // Latency of execute_code with one upstream call (warm: runtimes loaded, upstream connected).
    let one_call = json!({"language": "python", "code":
        "from servers import crm\ncrm.get_record(record_id=\"00Q5f000001\")[\"name\"]"});
    let mut samples = Vec::new();
    for i in 0..33 {
        let started = Instant::now();
        let result = client
            .call_tool(
                CallToolRequestParams::new("execute_code").with_arguments(args(one_call.clone())),
            )
            .await?;
        anyhow::ensure!(result.is_error != Some(true), "{}", result_text(&result));
        if i >= 3 {
            samples.push(started.elapsed());
        }
    }
    samples.sort();
    let p = |q: f64| samples[((samples.len() - 1) as f64 * q).round() as usize];
    println!(
        "execute_code with one upstream call (Python, {} runs): p50 {:.1} ms, p90 {:.1} ms, min {:.1} ms",
        samples.len(),
        ms(p(0.5)),
        ms(p(0.9)),
        ms(samples[0])
    );
    client.cancel().await?;
    server.shutdown().await;
    if saved < 98.7 {
        anyhow::bail!("code mode saved {saved:.2}%, below the 98.7% target");
    }
    Ok(())
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}
