//! Upstream tools as plain data ([`ToolInfo`]) and tool results as the value code in the
//! sandbox receives.

use rmcp::model::{CallToolResult, Tool};
use serde_json::Value;

pub use codemode_service::tools::ToolInfo;

/// The MCP tool as the protocol-free [`ToolInfo`], with the spec's annotation defaults
/// (destructive, not read-only, not idempotent, open world) when the server says nothing.
pub fn tool_info(server: &str, tool: &Tool) -> ToolInfo {
    let annotations = tool.annotations.as_ref();
    ToolInfo {
        server: server.to_owned(),
        name: tool.name.to_string(),
        title: tool
            .title
            .clone()
            .or_else(|| annotations.and_then(|a| a.title.clone())),
        description: tool.description.as_deref().unwrap_or("").to_owned(),
        input_schema: Value::Object((*tool.input_schema).clone()),
        output_schema: tool
            .output_schema
            .as_ref()
            .map(|s| Value::Object((**s).clone())),
        read_only: annotations.and_then(|a| a.read_only_hint).unwrap_or(false),
        destructive: annotations.and_then(|a| a.destructive_hint).unwrap_or(true),
        idempotent: annotations.and_then(|a| a.idempotent_hint).unwrap_or(false),
        open_world: annotations.and_then(|a| a.open_world_hint).unwrap_or(true),
    }
}

/// Whether the server annotated the tool at all (policy may trust unannotated tools).
pub fn is_annotated(tool: &Tool) -> bool {
    tool.annotations
        .as_ref()
        .is_some_and(|a| a.read_only_hint.is_some() || a.destructive_hint.is_some())
}

/// The value a tool call gives the code in the sandbox, per the contract
/// ([`codemode_service::tools::call_result_json`]): `structuredContent` when present, else a
/// single text parsed as JSON when it is JSON, else the string, else the content list; an
/// `isError` result is `Err` with its text.
pub fn result_value(result: &CallToolResult) -> Result<Value, String> {
    let json = serde_json::to_value(result).map_err(|e| e.to_string())?;
    let text = codemode_service::tools::call_result_json(&json)?;
    serde_json::from_str(&text).map_err(|e| format!("the tool's result is not JSON: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use rmcp::model::ContentBlock as Content;
    use serde_json::json;

    #[test]
    fn results_map_to_values() {
        let text = CallToolResult::success(vec![Content::text("plain words")]);
        assert_eq!(result_value(&text), Ok(json!("plain words")));
        let json_text = CallToolResult::success(vec![Content::text("{\"a\": [1, 2]}")]);
        assert_eq!(result_value(&json_text), Ok(json!({"a": [1, 2]})));
        let mut structured = CallToolResult::success(vec![Content::text("ignored")]);
        structured.structured_content = Some(json!({"n": 3}));
        assert_eq!(result_value(&structured), Ok(json!({"n": 3})));
        let two = CallToolResult::success(vec![Content::text("a"), Content::text("b")]);
        let value = result_value(&two).unwrap();
        assert_eq!(value[1]["text"], "b");
        let error = CallToolResult::error(vec![Content::text("no such file")]);
        assert_eq!(result_value(&error), Err("no such file".to_owned()));
    }
}
