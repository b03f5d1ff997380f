//! The AI loops: **Auto-fix** and **Generate tests**. Both are closed loops around the sandbox:
//! whatever a model answers reaches the user's buffer only after the sandbox has shown it
//! works, and only as edits inside the snippet the user asked about.
//!
//! - `fix.rs` — the repair loop: candidate → run the same check → feed the outcome back, up to
//!   `maxRounds`; the passing candidate becomes minimal edits against the starting snapshot.
//! - `generate.rs` — test generation: tests are run against the current code, passing ones kept,
//!   failing ones fed back or reported as findings.
//! - `answer.rs` — reading a model's proposal and the scope check (lines of the snippet only,
//!   this document only), whatever the model or the document says.
//! - `prompt.rs` — what the model is told: the snippet with line numbers, its context, the run.
//! - `tools.rs` — the tools the model may call (`run_in_sandbox`, `propose_fix`,
//!   `propose_tests`).
//!
//! Protocol-free: the LSP front turns a result into a versioned `workspace/applyEdit` (after
//! [`crate::text::rebase`] onto the current text) and `$/progress`.

mod answer;
mod fix;
mod generate;
mod prompt;
mod tools;

use std::sync::Arc;

use codemode_runtimes::{CancelHandle, Runtimes};
use serde::{Deserialize, Serialize};

use crate::model::{ModelClient, ModelError, Usage};
use crate::run::RunError;
use crate::settings::Settings;

pub use answer::Refusal;
pub use fix::{Attempt, Fix, FixReport, FixRequest, fix};
pub use generate::{
    Finding, GeneratedTests, Placed, TestPlacement, TestsReport, TestsRequest, generate_tests,
    test_file_name,
};
pub use prompt::EditorDiagnostic;

/// Settings of the AI loops.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(default, rename_all = "camelCase", deny_unknown_fields)]
pub struct AiSettings {
    /// Candidates the fix loop verifies before it gives up (each is one round).
    pub max_rounds: u32,
    /// Tool calls (`run_in_sandbox`) the model may make per round before it must propose.
    pub max_tool_calls: u32,
    /// Where Generate tests puts the kept tests: `append` (end of the file) or `file` (a new
    /// test file next to it: `test_<name>.py`, `<name>.test.ts`).
    pub tests_placement: TestPlacement,
}

impl Default for AiSettings {
    fn default() -> Self {
        Self {
            max_rounds: 3,
            max_tool_calls: 6,
            tests_placement: TestPlacement::Append,
        }
    }
}

/// Where a loop is, for `$/progress`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Progress {
    pub round: u32,
    pub rounds: u32,
    pub tokens: u64,
    pub message: String,
}

/// What a loop needs from its host.
#[derive(Clone)]
pub struct AiContext {
    pub runtimes: Arc<Runtimes>,
    pub settings: Settings,
    pub model: Arc<dyn ModelClient>,
    /// Stops the sandbox runs of the loop; dropping the loop's future stops the rest.
    pub cancel: CancelHandle,
    pub progress: Arc<dyn Fn(Progress) + Send + Sync>,
}

impl AiContext {
    fn report(&self, round: u32, rounds: u32, usage: Usage, message: impl Into<String>) {
        (self.progress)(Progress {
            round,
            rounds,
            tokens: usage.total(),
            message: message.into(),
        });
    }
}

/// Why a loop could not run at all (a loop that ran and found no fix is a report, not this).
#[derive(Debug, Clone, thiserror::Error)]
pub enum AiError {
    #[error("{0}")]
    Run(#[from] RunError),
    #[error("{0}")]
    Model(#[from] ModelError),
    #[error("{0}")]
    NotApplicable(String),
}
