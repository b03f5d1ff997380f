//! Generate tests against the real sandbox (the guests' test runners), with a model that
//! answers from a script: passing tests are kept, a wrong test is revised, a test that shows
//! the code is wrong becomes a finding, and only passing tests are inserted.

mod common;

use std::sync::Arc;

use codemode_runtimes::CancelHandle;
use codemode_service::ai::{self, AiContext, Placed, TestPlacement, TestsRequest};
use codemode_service::model::{ChatResponse, Message, ModelClient, StopReason, ToolCall, Usage};
use codemode_service::text::{DocumentSnapshot, apply_edits};
use codemode_service::{RunTarget, Settings};
use common::{Scripted, runtimes};
use serde_json::json;

fn propose(id: &str, code: &str, findings: serde_json::Value) -> ChatResponse {
    ChatResponse {
        text: String::new(),
        tool_calls: vec![ToolCall {
            id: id.into(),
            name: "propose_tests".into(),
            arguments: json!({"code": code, "findings": findings}),
        }],
        stop: StopReason::ToolUse,
        usage: Usage {
            input_tokens: 50,
            output_tokens: 50,
        },
    }
}

fn context(answers: Vec<ChatResponse>, placement: TestPlacement) -> (AiContext, Arc<Scripted>) {
    let model = Scripted::new(answers);
    let mut settings = Settings::default();
    settings.ai.tests_placement = placement;
    let ctx = AiContext {
        runtimes: runtimes(),
        settings,
        model: Arc::clone(&model) as Arc<dyn ModelClient>,
        cancel: CancelHandle::new(),
        progress: Arc::new(|_| {}),
    };
    (ctx, model)
}

fn snapshot(uri: &str, language: &str, text: &str) -> DocumentSnapshot {
    DocumentSnapshot {
        uri: Arc::from(uri),
        language_id: Arc::from(language),
        version: 4,
        text: Arc::from(text),
    }
}

const SLUG: &str = "import re\n\n\ndef slugify(title):\n    \"\"\"Lowercase words joined by dashes, without punctuation.\"\"\"\n    return \"-\".join(title.lower().split())\n\n\nprint(slugify(\"Hello World\"))\n";

const ROUND_1: &str = "def test_simple():\n    assert slugify(\"Hello World\") == \"hello-world\"\n\n\ndef test_spaces():\n    assert slugify(\"A  B\") == \"a--b\"\n\n\ndef test_punctuation():\n    assert slugify(\"Hi, there!\") == \"hi-there\"\n";

const ROUND_2: &str = "def test_spaces():\n    assert slugify(\"A  B\") == \"a-b\"\n\n\ndef test_punctuation():\n    assert slugify(\"Hi, there!\") == \"hi-there\"\n";

#[tokio::test]
async fn python_only_passing_tests_are_kept_and_a_wrong_code_is_a_finding() {
    let (ctx, model) = context(
        vec![
            propose("t1", ROUND_1, json!([])),
            propose(
                "t2",
                ROUND_2,
                json!([{"test": "test_punctuation", "reason": "punctuation is kept"}]),
            ),
        ],
        TestPlacement::Append,
    );
    let at = SLUG.find("return").unwrap();
    let report = ai::generate_tests(
        &ctx,
        TestsRequest {
            snapshot: snapshot("file:///w/slug.py", "python", SLUG),
            target: RunTarget::Range(at..at),
        },
    )
    .await
    .unwrap();
    assert_eq!((report.kind, report.name.as_str()), ("function", "slugify"));
    let tests = report.tests.expect("tests kept");
    assert_eq!(tests.kept, ["test_simple", "test_spaces"]);
    assert_eq!(report.findings.len(), 1, "{:?}", report.findings);
    assert_eq!(report.findings[0].test, "test_punctuation");
    assert_eq!(report.findings[0].reason, "punctuation is kept");
    assert!(
        report.findings[0].failure.contains("hi,-there!"),
        "{:?}",
        report.findings
    );
    assert_eq!(report.attempts.len(), 2);
    assert!(!report.attempts[0].passed && report.attempts[1].passed);

    let Placed::Append(edit) = &tests.placement else {
        panic!("appended by default")
    };
    let new = apply_edits(SLUG, std::slice::from_ref(edit));
    assert!(new.starts_with(SLUG));
    assert!(new.contains("def test_simple"));
    assert!(new.contains("== \"a-b\""));
    assert!(!new.contains("a--b") && !new.contains("test_punctuation"));

    // The model heard which tests failed, with the line in the tests.
    let seen = model.seen.lock().unwrap();
    let Some(Message::ToolResult { content, .. }) = seen[1].messages.last() else {
        panic!("the failures are fed back")
    };
    assert!(
        content.contains("test_spaces") && content.contains("test_punctuation"),
        "{content}"
    );
    assert!(!content.contains("- test_simple"), "{content}");
    assert!(content.contains("line 6 of the tests"), "{content}");
}

const STACK: &str = "export class Stack {\n  constructor() { this.items = []; }\n  push(x) { this.items.push(x); return this; }\n  pop() { return this.items.pop(); }\n  get size() { return this.items.length; }\n}\n";

#[tokio::test]
async fn javascript_tests_go_to_a_new_test_file() {
    let tests = "import { test } from 'node:test';\nimport assert from 'node:assert/strict';\n\ntest('push then pop', () => {\n  const s = new Stack();\n  s.push(1).push(2);\n  assert.equal(s.pop(), 2);\n  assert.equal(s.size, 1);\n});\n\ntest('pop on empty', () => {\n  assert.equal(new Stack().pop(), null);\n});\n";
    let revised = "import { test } from 'node:test';\nimport assert from 'node:assert/strict';\n\ntest('pop on empty', () => {\n  assert.equal(new Stack().pop(), undefined);\n});\n";
    let (ctx, _) = context(
        vec![
            propose("t1", tests, json!([])),
            propose("t2", revised, json!([])),
        ],
        TestPlacement::File,
    );
    let report = ai::generate_tests(
        &ctx,
        TestsRequest {
            snapshot: snapshot("file:///w/stack.js", "javascript", STACK),
            target: RunTarget::Runnable {
                kind: "class".into(),
                name: "Stack".into(),
                start: 0,
            },
        },
    )
    .await
    .unwrap();
    let tests = report.tests.expect("kept");
    assert_eq!(tests.kept, ["push then pop", "pop on empty"]);
    let Placed::NewFile { uri, text } = &tests.placement else {
        panic!("a new file")
    };
    assert_eq!(uri, "file:///w/stack.test.js");
    assert!(
        text.contains("import { Stack } from \"./stack.js\";"),
        "{text}"
    );
    assert!(
        text.contains("undefined") && !text.contains("null"),
        "{text}"
    );
    assert_eq!(
        text.matches("import { test } from 'node:test';").count(),
        1,
        "{text}"
    );
}

#[tokio::test]
async fn a_cell_is_not_something_to_generate_tests_for() {
    let text = "# %% setup\nx = 1\n";
    let (ctx, _) = context(vec![], TestPlacement::Append);
    let error = ai::generate_tests(
        &ctx,
        TestsRequest {
            snapshot: snapshot("file:///w/nb.py", "python", text),
            target: RunTarget::Range(3..3),
        },
    )
    .await
    .unwrap_err();
    assert!(error.to_string().contains("function or a class"), "{error}");
}
