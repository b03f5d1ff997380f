//! MCP served from the language server's process (`mcp.editorEndpoint`): an MCP host and the
//! editor share the open documents and the sandbox. This file is the LSP side of the editor
//! attachment — `codemode_mcp::Editor` over the session — and starts the endpoint.

use std::sync::Arc;
use std::time::Duration;

use futures::future::BoxFuture;
use serde_json::{Value, json};
use tower_lsp_server::ls_types::*;

use codemode_mcp::editor::{OpenDocument, ProposedEdit, Span};
use codemode_mcp::{Editor, EditorTools, HttpOptions, McpServer};
use codemode_runtimes::CancelHandle;
use codemode_service::RunTarget;
use codemode_service::text::{ByteEdit, Document};

use super::commands;
use super::convert;
use super::server::Backend;

/// The editor as an MCP host sees it.
pub struct LspEditor {
    backend: Backend,
}

/// Byte offset of (0-based line, code-point column) in `document`, clamped to the line.
fn offset(document: &Document, line: u32, character: u32) -> Option<usize> {
    let rope = document.rope();
    let line = line as usize;
    if line > rope.len_lines() {
        return None;
    }
    if line == rope.len_lines() {
        return Some(rope.len_bytes());
    }
    let start = rope.line_to_byte(line);
    let text = rope.line(line);
    let content = text.len_chars()
        - text
            .chars_at(text.len_chars())
            .reversed()
            .take_while(|c| *c == '\n' || *c == '\r')
            .count();
    let chars = (character as usize).min(content);
    Some(start + text.char_to_byte(chars))
}

fn byte_range(document: &Document, span: Span) -> Result<std::ops::Range<usize>, String> {
    let start = offset(document, span.start.line, span.start.character);
    let end = offset(document, span.end.line, span.end.character);
    match (start, end) {
        (Some(start), Some(end)) if start <= end => Ok(start..end),
        _ => Err(format!(
            "the range {}:{}–{}:{} is not in the document",
            span.start.line, span.start.character, span.end.line, span.end.character
        )),
    }
}

impl Editor for LspEditor {
    fn open_documents(&self) -> Vec<OpenDocument> {
        let documents = self.backend.session.documents();
        documents
            .uris()
            .filter_map(|uri| documents.get(uri))
            .map(|d| OpenDocument {
                uri: d.uri().to_owned(),
                language_id: d.language_id().to_owned(),
                version: d.version(),
                lines: d.rope().len_lines(),
                unsaved: d
                    .uri()
                    .strip_prefix("file://")
                    .and_then(|path| std::fs::read_to_string(path).ok())
                    .map(|on_disk| *on_disk != *d.text()),
            })
            .collect()
    }

    fn read(&self, uri: &str) -> Option<(i32, String)> {
        let documents = self.backend.session.documents();
        documents
            .get(uri)
            .map(|d| (d.version(), d.text().to_string()))
    }

    fn diagnostics(&self, uri: &str) -> Option<Value> {
        let parsed: Uri = uri.parse().ok()?;
        let documents = self.backend.session.documents();
        let document = documents.get(uri)?;
        let mut diagnostics: Vec<Diagnostic> = self
            .backend
            .session
            .results(uri)
            .iter()
            .filter(|r| r.version == document.version())
            .flat_map(|r| convert::diagnostics(document, &parsed, &r.outcome))
            .collect();
        diagnostics.extend(self.backend.session.findings(uri, document.version()));
        let plain: Vec<Value> = diagnostics
            .iter()
            .map(|d| {
                json!({
                    "line": d.range.start.line,
                    "endLine": d.range.end.line,
                    "severity": match d.severity {
                        Some(DiagnosticSeverity::ERROR) => "error",
                        Some(DiagnosticSeverity::WARNING) => "warning",
                        _ => "information",
                    },
                    "message": d.message,
                    "source": d.source,
                })
            })
            .collect();
        Some(Value::Array(plain))
    }

