//! The in-sandbox test runners seen from the service (Generate tests): the harness line to
//! append after the tests, and the typed report the runners hand back through
//! `codemode.report` (`RunOutcome.report`). The runners themselves live in the guests
//! (`codemode_guest/testing.py`, `js/testing.js`); `docs/sandbox-api.md` describes them.

use codemode_runtimes::{Language, RunOutcome};
use serde::{Deserialize, Serialize};

/// The line that runs the tests defined above it and reports them (`None` for languages
/// without a built-in runner).
pub fn harness(language: &Language) -> Option<&'static str> {
    match language {
        Language::Python => Some("import codemode as __cm; __cm.run_tests(globals())\n"),
        Language::JavaScript | Language::TypeScript => Some("await codemode.runTests();\n"),
        Language::Custom(_) => None,
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TestStatus {
    Passed,
    /// An assertion failed.
    Failed,
    /// Something other than an assertion error was raised.
    Error,
    Skipped,
}

/// One test's result.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TestResult {
    /// `test_add`, `TestCase.test_x`, `test_p[1-2]`, `suite > case`.
    pub name: String,
    pub status: TestStatus,
    pub message: String,
    /// Line (1-based, in the run's file) of the innermost frame there when it failed.
    pub line: Option<u32>,
    /// Line of the outermost frame there: the test's own code. Differs from `line` when the
    /// failure happened in the code under test.
    #[serde(default)]
    pub test_line: Option<u32>,
    pub duration_ms: f64,
}

/// What a runner reports.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TestReport {
    pub tests: Vec<TestResult>,
    pub passed: u32,
    /// Failures and errors together.
    pub failed: u32,
    #[serde(default)]
    pub errors: u32,
    #[serde(default)]
    pub skipped: u32,
}

impl TestReport {
    /// The report of a run, if it ran a test runner (and the report has the runner's shape).
    pub fn from_outcome(outcome: &RunOutcome) -> Option<Self> {
        serde_json::from_value(outcome.report.clone()?).ok()
    }

    /// The tests that passed.
    pub fn passing(&self) -> impl Iterator<Item = &TestResult> {
        self.tests.iter().filter(|t| t.status == TestStatus::Passed)
    }
}
