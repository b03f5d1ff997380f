//! Upstream MCP tools as the sandbox and the model see them: [`ToolInfo`], the readable stubs
//! (`servers/<server>/<tool>.py|.ts`, typed from the tool's JSON Schema), the modules that make
//! `from servers import github` / `await servers.github.search_issues({...})` and skill imports
//! work inside a run ([`sandbox_modules`]), saved [`Skill`]s in the Claude Skills format, and
//! ranked [`search`] for progressive disclosure. Protocol-free: the MCP front converts.

mod names;
mod python;
mod schema;
mod search;
mod skills;
mod typescript;

use codemode_runtimes::{GuestModule, Language};
use serde::{Deserialize, Serialize};
use serde_json::Value;

pub use names::{Target, identifier};
pub use search::{Detail, search};
pub use skills::{Skill, SkillManifest, parse_skill_markdown, skill_markdown};

/// One tool of an upstream MCP server, as listed by `tools/list`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ToolInfo {
    /// The upstream's key in the `mcpServers` configuration (original spelling).
    pub server: String,
    /// The tool's name as the upstream lists it (original spelling; used on the wire).
    pub name: String,
    pub title: Option<String>,
    pub description: String,
    /// JSON Schema of the arguments (an object schema).
    pub input_schema: Value,
    /// JSON Schema of `structuredContent`, when the tool declares one.
    pub output_schema: Option<Value>,
    /// Annotation hints, with the MCP spec's defaults when absent (see [`ToolInfo::new`]).
    pub read_only: bool,
    pub destructive: bool,
    pub idempotent: bool,
    pub open_world: bool,
}

impl ToolInfo {
    /// A tool with the MCP spec's annotation defaults: not read-only, destructive, not
    /// idempotent, open world.
    pub fn new(server: impl Into<String>, name: impl Into<String>, input_schema: Value) -> Self {
        Self {
            server: server.into(),
            name: name.into(),
            title: None,
            description: String::new(),
            input_schema,
            output_schema: None,
            read_only: false,
            destructive: true,
            idempotent: false,
            open_world: true,
        }
    }

    /// `"<server>/<tool>"`, the name the guest's `call-tool` sends to the host.
    pub fn wire_name(&self) -> String {
        format!("{}/{}", self.server, self.name)
    }

    /// The tool's function name in the sandbox (`search-issues` → `search_issues`).
    pub fn function_name(&self) -> String {
        identifier(&self.name, Target::Python)
    }

    /// The server's module name in the sandbox (`my-server` → `my_server`).
    pub fn module_name(&self) -> String {
        identifier(&self.server, Target::Python)
    }

    /// Path of the readable stub, relative to the file tree root:
    /// `servers/<server>/<tool>.py` or `.ts` (sanitised names).
    pub fn stub_path(&self, language: &Language) -> String {
        let ext = match language {
            Language::Python => "py",
            _ => "ts",
        };
        format!(
            "servers/{}/{}.{ext}",
            self.module_name(),
            self.function_name()
        )
    }

    /// The annotation hints worth telling a model, e.g. `read-only, idempotent`.
    pub(crate) fn hints(&self) -> Vec<&'static str> {
        let mut hints = Vec::new();
        if self.read_only {
            hints.push("read-only");
        } else if self.destructive {
            hints.push("destructive");
        }
        if self.idempotent {
            hints.push("idempotent");
        }
        if !self.open_world {
            hints.push("closed world");
        }
        hints
    }
}

/// The readable Python stub of a tool (`servers/<server>/<tool>.py`): a typed, keyword-only
/// function with a docstring, importable and runnable as it is inside the sandbox.
pub fn python_stub(tool: &ToolInfo) -> String {
    python::stub(tool)
}

/// The readable TypeScript stub of a tool (`servers/<server>/<tool>.ts`): input and output
/// interfaces and an async function with JSDoc.
pub fn typescript_stub(tool: &ToolInfo) -> String {
    typescript::stub(tool)
}