    fn run(&self, uri: String, range: Span) -> BoxFuture<'static, Result<Value, String>> {
        let backend = self.backend.clone();
        Box::pin(async move {
            let (snapshot, bytes) = {
                let documents = backend.session.documents();
                let document = documents
                    .get(&uri)
                    .ok_or_else(|| format!("{uri} is not open in the editor"))?;
                (document.snapshot(), byte_range(document, range)?)
            };
            let run = codemode_service::run::run(
                &backend.session.runtimes(),
                &backend.session.settings(),
                &snapshot,
                &RunTarget::Range(bytes),
                CancelHandle::new(),
            )
            .await
            .map_err(|e| e.to_string())?;
            // The editor shows the result too, as if the user had run it.
            commands::run::publish(&backend, run.clone()).await;
            Ok(json!({
                "name": run.name,
                "kind": run.kind,
                "outcome": run.outcome,
            }))
        })
    }

    fn propose_edit(
        &self,
        uri: String,
        version: i32,
        edits: Vec<ProposedEdit>,
        explanation: String,
    ) -> BoxFuture<'static, Result<String, String>> {
        let backend = self.backend.clone();
        Box::pin(async move {
            let (snapshot, mut byte_edits) = {
                let documents = backend.session.documents();
                let document = documents
                    .get(&uri)
                    .ok_or_else(|| format!("{uri} is not open in the editor"))?;
                if document.version() != version {
                    return Err(format!(
                        "refused: the document is at version {}, the edit was made for version \
                         {version}; read it again",
                        document.version()
                    ));
                }
                let byte_edits = edits
                    .iter()
                    .map(|e| {
                        Ok(ByteEdit::new(
                            byte_range(document, e.range)?,
                            e.new_text.clone(),
                        ))
                    })
                    .collect::<Result<Vec<_>, String>>()?;
                (document.snapshot(), byte_edits)
            };
            byte_edits.sort_by_key(|e| (e.range.start, e.range.end));
            if byte_edits
                .windows(2)
                .any(|pair| pair[0].range.end > pair[1].range.start)
            {
                return Err("refused: the edits overlap".into());
            }
            let name = uri.rsplit('/').next().unwrap_or(&uri).to_owned();
            let question = format!(
                "An agent (MCP) proposes {} change(s) to {name}{}",
                byte_edits.len(),
                if explanation.is_empty() {
                    String::new()
                } else {
                    format!(": {explanation}")
                }
            );
            let answer = tokio::time::timeout(
                Duration::from_secs(300),
                backend.client.show_message_request(
                    MessageType::INFO,
                    question,
                    Some(vec![
                        MessageActionItem {
                            title: "Apply".into(),
                            properties: Default::default(),
                        },
                        MessageActionItem {
                            title: "Reject".into(),
                            properties: Default::default(),
                        },
                    ]),
                ),
            )
            .await;
            match answer {
                Ok(Ok(Some(item))) if item.title == "Apply" => {}
                Ok(Ok(_)) => return Err("the user rejected the edit".into()),
                Ok(Err(e)) => return Err(format!("the editor could not ask the user: {e}")),
                Err(_) => return Err("the user did not answer within 5 minutes".into()),
            }
            let version = commands::fix::apply(
                &backend,
                &snapshot,
                &byte_edits,
                "Edit proposed by an agent",
            )
            .await?;
            Ok(format!(
                "applied to {name} (version {version} before the edit)"
            ))
        })
    }
}

/// Destructive upstream tool calls from agents need the user's yes, asked in the editor.
struct LspApprover {
    client: tower_lsp_server::Client,
}

