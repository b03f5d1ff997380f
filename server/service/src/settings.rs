//! The settings file shared by every front: limits, grants and custom runtimes.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::Context;
use codemode_runtimes::{Grants, Limits, RuntimeConfig};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(default, rename_all = "camelCase", deny_unknown_fields)]
pub struct Settings {
    /// Limits of every run (each can be overridden per run).
    pub limits: Limits,
    /// What runs may reach beyond their memory (nothing by default).
    pub grants: Grants,
    /// Runtimes beyond the built-in Python, JavaScript and TypeScript.
    pub runtimes: RuntimeConfig,
    /// Code lenses above runnable snippets (language server).
    pub lenses: LensSettings,
    /// Auto-fix with AI and Generate tests.
    pub ai: crate::ai::AiSettings,
    /// The model behind the AI actions (Auto-fix, Generate tests). None by default.
    pub model: ModelSettings,
    /// Personal data in what the model receives (MCP) is replaced by tokens.
    pub pii: crate::pii::PiiSettings,
    /// Upstream MCP servers whose tools code run by `execute_code` can call, in the
    /// `mcpServers` shape Claude Desktop, VS Code and Cursor use: a stdio server has
    /// `command` (with `args`, `env`, `cwd`), an HTTP server has `url` (with `headers`).
    pub mcp_servers: BTreeMap<String, McpServerConfig>,
    /// What sandboxed code may do with upstream tools: allow/deny lists, approval of
    /// destructive tools, rate limits.
    pub policy: PolicySettings,
    /// The MCP server (`codemode mcp`): sessions, skills, concurrency.
    pub mcp: McpSettings,
}

/// Which model answers the AI actions, and how it is reached.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(default, rename_all = "camelCase", deny_unknown_fields)]
pub struct ModelSettings {
    /// `none` (the AI actions explain how to configure a model), `openai` (OpenAI and every
    /// server with an OpenAI-compatible Chat Completions API: Ollama, llama.cpp server, vLLM,
    /// LM Studio, OpenRouter), `anthropic` (the Messages API), or `mcp-sampling` (the model
    /// of an MCP host, e.g. VS Code, connected to the language server's MCP endpoint
    /// `mcp.editorEndpoint` and offering sampling; the most recent such host).
    pub provider: ModelProvider,
    /// The API's base URL, without the endpoint. Unset: `https://api.openai.com/v1` or
    /// `https://api.anthropic.com`. Ollama: `http://localhost:11434/v1`. With a base URL of
    /// its own and no `apiKeyEnv`, no key is needed.
    pub base_url: Option<String>,
    /// The model's name as the provider knows it (e.g. `gpt-4.1-mini`, `claude-sonnet-4-5`,
    /// `qwen2.5-coder:7b`). Required for `openai` and `anthropic`.
    pub model: Option<String>,
    /// The environment variable holding the API key (unset: `OPENAI_API_KEY` or
    /// `ANTHROPIC_API_KEY`). Keys never go in the settings themselves.
    pub api_key_env: Option<String>,
    /// Deadline of each request to the model (a slow answer is not retried).
    #[serde(with = "duration_text")]
    #[schemars(with = "String", example = "120s")]
    pub timeout: Duration,
    /// Retries after a rate limit (429, honouring `Retry-After` up to 30 s), a server error
    /// (5xx) or a failed connection, with exponential backoff and jitter.
    pub max_retries: u32,
    /// The most tokens one answer may use.
    pub max_tokens: u32,
    /// Sampling temperature; unset (recommended) leaves the provider's default. OpenAI's
    /// reasoning models and Anthropic's newest models refuse any other value.
    pub temperature: Option<f32>,
}

impl Default for ModelSettings {
    fn default() -> Self {
        Self {
            provider: ModelProvider::None,
            base_url: None,
            model: None,
            api_key_env: None,
            timeout: Duration::from_secs(120),
            max_retries: 3,
            max_tokens: 4096,
            temperature: None,
        }
    }
}

impl ModelSettings {
    pub fn is_configured(&self) -> bool {
        self.provider != ModelProvider::None
    }
}

/// The model backend.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum ModelProvider {
    #[default]
    None,
    Openai,
    Anthropic,
    McpSampling,
}

/// Durations as human strings ("120s", "500ms"), as the limits write them.
mod duration_text {
    use std::time::Duration;

    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(d: &Duration, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&humantime::format_duration(*d).to_string())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Duration, D::Error> {
        let text = String::deserialize(d)?;
        humantime::parse_duration(&text).map_err(serde::de::Error::custom)
    }
}

