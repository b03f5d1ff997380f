//! Languages and the runtimes that run them, including bring-your-own WASI commands.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

/// A language a snippet can be written in.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Language {
    Python,
    JavaScript,
    TypeScript,
    /// A language served by a configured [`CustomRuntime`], by its id.
    Custom(String),
}

impl Language {
    /// From a language id as editors and the CLI spell it (`python`, `py`, `javascript`, `js`,
    /// `typescript`, `ts`, ...), or a configured custom runtime's id.
    pub fn from_id(id: &str, config: &RuntimeConfig) -> Option<Self> {
        let lower = id.to_ascii_lowercase();
        Some(match lower.as_str() {
            "python" | "py" | "python3" => Self::Python,
            "javascript" | "js" | "mjs" | "cjs" | "node" | "javascriptreact" | "jsx" => {
                Self::JavaScript
            }
            "typescript" | "ts" | "mts" | "cts" | "typescriptreact" | "tsx" => Self::TypeScript,
            _ if config.custom.contains_key(id) => Self::Custom(id.to_owned()),
            _ => return None,
        })
    }

    /// From a file's extension.
    pub fn from_path(path: &Path, config: &RuntimeConfig) -> Option<Self> {
        let ext = path.extension()?.to_str()?;
        match ext {
            "py" | "pyw" => Some(Self::Python),
            "js" | "mjs" | "cjs" => Some(Self::JavaScript),
            "ts" | "mts" | "cts" => Some(Self::TypeScript),
            _ => config
                .custom
                .iter()
                .find(|(_, rt)| {
                    rt.extensions
                        .iter()
                        .any(|e| e.trim_start_matches('.') == ext)
                })
                .map(|(id, _)| Self::Custom(id.clone())),
        }
    }

    pub fn id(&self) -> &str {
        match self {
            Self::Python => "python",
            Self::JavaScript => "javascript",
            Self::TypeScript => "typescript",
            Self::Custom(id) => id,
        }
    }
}

impl fmt::Display for Language {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

/// Runtimes configured by the user beyond the built-in ones.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(default, rename_all = "camelCase", deny_unknown_fields)]
pub struct RuntimeConfig {
    /// Language id → runtime, e.g. `"ruby": { "module": "ruby.wasm", "args": ["ruby", "{file}"] }`.
    pub custom: BTreeMap<String, CustomRuntime>,
}

/// A WASI preview 1 command module that runs a language (e.g. a Ruby or PHP `.wasm`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CustomRuntime {
    /// Path of the `.wasm` command module.
    pub module: PathBuf,
    /// The argv the module gets (argv\[0\] first). `{file}` is replaced by the guest path of a
    /// read-only file holding the snippet; without `{file}` the snippet is sent on stdin.
    #[serde(default)]
    pub args: Vec<String>,
    /// File extensions (without the dot) whose files use this runtime.
    #[serde(default)]
    pub extensions: Vec<String>,
    /// A regular expression matched against each stderr line to find errors, with named groups
    /// `line` (required, 1-based in the snippet), `column` and `message` (optional).
    #[serde(default)]
    pub error_pattern: Option<String>,
}

impl RuntimeConfig {
    /// Checks what can be checked without loading anything: the error patterns compile.
    pub fn validate(&self) -> Result<(), String> {
        for (id, runtime) in &self.custom {
            if let Some(pattern) = &runtime.error_pattern {
                let regex = regex::Regex::new(pattern).map_err(|e| {
                    format!(
                        "runtimes.custom.{id}.errorPattern is not a valid regular expression: {e}"
                    )
                })?;
                if !regex.capture_names().any(|name| name == Some("line")) {
                    return Err(format!(
                        "runtimes.custom.{id}.errorPattern needs a named group `line`, e.g. (?P<line>\\d+)"
                    ));
                }
            }
        }
        Ok(())
    }
}

impl CustomRuntime {
    pub(crate) fn uses_file(&self) -> bool {
        self.args.iter().any(|a| a.contains("{file}"))
    }
}