impl codemode_mcp::Approver for LspApprover {
    fn approve(
        &self,
        tool: &codemode_mcp::ToolInfo,
        arguments: &Value,
    ) -> BoxFuture<'static, bool> {
        let client = self.client.clone();
        let mut shown = arguments.to_string();
        if shown.len() > 300 {
            let mut end = 300;
            while !shown.is_char_boundary(end) {
                end -= 1;
            }
            shown.truncate(end);
            shown.push('…');
        }
        let question = format!(
            "An agent's code wants to call `{}/{}`, which may change or delete data, with {shown}. Allow it?",
            tool.server, tool.name
        );
        Box::pin(async move {
            let answer = tokio::time::timeout(
                Duration::from_secs(120),
                client.show_message_request(
                    MessageType::WARNING,
                    question,
                    Some(vec![
                        MessageActionItem {
                            title: "Allow".into(),
                            properties: Default::default(),
                        },
                        MessageActionItem {
                            title: "Deny".into(),
                            properties: Default::default(),
                        },
                    ]),
                ),
            )
            .await;
            matches!(answer, Ok(Ok(Some(item))) if item.title == "Allow")
        })
    }
}

/// The model of an MCP host that offers sampling (connected to this endpoint) becomes the
/// session's `mcp-sampling` model; the user is told in the log.
fn sampling_hook(backend: &Backend) -> codemode_mcp::SamplingHook {
    let backend = backend.clone();
    Arc::new(move |model| {
        let message = match &model {
            Some(model) => format!(
                "codemode: {} is available; with model.provider `mcp-sampling` the AI actions use it",
                model.describe()
            ),
            None => "codemode: no connected MCP host offers sampling any more".to_owned(),
        };
        backend.session.set_supplied_model(model);
        // Called where a connection ends, which may be while the runtime shuts down.
        if let Ok(runtime) = tokio::runtime::Handle::try_current() {
            let client = backend.client.clone();
            runtime.spawn(async move { client.log_message(MessageType::INFO, message).await });
        }
    })
}

/// Starts the MCP endpoint of `mcp.editorEndpoint` (if set) for this language server.
pub async fn start(backend: &Backend) {
    let settings = backend.session.settings();
    let Some(endpoint) = settings.mcp.editor_endpoint.clone() else {
        return;
    };
    let addr = match endpoint.parse() {
        Ok(addr) => addr,
        Err(_) => {
            let message = format!(
                "codemode: mcp.editorEndpoint `{endpoint}` is not an address (127.0.0.1:PORT)"
            );
            backend
                .client
                .show_message(MessageType::ERROR, message)
                .await;
            return;
        }
    };
    let editor = Arc::new(LspEditor {
        backend: backend.clone(),
    });
    let server = McpServer::builder(settings, backend.session.runtimes())
        .tool_provider(Arc::new(EditorTools::new(editor)))
        .approver(Arc::new(LspApprover {
            client: backend.client.clone(),
        }))
        .on_sampling_host(sampling_hook(backend))
        .build();
    match server.bind_http(HttpOptions::new(addr)).await {
        Ok(http) => {
            let local = http.local_addr().map(|a| a.to_string()).unwrap_or(endpoint);
            let url = format!("http://{local}/mcp");
            tracing::info!(%url, "serving MCP from the language server");
            backend
                .client
                .log_message(
                    MessageType::INFO,
                    format!(
                        "codemode: MCP endpoint for agents at {url} (bearer token in {})",
                        codemode_mcp::http::default_token_file()
                            .map(|p| p.display().to_string())
                            .unwrap_or_else(|| "the state directory".into())
                    ),
                )
                .await;
            backend
                .client
                .send_notification::<super::notifications::McpEndpoint>(
                    super::notifications::McpEndpointParams {
                        url,
                        token: http.token().map(str::to_owned),
                    },
                )
                .await;
            tokio::spawn(async move {
                if let Err(error) = http.run().await {
                    tracing::warn!("the MCP endpoint stopped: {error:#}");
                }
                server.shutdown().await;
            });
        }
        Err(error) => {
            backend
                .client
                .show_message(
                    MessageType::ERROR,
                    format!("codemode: cannot serve MCP at {endpoint}: {error:#}"),
                )
                .await;
        }
    }
}