/// One upstream MCP server (the standard `mcpServers` entry).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(default, rename_all = "camelCase", deny_unknown_fields)]
pub struct McpServerConfig {
    /// `stdio`, `http` (Streamable HTTP; `streamable-http` is accepted too). Default: `stdio`
    /// when `command` is set, `http` when `url` is.
    #[serde(rename = "type")]
    pub kind: Option<String>,
    /// Program to start (stdio servers).
    pub command: Option<String>,
    /// Its arguments.
    pub args: Vec<String>,
    /// Environment variables added to the server's environment.
    pub env: BTreeMap<String, String>,
    /// Working directory of the server process (relative to the settings file).
    pub cwd: Option<PathBuf>,
    /// Endpoint of a Streamable HTTP server.
    pub url: Option<String>,
    /// HTTP headers sent with every request (e.g. `Authorization`).
    pub headers: BTreeMap<String, String>,
    /// Leave this server out without deleting its entry.
    pub disabled: bool,
    /// Time limit of each call to this server (default: `policy.callTimeout`).
    #[serde(with = "opt_duration")]
    #[schemars(with = "Option<String>", example = "30s")]
    pub timeout: Option<Duration>,
}

/// The transport of an upstream server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Transport<'a> {
    Stdio { command: &'a str },
    Http { url: &'a str },
}

impl McpServerConfig {
    /// Which transport this entry describes, or why it describes none.
    pub fn transport(&self) -> Result<Transport<'_>, String> {
        match (self.kind.as_deref(), &self.command, &self.url) {
            (None | Some("stdio"), Some(command), None) => Ok(Transport::Stdio { command }),
            (None | Some("http" | "streamable-http" | "streamableHttp"), None, Some(url)) => {
                if url.starts_with("http://") || url.starts_with("https://") {
                    Ok(Transport::Http { url })
                } else {
                    Err(format!(
                        "`url` must be an http:// or https:// URL, not `{url}`"
                    ))
                }
            }
            (Some("sse"), _, _) => Err(
                "the deprecated HTTP+SSE transport is not supported: use Streamable HTTP".into(),
            ),
            (Some(kind), _, _)
                if !matches!(
                    kind,
                    "stdio" | "http" | "streamable-http" | "streamableHttp"
                ) =>
            {
                Err(format!(
                    "unknown `type` `{kind}` (expected `stdio` or `http`)"
                ))
            }
            (_, Some(_), Some(_)) => Err("set either `command` or `url`, not both".into()),
            _ => Err("needs `command` (stdio) or `url` (Streamable HTTP)".into()),
        }
    }
}

/// How the host treats calls from sandboxed code to upstream tools. Rules name tools as
/// `server/tool`; `*` matches any run of characters (`github/*`, `*/delete_*`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(default, rename_all = "camelCase", deny_unknown_fields)]
pub struct PolicySettings {
    /// Tools that may be called. Empty means every tool not denied.
    pub allow: Vec<String>,
    /// Tools that may never be called (wins over `allow` and `approve`).
    pub deny: Vec<String>,
    /// Tools marked `destructiveHint` (the MCP default when a tool says nothing) that may be
    /// called without asking. Outside an editor there is nobody to ask, so other destructive
    /// tools are refused.
    pub approve: Vec<String>,
    /// Treat tools that carry no annotations as not destructive. The MCP default is to
    /// assume a tool without `destructiveHint: false` may destroy data; most servers do not
    /// annotate read-only tools, so this is off by default.
    pub trust_unannotated: bool,
    /// Calls per minute to each upstream server (0: no limit).
    pub calls_per_minute: u32,
    /// Calls per `execute_code` run, across servers (0: no limit).
    pub calls_per_run: u32,
    /// Time limit of each upstream call (connecting included).
    #[serde(with = "duration_text")]
    #[schemars(with = "String", example = "30s")]
    pub call_timeout: Duration,
}

impl Default for PolicySettings {
    fn default() -> Self {
        Self {
            allow: Vec::new(),
            deny: Vec::new(),
            approve: Vec::new(),
            trust_unannotated: false,
            calls_per_minute: 600,
            calls_per_run: 100,
            call_timeout: Duration::from_secs(30),
        }
    }
}

/// Does `pattern` (with `*` wildcards) match all of `name`?
pub fn glob_match(pattern: &str, name: &str) -> bool {
    let parts: Vec<&str> = pattern.split('*').collect();
    if parts.len() == 1 {
        return pattern == name;
    }
    let (first, last) = (parts[0], parts[parts.len() - 1]);
    if !name.starts_with(first) || name.len() < first.len() + last.len() || !name.ends_with(last) {
        return false;
    }
    let mut rest = &name[first.len()..name.len() - last.len()];
    for part in &parts[1..parts.len() - 1] {
        match rest.find(part) {
            Some(at) => rest = &rest[at + part.len()..],
            None => return false,
        }
    }
    true
}

