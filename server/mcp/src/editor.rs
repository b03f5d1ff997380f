//! The editor attachment: when the language server serves MCP from its own process, an MCP
//! host (an agent) sees the editor's open documents — the unsaved text — their diagnostics,
//! can run snippets of them in the sandbox, and can propose edits that the user approves in
//! the editor and that are applied with the same version and scope checks as Auto-fix.
//!
//! [`Editor`] is what the language server implements, in plain types (no LSP, no MCP);
//! [`EditorTools`] turns it into MCP tools.

use std::borrow::Cow;
use std::sync::Arc;

use futures::future::BoxFuture;
use rmcp::ErrorData as McpError;
use rmcp::RoleServer;
use rmcp::model::{CallToolResult, ContentBlock, Tool, ToolAnnotations};
use rmcp::service::RequestContext;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};

use crate::server::ToolProvider;

/// An open document as the agent sees it.
#[derive(Debug, Clone, Serialize)]
pub struct OpenDocument {
    pub uri: String,
    pub language_id: String,
    pub version: i32,
    pub lines: usize,
    /// Whether the buffer differs from the file on disk (unknown: `None`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unsaved: Option<bool>,
}

/// A position: 0-based line, and character offset in code points.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Point {
    /// 0-based line.
    pub line: u32,
    /// 0-based column in characters (Unicode code points).
    pub character: u32,
}

/// A range of positions (end exclusive).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Span {
    pub start: Point,
    pub end: Point,
}

/// One replacement proposed by the agent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct ProposedEdit {
    pub range: Span,
    /// The text that replaces the range.
    pub new_text: String,
}

/// What the language server offers the agent.
pub trait Editor: Send + Sync + 'static {
    fn open_documents(&self) -> Vec<OpenDocument>;
    /// The unsaved text and its version.
    fn read(&self, uri: &str) -> Option<(i32, String)>;
    /// The document's diagnostics as the editor shows them (codemode's runs and findings).
    fn diagnostics(&self, uri: &str) -> Option<Value>;
    /// Runs the snippet at `range` (an empty range: what encloses it) like Run in sandbox.
    fn run(&self, uri: String, range: Span) -> BoxFuture<'static, Result<Value, String>>;
    /// Shows the edit to the user; if they approve, applies it at `version` (refused if the
    /// document is at another version, or the user declines). `Ok` says what happened.
    fn propose_edit(
        &self,
        uri: String,
        version: i32,
        edits: Vec<ProposedEdit>,
        explanation: String,
    ) -> BoxFuture<'static, Result<String, String>>;
}

#[derive(Debug, Deserialize, JsonSchema)]
struct UriParams {
    /// The document's URI, as list_open_documents gives it.
    uri: String,
}

#[derive(Debug, Deserialize, JsonSchema)]
struct RunParams {
    uri: String,
    /// What to run: a selection, or an empty range inside the function/cell/fence to run.
    range: Span,
}

#[derive(Debug, Deserialize, JsonSchema)]
struct ProposeParams {
    uri: String,
    /// The version read_document returned: a newer buffer refuses the edit.
    version: i32,
    /// Replacements in the text of that version (non-overlapping).
    edits: Vec<ProposedEdit>,
    /// Shown to the user with the edit.
    #[serde(default)]
    explanation: String,
}

/// The MCP tools over an [`Editor`].
pub struct EditorTools<E: Editor> {
    editor: Arc<E>,
}

impl<E: Editor> EditorTools<E> {
    pub fn new(editor: Arc<E>) -> Self {
        Self { editor }
    }
}

fn schema<T: JsonSchema>() -> Arc<Map<String, Value>> {
    let value = serde_json::to_value(schemars::schema_for!(T)).expect("a schema serializes");
    Arc::new(value.as_object().cloned().unwrap_or_default())
}

fn tool<T: JsonSchema>(name: &'static str, description: &'static str, read_only: bool) -> Tool {
    Tool::new(
        Cow::Borrowed(name),
        Cow::Borrowed(description),
        schema::<T>(),
    )
    .annotate(
        ToolAnnotations::new()
            .read_only(read_only)
            .destructive(false),
    )
}

