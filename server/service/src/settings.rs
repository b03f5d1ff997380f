//! The settings file shared by every front: limits, grants and custom runtimes.

use std::path::Path;

use anyhow::Context;
use codemode_runtimes::{Grants, Limits, RuntimeConfig};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
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
}

/// Which code lenses the language server shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase", deny_unknown_fields)]
pub struct LensSettings {
    /// Show a "▶ Run" lens above each runnable snippet, with its last result.
    pub enabled: bool,
    /// Kinds of snippets with a lens: `function`, `class`, `cell`, `fence`, `doctest`,
    /// `main`, `file`. Empty means all.
    pub kinds: Vec<String>,
}

impl Default for LensSettings {
    fn default() -> Self {
        Self {
            enabled: true,
            kinds: Vec::new(),
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