/// The MCP server's own settings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(default, rename_all = "camelCase", deny_unknown_fields)]
pub struct McpSettings {
    /// Where `save_skill` writes skills (`<dir>/<name>/SKILL.md` and the code). Default: the
    /// user's data directory (`~/.local/share/codemode/skills` on Linux).
    pub skills_dir: Option<PathBuf>,
    /// `execute_code` runs that may be in flight at once; more wait their turn.
    pub max_concurrent_runs: usize,
    /// Sessions (state kept between `execute_code` calls) alive at once; the least recently
    /// used is dropped past it.
    pub max_sessions: usize,
    /// A session unused this long is dropped.
    #[serde(with = "duration_text")]
    #[schemars(with = "String", example = "30m")]
    pub session_idle_timeout: Duration,
    /// Characters of stdout/stderr returned to the client per stream; the rest is cut with
    /// a marker (the sandbox's own output limits still apply).
    pub max_output_chars: usize,
    /// Serve MCP from the language server's own process at this loopback address
    /// (`127.0.0.1:8766`; port 0 picks a free one), so that an MCP host shares the editor's
    /// open documents (`list_open_documents`, `read_document`, `get_diagnostics`,
    /// `run_snippet`, `propose_edit` approved in the editor) and sandbox. Off by default.
    pub editor_endpoint: Option<String>,
}

impl Default for McpSettings {
    fn default() -> Self {
        Self {
            skills_dir: None,
            max_concurrent_runs: 4,
            max_sessions: 64,
            session_idle_timeout: Duration::from_secs(30 * 60),
            max_output_chars: 20_000,
            editor_endpoint: None,
        }
    }
}

mod opt_duration {
    use std::time::Duration;

    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(d: &Option<Duration>, s: S) -> Result<S::Ok, S::Error> {
        match d {
            Some(d) => s.serialize_str(&humantime::format_duration(*d).to_string()),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Duration>, D::Error> {
        Option::<String>::deserialize(d)?
            .map(|text| humantime::parse_duration(&text).map_err(serde::de::Error::custom))
            .transpose()
    }
}

/// Which code lenses the language server shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(default, rename_all = "camelCase", deny_unknown_fields)]
pub struct LensSettings {
    /// Show a "▶ Run" lens above each runnable snippet, with its last result.
    pub enabled: bool,
    /// Kinds of snippets with a lens: `function`, `class`, `cell`, `fence`, `doctest`,
    /// `main`, `file`. Empty means all.
    pub kinds: Vec<String>,
    /// Also show "✨ Auto-fix" above a snippet whose last run failed and "🧪 Generate tests"
    /// above functions and classes.
    pub ai: bool,
}

impl Default for LensSettings {
    fn default() -> Self {
        Self {
            enabled: true,
            kinds: Vec::new(),
            ai: true,
        }
    }
}

impl LensSettings {
    pub fn shows(&self, kind: &str) -> bool {
        self.enabled && (self.kinds.is_empty() || self.kinds.iter().any(|k| k == kind))
    }
}

impl Settings {
    pub fn load(path: Option<&Path>) -> anyhow::Result<Self> {
        let Some(path) = path else {
            return Ok(Self::default());
        };
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read settings file {}", path.display()))?;
        let mut settings: Self = serde_json::from_str(&text)
            .with_context(|| format!("invalid settings file {}", path.display()))?;
        settings
            .runtimes
            .validate()
            .map_err(anyhow::Error::msg)
            .with_context(|| format!("invalid settings file {}", path.display()))?;
        settings
            .pii
            .validate()
            .with_context(|| format!("invalid settings file {}", path.display()))?;
        // Paths in the file are relative to the file.
        let base = path.parent().unwrap_or(Path::new("."));
        for runtime in settings.runtimes.custom.values_mut() {
            if runtime.module.is_relative() {
                runtime.module = base.join(&runtime.module);
            }
        }
        if let Some(dir) = &mut settings.grants.workspace
            && dir.is_relative()
        {
            *dir = base.join(&*dir);
        }
        for (name, server) in &mut settings.mcp_servers {
            if name.is_empty()
                || !name
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
            {
                anyhow::bail!(
                    "invalid settings file {}: mcpServers key `{name}` must be letters, digits, `_`, `-` or `.`",
                    path.display()
                );
            }
            if name == "session" {
                anyhow::bail!(
                    "invalid settings file {}: `session` is reserved (the state of execute_code sessions); rename that server",
                    path.display()
                );
            }
            server
                .transport()
                .map_err(|e| anyhow::anyhow!("mcpServers.{name}: {e}"))
                .with_context(|| format!("invalid settings file {}", path.display()))?;
            if let Some(dir) = &mut server.cwd
                && dir.is_relative()
            {
                *dir = base.join(&*dir);
            }
        }
        if let Some(dir) = &mut settings.mcp.skills_dir
            && dir.is_relative()
        {
            *dir = base.join(&*dir);
        }
        Ok(settings)
    }
}

/// The JSON Schema of the settings (for editors' settings UIs and validation).
pub fn json_schema() -> serde_json::Value {
    serde_json::to_value(schemars::schema_for!(Settings)).expect("a schema serializes")
}

/// `docs/settings.md`: every setting with its type, default and description, generated from
/// [`Settings`] so the docs cannot drift from the code (a test compares them).
pub fn markdown_reference() -> String {
    let schema = json_schema();
    let defaults = serde_json::to_value(Settings::default()).expect("defaults serialize");
    let mut out = String::from(
        "# Settings\n\n<!-- Generated from `codemode_service::Settings` by \
         `UPDATE_DOCS=1 cargo test -p codemode-service --test settings_docs`; do not edit. -->\n\n\
         One settings object for every front: the settings file (`codemode --config FILE`, \
         `$CODEMODE_CONFIG`), the language server's `initializationOptions` and \
         `workspace/didChangeConfiguration` (the object itself or under a `codemode` key), and \
         the editor extensions. Every key is optional; unknown keys are an error. The JSON \
         Schema is `docs/settings.schema.json`.\n\n",
    );
    let defs = schema.get("$defs").cloned().unwrap_or_default();
    describe(&schema, &defs, &defaults, "", &mut out);
    out
}

fn resolve<'a>(
    schema: &'a serde_json::Value,
    defs: &'a serde_json::Value,
) -> &'a serde_json::Value {
    match schema.get("$ref").and_then(|r| r.as_str()) {
        Some(reference) => reference
            .strip_prefix("#/$defs/")
            .and_then(|name| defs.get(name))
            .unwrap_or(schema),
        None => schema,
    }
}

