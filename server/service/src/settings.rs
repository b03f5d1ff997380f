//! The settings file shared by every front: limits, grants and custom runtimes.

use std::path::Path;
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
}

/// Which model answers the AI actions, and how it is reached.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(default, rename_all = "camelCase", deny_unknown_fields)]
pub struct ModelSettings {
    /// `none` (the AI actions explain how to configure a model), `openai` (OpenAI and every
    /// server with an OpenAI-compatible Chat Completions API: Ollama, llama.cpp server, vLLM,
    /// LM Studio, OpenRouter), `anthropic` (the Messages API), or `mcp-sampling` (the model
    /// of the MCP host connected to codemode's MCP server, e.g. VS Code).
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
