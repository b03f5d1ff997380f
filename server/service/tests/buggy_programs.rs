//! Real programs through the repair loop: every case of `tests/ai/buggy/` (a small buggy
//! program and its known fix) is replayed through the scripted model over real HTTP (OpenAI
//! Chat Completions or Anthropic Messages). The model first proposes a candidate that still
//! fails, then the known fix. The loop must reject the first after running it, accept the
//! second only once it passes in the sandbox, and turn it into minimal edits that give exactly
//! the fixed file.

mod common;

use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use codemode_runtimes::{CancelHandle, Status};
use codemode_service::ai::{self, AiContext, FixRequest};
use codemode_service::model::{self, testing::ScriptedModel};
use codemode_service::settings::{ModelProvider, ModelSettings};
use codemode_service::text::{DocumentSnapshot, apply_edits};
use codemode_service::{RunTarget, Settings};
use common::runtimes;
use serde_json::{Value, json};

const KEY_ENV: &str = "CODEMODE_BUGGY_TEST_KEY";
const KEY: &str = "sk-buggy-programs-test-key";

fn buggy_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/ai/buggy")
}

/// A case: the buggy program, its known fix, and what differs between them.
struct Case {
    file: String,
    buggy: String,
    fixed: String,
    /// 0-based lines of the buggy text the fix replaces (never empty: a pure insertion takes
    /// the line before it along).
    old_lines: Range<usize>,
    /// The fixed text's lines that replace them.
    new_lines: Range<usize>,
}

impl Case {
    fn load(file: &str) -> Self {
        let (stem, ext) = file.rsplit_once('.').expect("NAME.EXT");
        let read = |name: &str| {
            std::fs::read_to_string(buggy_dir().join(name))
                .unwrap_or_else(|e| panic!("{file}: reading {name}: {e}"))
        };
        let buggy = read(file);
        let fixed = read(&format!("{stem}.fixed.{ext}"));
        let diff = similar::TextDiff::from_lines(&buggy, &fixed);
        let changed: Vec<_> = diff
            .ops()
            .iter()
            .filter(|op| op.tag() != similar::DiffTag::Equal)
            .collect();
        let (first, last) = match (changed.first(), changed.last()) {
            (Some(first), Some(last)) => (first, last),
            _ => panic!("{file}: the fixed file is the same as the buggy one"),
        };
        let mut old_lines = first.old_range().start..last.old_range().end;
        let mut new_lines = first.new_range().start..last.new_range().end;
        if old_lines.is_empty() {
            assert!(
                old_lines.start > 0,
                "{file}: a fix that only inserts at the top"
            );
            old_lines.start -= 1;
            new_lines.start -= 1;
        }
        let touched: usize = changed
            .iter()
            .map(|op| op.old_range().len().max(op.new_range().len()))
            .sum();
        assert!(
            touched <= 4,
            "{file}: the fix should change a few lines, not {touched} ({old_lines:?} → {new_lines:?})"
        );
        Self {
            file: file.to_owned(),
            buggy,
            fixed,
            old_lines,
            new_lines,
        }
    }

    fn language(&self) -> &'static str {
        match self.file.rsplit_once('.').map(|(_, ext)| ext) {
            Some("py") => "python",
            Some("js") => "javascript",
            Some("ts") => "typescript",
            other => panic!("{}: unknown extension {other:?}", self.file),
        }
    }

    fn comment(&self) -> &'static str {
        if self.language() == "python" {
            "#"
        } else {
            "//"
        }
    }

    /// Byte range of the changed lines in the buggy text.
    fn old_bytes(&self) -> Range<usize> {
        line_offset(&self.buggy, self.old_lines.start)..line_offset(&self.buggy, self.old_lines.end)
    }

    /// The changed lines of the fixed text: the known fix as a model proposes it.
    fn fix_code(&self) -> String {
        lines(&self.fixed)[self.new_lines.clone()].concat()
    }

    /// A wrong candidate: the buggy lines again under a comment claiming a fix (still fails).
    fn wrong_code(&self) -> String {
        let old = lines(&self.buggy)[self.old_lines.clone()].concat();
        let indent: String = old.chars().take_while(|c| *c == ' ').collect();
        format!(
            "{indent}{} fixed: checked the bounds and the types\n{old}",
            self.comment()
        )
    }

    /// The cursor: the first non-blank character of the first changed line.
    fn cursor(&self) -> usize {
        let start = line_offset(&self.buggy, self.old_lines.start);
        let line = lines(&self.buggy)[self.old_lines.start];
        start + (line.len() - line.trim_start().len())
    }
}

fn lines(text: &str) -> Vec<&str> {
    text.split_inclusive('\n').collect()
}