fn describe(
    schema: &serde_json::Value,
    defs: &serde_json::Value,
    defaults: &serde_json::Value,
    path: &str,
    out: &mut String,
) {
    let schema = resolve(schema, defs);
    let Some(properties) = schema.get("properties").and_then(|p| p.as_object()) else {
        return;
    };
    for (key, property) in properties {
        let full = if path.is_empty() {
            key.clone()
        } else {
            format!("{path}.{key}")
        };
        let target = resolve(property, defs);
        let default = defaults
            .get(key)
            .cloned()
            .unwrap_or(serde_json::Value::Null);
        let description = property
            .get("description")
            .or_else(|| target.get("description"))
            .and_then(|d| d.as_str())
            .unwrap_or("")
            .replace('\n', " ");
        let nested = target.get("properties").is_some();
        if nested {
            out.push_str(&format!("## `{full}`\n\n{description}\n\n"));
            describe(target, defs, &default, &full, out);
        } else {
            let kind = type_name(property, defs);
            out.push_str(&format!(
                "### `{full}`\n\n{description}\n\n- type: {kind}\n- default: `{}`\n\n",
                serde_json::to_string(&default).expect("json")
            ));
        }
    }
}

fn type_name(schema: &serde_json::Value, defs: &serde_json::Value) -> String {
    let schema = resolve(schema, defs);
    match schema.get("type") {
        Some(serde_json::Value::String(t)) => t.clone(),
        Some(serde_json::Value::Array(ts)) => ts
            .iter()
            .filter_map(|t| t.as_str())
            .collect::<Vec<_>>()
            .join(" or "),
        _ => "object".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn globs() {
        assert!(glob_match("github/*", "github/search_issues"));
        assert!(glob_match("*/delete_*", "fs/delete_file"));
        assert!(glob_match("*", "a/b"));
        assert!(glob_match("fs/read", "fs/read"));
        assert!(!glob_match("fs/read", "fs/read_file"));
        assert!(!glob_match("*/delete_*", "fs/remove"));
        assert!(!glob_match("a*a", "a"));
        assert!(glob_match("a*b*c", "axxbyyc"));
        assert!(!glob_match("a*b*c", "axxcyyb"));
    }

    #[test]
    fn transports() {
        let stdio: McpServerConfig =
            serde_json::from_value(serde_json::json!({"command": "npx", "args": ["-y", "x"]}))
                .unwrap();
        assert_eq!(stdio.transport(), Ok(Transport::Stdio { command: "npx" }));
        let http: McpServerConfig = serde_json::from_value(
            serde_json::json!({"type": "http", "url": "http://127.0.0.1:1/mcp"}),
        )
        .unwrap();
        assert!(matches!(http.transport(), Ok(Transport::Http { .. })));
        let both: McpServerConfig =
            serde_json::from_value(serde_json::json!({"command": "x", "url": "http://a"})).unwrap();
        assert!(both.transport().is_err());
        let sse: McpServerConfig =
            serde_json::from_value(serde_json::json!({"type": "sse", "url": "http://a"})).unwrap();
        assert!(sse.transport().unwrap_err().contains("Streamable HTTP"));
        let neither = McpServerConfig::default();
        assert!(neither.transport().is_err());
    }
}