/// The modules a run of `language` needs so that the tools and skills can be imported:
///
/// - Python: `servers` (a package that lazily imports its servers), `servers.<server>` (a
///   package re-exporting each tool function) and `servers.<server>.<tool>` (the stub itself),
///   plus `skills.<name>` for each Python skill;
/// - JavaScript/TypeScript: `servers` (default export `{ <server>: {...} }`, also the global
///   `servers`), `servers/<server>` (named exports per tool), plus `skills/<name>` for each
///   JavaScript or TypeScript skill (TypeScript skills stripped of types).
///
/// Server, tool and skill names are sanitised to identifiers (`search-issues` →
/// `search_issues`); calls go out under the original names.
pub fn sandbox_modules(
    language: &Language,
    tools: &[ToolInfo],
    skills: &[Skill],
) -> Vec<GuestModule> {
    match language {
        Language::Python => {
            let mut modules = python::modules(tools);
            modules.extend(skills::python_modules(skills));
            modules
        }
        Language::JavaScript | Language::TypeScript => {
            let mut modules = typescript::modules(tools);
            modules.extend(skills::js_modules(skills));
            modules
        }
        Language::Custom(_) => Vec::new(),
    }
}

/// What a snippet's tool function returns for an MCP `CallToolResult` (as JSON), as the
/// `call-tool` import wants it: `Ok(JSON text)` of the `structuredContent` when present; else,
/// for a single text content, that text when it is JSON, else the text as a JSON string; else
/// the content list. A result with `isError` is `Err` with its text (the snippet raises
/// `ToolError`).
pub fn call_result_json(result: &Value) -> Result<String, String> {
    let content = result.get("content").and_then(Value::as_array);
    let texts = || -> Vec<&str> {
        content
            .map(|items| {
                items
                    .iter()
                    .filter(|c| c.get("type").and_then(Value::as_str) == Some("text"))
                    .filter_map(|c| c.get("text").and_then(Value::as_str))
                    .collect()
            })
            .unwrap_or_default()
    };
    if result.get("isError").and_then(Value::as_bool) == Some(true) {
        let message = texts().join("\n");
        return Err(if message.trim().is_empty() {
            "the tool reported an error without a message".to_owned()
        } else {
            message
        });
    }
    if let Some(structured) = result.get("structuredContent").filter(|v| !v.is_null()) {
        return Ok(structured.to_string());
    }
    match content.map(Vec::as_slice) {
        Some([single]) if single.get("type").and_then(Value::as_str) == Some("text") => {
            let text = single.get("text").and_then(Value::as_str).unwrap_or("");
            Ok(match serde_json::from_str::<Value>(text) {
                Ok(value) => value.to_string(),
                Err(_) => Value::String(text.to_owned()).to_string(),
            })
        }
        Some(items) => Ok(Value::Array(items.to_vec()).to_string()),
        None => Ok("null".to_owned()),
    }
}

/// Tools grouped by server, in a stable order (server, then tool name).
pub(crate) fn by_server(tools: &[ToolInfo]) -> Vec<(String, Vec<&ToolInfo>)> {
    let mut sorted: Vec<&ToolInfo> = tools.iter().collect();
    sorted.sort_by(|a, b| (&a.server, &a.name).cmp(&(&b.server, &b.name)));
    let mut groups: Vec<(String, Vec<&ToolInfo>)> = Vec::new();
    for tool in sorted {
        match groups.last_mut() {
            Some((server, list)) if *server == tool.server => list.push(tool),
            _ => groups.push((tool.server.clone(), vec![tool])),
        }
    }
    groups
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::call_result_json;

    #[test]
    fn call_results_as_the_guest_sees_them() {
        let text = |t: &str| json!({"content": [{"type": "text", "text": t}]});
        assert_eq!(
            call_result_json(&text("{\"a\": 1}")),
            Ok("{\"a\":1}".into())
        );
        assert_eq!(call_result_json(&text("hello")), Ok("\"hello\"".into()));
        assert_eq!(call_result_json(&text("42")), Ok("42".into()));
        assert_eq!(
            call_result_json(
                &json!({"content": [{"type": "text", "text": "x"}], "structuredContent": {"n": 2}})
            ),
            Ok("{\"n\":2}".into())
        );
        let two = json!({"content": [{"type": "text", "text": "a"}, {"type": "image", "data": "AA==", "mimeType": "image/png"}]});
        assert_eq!(call_result_json(&two), Ok(two["content"].to_string()));
        assert_eq!(
            call_result_json(
                &json!({"content": [{"type": "text", "text": "no such file"}], "isError": true})
            ),
            Err("no such file".into())
        );
        assert!(call_result_json(&json!({"content": [], "isError": true})).is_err());
        assert_eq!(call_result_json(&json!({"content": []})), Ok("[]".into()));
    }
}