/// Byte offset of 0-based `line` (the text's length past the last line).
fn line_offset(text: &str, line: usize) -> usize {
    lines(text)[..line.min(lines(text).len())]
        .iter()
        .map(|l| l.len())
        .sum()
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Protocol {
    Openai,
    Anthropic,
}

/// The content of the tool result answering `call_id` in a request body of either protocol.
fn tool_result(body: &Value, call_id: &str) -> Option<String> {
    let messages = body["messages"].as_array()?;
    for message in messages.iter().rev() {
        // OpenAI: {"role": "tool", "tool_call_id", "content"}.
        if message["tool_call_id"] == call_id {
            return message["content"].as_str().map(str::to_owned);
        }
        // Anthropic: {"role": "user", "content": [{"type": "tool_result", "tool_use_id", ...}]}.
        for block in message["content"].as_array().into_iter().flatten() {
            if block["type"] == "tool_result" && block["tool_use_id"] == call_id {
                return Some(match &block["content"] {
                    Value::String(text) => text.clone(),
                    Value::Array(parts) => parts
                        .iter()
                        .filter_map(|p| p["text"].as_str())
                        .collect::<Vec<_>>()
                        .join("\n"),
                    other => other.to_string(),
                });
            }
        }
    }
    None
}

async fn replay(file: &str, protocol: Protocol) {
    let case = Case::load(file);
    let first_line = case.old_lines.start as u32 + 1;
    let last_line = case.old_lines.end as u32;
    let expect = match protocol {
        Protocol::Openai => "openai",
        Protocol::Anthropic => "anthropic",
    };
    let script = json!({"steps": [
        {"expect": expect, "tool_calls": [{"id": "wrong_1", "name": "propose_fix", "arguments": {
            "code": case.wrong_code(), "start_line": first_line, "end_line": last_line,
            "explanation": "checked the bounds and the types"}}]},
        // Only once the loop has said why the first candidate failed.
        {"expect": expect, "match": "still fails", "tool_calls": [{"id": "fix_2", "name": "propose_fix", "arguments": {
            "code": case.fix_code(), "start_line": first_line, "end_line": last_line,
            "explanation": "the known fix"}}]},
    ]});
    let server = ScriptedModel::start(&script).expect("the scripted model starts");
    let model_settings = ModelSettings {
        provider: match protocol {
            Protocol::Openai => ModelProvider::Openai,
            Protocol::Anthropic => ModelProvider::Anthropic,
        },
        base_url: Some(match protocol {
            Protocol::Openai => server.openai_url(),
            Protocol::Anthropic => server.anthropic_url(),
        }),
        model: Some("buggy-programs-model".into()),
        api_key_env: Some(KEY_ENV.into()),
        max_retries: 0,
        ..ModelSettings::default()
    };
    let env = |name: &str| (name == KEY_ENV).then(|| KEY.to_owned());
    let client = model::from_settings_with(&model_settings, &env, None)
        .expect("the settings are valid")
        .expect("a model is configured");
    let ctx = AiContext {
        runtimes: runtimes(),
        settings: Settings {
            model: model_settings,
            ..Settings::default()
        },
        model: client,
        cancel: CancelHandle::new(),
        progress: Arc::new(|_| {}),
    };
    let snapshot = DocumentSnapshot {
        uri: Arc::from(format!("file:///work/buggy/{file}")),
        language_id: Arc::from(case.language()),
        version: 3,
        text: Arc::from(case.buggy.as_str()),
    };
    let cursor = case.cursor();
    let report = ai::fix(
        &ctx,
        FixRequest {
            snapshot,
            target: RunTarget::Range(cursor..cursor),
            diagnostics: vec![],
            known_runs: vec![],
        },
    )
    .await
    .unwrap_or_else(|e| panic!("{file}: the loop could not run: {e}"));

    // The program as written fails.
    let original = &report.original.outcome;
    assert!(
        original.status != Status::Ok || original.error.is_some(),
        "{file}: the buggy program passed ({}): {original:?}",
        report.original.name
    );
    // Attempt 1 ran and was rejected; attempt 2 is the fix.
    assert_eq!(report.attempts.len(), 2, "{file}: {:#?}", report.attempts);
    assert!(
        !report.attempts[0].passed && report.attempts[0].result.starts_with('✗'),
        "{file}: the wrong candidate was not rejected by its run: {:#?}",
        report.attempts
    );
    assert!(report.attempts[1].passed, "{file}: {:#?}", report.attempts);
    let fix = report
        .fix
        .as_ref()
        .unwrap_or_else(|| panic!("{file}: no fix: {:#?}", report.attempts));
    assert_eq!(fix.round, 2, "{file}");
    assert_eq!(fix.run.outcome.status, Status::Ok, "{file}: {:?}", fix.run);
    assert!(fix.run.outcome.error.is_none(), "{file}: {:?}", fix.run);
    assert_eq!(
        fix.run.name, report.original.name,
        "{file}: the check ran something else"
    );
    // The edits give exactly the known fix, and touch only the changed lines.
    assert_eq!(
        apply_edits(&case.buggy, &fix.edits),
        case.fixed,
        "{file}: the edits do not give the fixed file: {:?}",
        fix.edits
    );
    let changed = case.old_bytes();
    assert!(!fix.edits.is_empty(), "{file}");
    for edit in &fix.edits {
        assert!(
            edit.range.start >= changed.start && edit.range.end <= changed.end,
            "{file}: edit {edit:?} leaves the changed lines {changed:?}"
        );
    }
    let edited: usize = fix.edits.iter().map(|e| e.range.len()).sum();
    assert!(
        edited < changed.len(),
        "{file}: not minimal, the edits replace the whole changed lines: {:?}",
        fix.edits
    );

    // Over the wire: two requests with the key, the second carrying why the first failed.
    let requests = server.requests();
    assert_eq!(requests.len(), 2, "{file}: {requests:#?}");
    for request in &requests {
        assert_eq!(request["protocol"], expect, "{file}");
        let fingerprint = ScriptedModel::key_fingerprint(KEY);
        let sent = match protocol {
            Protocol::Openai => request["headers"]["authorization"]
                .as_str()
                .map(|h| h.trim_start_matches("Bearer ").to_owned()),
            Protocol::Anthropic => request["headers"]["x-api-key"].as_str().map(str::to_owned),
        };
        assert_eq!(sent.as_deref(), Some(fingerprint.as_str()), "{file}");
    }
    assert_eq!(
        requests[1]["step"], 1,
        "{file}: the fix answered no feedback"
    );
    let feedback = tool_result(&requests[1]["body"], "wrong_1")
        .unwrap_or_else(|| panic!("{file}: no result for the first candidate: {requests:#?}"));
    // `✗ AssertionError: [8, 6, 10, 15, 16] (line 11) · 2.1 ms` → `AssertionError`.
    let kind = report.attempts[0]
        .result
        .trim_start_matches('✗')
        .trim()
        .split([':', ' '])
        .next()
        .unwrap_or_default();
    assert!(!kind.is_empty(), "{file}: {:?}", report.attempts[0]);
    assert!(
        feedback.contains("still fails") && feedback.contains(kind),
        "{file}: the model was not told why its candidate failed ({kind}): {feedback}"
    );
    assert!(
        tool_result(&requests[0]["body"], "wrong_1").is_none(),
        "{file}: the first request already had a result"
    );
}

/// One test per case, each naming its protocol.
macro_rules! cases {
    ($($name:ident: $file:literal via $protocol:ident,)*) => {
        $(
            #[tokio::test]
            async fn $name() {
                replay($file, Protocol::$protocol).await;
            }
        )*

        const CASES: &[&str] = &[$($file),*];
    };
}

cases! {
    py_off_by_one: "py_off_by_one.py" via Openai,
    py_dict_key: "py_dict_key.py" via Openai,
    py_mutable_default: "py_mutable_default.py" via Openai,
    py_int_division: "py_int_division.py" via Openai,
    py_str_num: "py_str_num.py" via Openai,
    py_wrong_comparison: "py_wrong_comparison.py" via Openai,
    py_name_typo: "py_name_typo.py" via Openai,
    py_wrong_index: "py_wrong_index.py" via Openai,
    py_forgotten_return: "py_forgotten_return.py" via Openai,
    py_wrong_regex: "py_wrong_regex.py" via Openai,
    py_json_field: "py_json_field.py" via Anthropic,
    py_missing_await: "py_missing_await.py" via Anthropic,
    py_sort_key: "py_sort_key.py" via Anthropic,
    py_remove_while_iterating: "py_remove_while_iterating.py" via Openai,
    py_none_default: "py_none_default.py" via Openai,
    js_sort_comparator: "js_sort_comparator.js" via Anthropic,
    js_this_binding: "js_this_binding.js" via Anthropic,
    js_missing_await: "js_missing_await.js" via Anthropic,
    js_string_concat: "js_string_concat.js" via Anthropic,
    js_off_by_one: "js_off_by_one.js" via Anthropic,
    js_index_of: "js_index_of.js" via Anthropic,
    js_json_field: "js_json_field.js" via Openai,
    js_var_closure: "js_var_closure.js" via Openai,
    js_regex_global: "js_regex_global.js" via Anthropic,
    ts_parse_int: "ts_parse_int.ts" via Anthropic,
    ts_reduce_initial: "ts_reduce_initial.ts" via Anthropic,
    ts_map_get: "ts_map_get.ts" via Openai,
    ts_date_month: "ts_date_month.ts" via Anthropic,
}

/// Every case in the directory has a test and a line in its README, and the set is as large
/// as the issue asks.
#[test]
fn every_case_is_replayed_and_listed() {
    let mut on_disk: Vec<String> = std::fs::read_dir(buggy_dir())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| !name.contains(".fixed.") && name != "README.md")
        .collect();
    on_disk.sort();
    let mut listed: Vec<String> = CASES.iter().map(|c| c.to_string()).collect();
    listed.sort();
    assert_eq!(on_disk, listed, "cases on disk vs. tests");
    let readme = std::fs::read_to_string(buggy_dir().join("README.md")).unwrap();
    for case in CASES {
        let stem = case.rsplit_once('.').unwrap().0;
        assert!(readme.contains(&format!("`{stem}`")), "README lacks {stem}");
    }
    let python = CASES.iter().filter(|c| c.ends_with(".py")).count();
    assert!(python >= 13, "{python} Python cases");
    assert!(
        CASES.len() - python >= 11,
        "{} JS/TS cases",
        CASES.len() - python
    );
}