#[derive(Debug, Deserialize, JsonSchema)]
struct NoParams {}

fn parse<T: serde::de::DeserializeOwned>(arguments: Map<String, Value>) -> Result<T, McpError> {
    serde_json::from_value(Value::Object(arguments))
        .map_err(|e| McpError::invalid_params(e.to_string(), None))
}

fn json_result(value: Value) -> CallToolResult {
    let text = serde_json::to_string_pretty(&value).unwrap_or_default();
    let mut result = CallToolResult::success(vec![ContentBlock::text(text)]);
    if value.is_object() {
        result.structured_content = Some(value);
    }
    result
}

fn error_result(message: String) -> CallToolResult {
    CallToolResult::error(vec![ContentBlock::text(message)])
}

impl<E: Editor> ToolProvider for EditorTools<E> {
    fn tools(&self) -> Vec<Tool> {
        vec![
            tool::<NoParams>(
                "list_open_documents",
                "The documents open in the editor (URI, language, version, line count).",
                true,
            ),
            tool::<UriParams>(
                "read_document",
                "The current text of an open document as the editor holds it (unsaved changes \
                 included) and its version (pass it to propose_edit).",
                true,
            ),
            tool::<UriParams>(
                "get_diagnostics",
                "The problems codemode shows in an open document (failed runs, test findings).",
                true,
            ),
            tool::<RunParams>(
                "run_snippet",
                "Run part of an open document in codemode's sandbox, as the editor's Run in \
                 sandbox does: a selection, or (an empty range) the function, class, cell or \
                 fence around it. Returns stdout, the value, errors at document lines.",
                true,
            ),
            tool::<ProposeParams>(
                "propose_edit",
                "Propose edits to an open document. The user sees them in the editor and \
                 decides; approved edits are applied as one undo step if the document is still \
                 at `version`. Returns whether they were applied.",
                false,
            ),
        ]
    }

    fn call(
        &self,
        name: &str,
        arguments: Map<String, Value>,
        _context: RequestContext<RoleServer>,
    ) -> BoxFuture<'static, Result<CallToolResult, McpError>> {
        let editor = Arc::clone(&self.editor);
        let name = name.to_owned();
        Box::pin(async move {
            match name.as_str() {
                "list_open_documents" => Ok(json_result(json!({
                    "documents": editor.open_documents(),
                }))),
                "read_document" => {
                    let params: UriParams = parse(arguments)?;
                    Ok(match editor.read(&params.uri) {
                        Some((version, text)) => json_result(json!({
                            "uri": params.uri, "version": version, "text": text,
                        })),
                        None => error_result(format!("{} is not open in the editor", params.uri)),
                    })
                }
                "get_diagnostics" => {
                    let params: UriParams = parse(arguments)?;
                    Ok(match editor.diagnostics(&params.uri) {
                        Some(diagnostics) => json_result(json!({
                            "uri": params.uri, "diagnostics": diagnostics,
                        })),
                        None => error_result(format!("{} is not open in the editor", params.uri)),
                    })
                }
                "run_snippet" => {
                    let params: RunParams = parse(arguments)?;
                    Ok(match editor.run(params.uri, params.range).await {
                        Ok(outcome) => json_result(outcome),
                        Err(message) => error_result(message),
                    })
                }
                "propose_edit" => {
                    let params: ProposeParams = parse(arguments)?;
                    if params.edits.is_empty() {
                        return Ok(error_result("no edits proposed".into()));
                    }
                    Ok(
                        match editor
                            .propose_edit(
                                params.uri,
                                params.version,
                                params.edits,
                                params.explanation,
                            )
                            .await
                        {
                            Ok(message) => {
                                json_result(json!({"applied": true, "message": message}))
                            }
                            Err(message) => error_result(message),
                        },
                    )
                }
                other => Err(McpError::invalid_params(
                    format!("unknown tool {other}"),
                    None,
                )),
            }
        })
    }
}
