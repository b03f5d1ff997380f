//! The in-sandbox API through the real CPython and QuickJS guests: modules provided for one run,
//! `codemode.report`, tool calls through the host's `ToolHost`, and the test runners that
//! Generate tests relies on.

mod common;

use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};

use codemode_runtimes::{GuestModule, Language, RunOutcome, Status, ToolHost};
use common::{request, run_with};
use serde_json::{Value, json};

const PY: Language = Language::Python;
const JS: Language = Language::JavaScript;
const TS: Language = Language::TypeScript;

fn module(name: &str, source: &str) -> GuestModule {
    GuestModule {
        name: name.into(),
        source: source.into(),
    }
}

async fn run_modules(language: Language, code: &str, modules: Vec<GuestModule>) -> RunOutcome {
    let mut req = request(language, code);
    req.modules = modules;
    run_with(req).await
}

fn ok(outcome: &RunOutcome) {
    assert_eq!(outcome.status, Status::Ok, "{outcome:#?}");
}

// --- modules -----------------------------------------------------------------------------------

#[tokio::test]
async fn python_imports_provided_modules_and_nested_packages() {
    let modules = vec![
        module("helpers", "def double(x):\n    return 2 * x\n"),
        module(
            "skills.text.summarize",
            "from helpers import double\n\ndef run(s):\n    return s[: double(2)]\n",
        ),
        module("servers", "NAMES = ['github']\n"),
    ];
    let outcome = run_modules(
        PY,
        "import helpers\nfrom skills.text import summarize\nimport skills.text.summarize as s2\nimport servers\nprint(helpers.double(21), summarize.run('abcdefgh'), s2 is summarize, servers.NAMES)\n",
        modules.clone(),
    )
    .await;
    ok(&outcome);
    assert_eq!(outcome.stdout, "42 abcd True ['github']\n");
    // Nothing leaks into the next run.
    let outcome = run_modules(PY, "import helpers\n", Vec::new()).await;
    assert_eq!(outcome.status, Status::Error);
    assert_eq!(outcome.error.unwrap().kind, "ModuleNotFoundError");
}

#[tokio::test]
async fn python_error_inside_a_module_shows_its_frame() {
    let outcome = run_modules(
        PY,
        "from lib import f\nf(0)\n",
        vec![module("lib", "def f(x):\n    return 1 / x\n")],
    )
    .await;
    let error = outcome.error.expect("error");
    assert_eq!(error.kind, "ZeroDivisionError");
    let last = error.frames.last().unwrap();
    assert_eq!(
        (last.file.as_str(), last.span.line, last.in_snippet),
        ("lib.py", 2, false)
    );
    assert!(
        error.traceback.contains("File \"lib.py\", line 2, in f"),
        "{}",
        error.traceback
    );
    assert_eq!(
        outcome.diagnostics[0].span.line, 2,
        "the snippet's own call"
    );
}

#[tokio::test]
async fn python_module_with_a_syntax_error_names_the_module() {
    let outcome = run_modules(
        PY,
        "x = 1\nimport broken.mod\n",
        vec![module("broken.mod", "ok = 1\ndef (:\n")],
    )
    .await;
    assert_eq!(outcome.status, Status::Error);
    let error = outcome.error.unwrap();
    assert_eq!(error.kind, "SyntaxError");
    assert_eq!(error.message, "invalid syntax (broken/mod.py, line 2)");
    let last = error.frames.last().unwrap();
    assert_eq!((last.file.as_str(), last.span.line), ("broken/mod.py", 2));
    assert_eq!(
        outcome.diagnostics[0].span.line, 2,
        "at the import in the snippet"
    );
}

#[tokio::test]
async fn python_bad_module_name_is_a_clear_error() {
    let outcome = run_modules(PY, "pass\n", vec![module("skills/x", "")]).await;
    let error = outcome.error.unwrap();
    assert!(error.message.contains("dotted Python name"), "{error:?}");
}

#[tokio::test]
async fn javascript_imports_provided_modules_by_specifier() {
    let modules = vec![
        module(
            "skills/summarize",
            "import { clip } from './util';\nexport default function summarize(s) { return clip(s, 4); }\n",
        ),
        module(
            "skills/util",
            "export const clip = (s, n) => s.slice(0, n);\n",
        ),
        module("lib", "export const answer = 42;\n"),
    ];
    let code = "import summarize from 'skills/summarize';\nimport { answer } from 'lib';\nconsole.log(summarize('abcdefgh'), answer);\n";
    let outcome = run_modules(JS, code, modules.clone()).await;
    ok(&outcome);
    assert_eq!(outcome.stdout, "abcd 42\n");
    // A script (no static import) reaches them with dynamic import().
    let outcome = run_modules(
        JS,
        "const { answer } = await import('lib');\nconsole.log(answer);\n",
        modules,
    )
    .await;
    ok(&outcome);
    assert_eq!(outcome.stdout, "42\n");
    let outcome = run_modules(JS, "import { answer } from 'lib';\n", Vec::new()).await;
    assert_eq!(outcome.status, Status::Error);
    assert!(
        outcome
            .error
            .unwrap()
            .message
            .contains("Cannot find module 'lib'")
    );
}

#[tokio::test]
async fn typescript_modules_are_stripped_too() {
    let modules = vec![module(
        "lib",
        "export function twice(n: number): number { return n * 2; }\n",
    )];
    let outcome = run_modules(
        TS,
        "import { twice } from 'lib';\nconst x: number = twice(21);\nconsole.log(x);\n",
        modules,
    )
    .await;
    ok(&outcome);
    assert_eq!(outcome.stdout, "42\n");
    let outcome = run_modules(
        TS,
        "import { twice } from 'lib';\n",
        vec![module("lib", "enum E { A }\n")],
    )
    .await;
    assert_eq!(outcome.status, Status::Error);
    assert!(outcome.error.unwrap().message.contains("in module 'lib'"));
}

#[tokio::test]
async fn javascript_module_with_a_syntax_error_names_the_module() {
    let outcome = run_modules(
        JS,
        "import { f } from 'broken';\nf();\n",
        vec![module("broken", "export function f() {\n  return (;\n}\n")],
    )
    .await;
    assert_eq!(outcome.status, Status::Error);
    let error = outcome.error.unwrap();
    assert_eq!(error.kind, "SyntaxError");
    assert!(error.message.contains("(in module 'broken')"), "{error:?}");
    assert!(
        error
            .frames
            .iter()
            .any(|f| f.file == "broken" && f.span.line == 2),
        "{error:?}"
    );
}

// --- report --------------------------------------------------------------------------------------

#[tokio::test]
async fn report_is_set_and_read_back() {
    let outcome = run_with(request(
        PY,
        "import codemode\ncodemode.report({'a': [1, 2]})\ncodemode.report({'n': 3, 's': 'é'})\n",
    ))
    .await;
    ok(&outcome);
    assert_eq!(outcome.report, Some(json!({"n": 3, "s": "é"})));
    let outcome = run_with(request(PY, "print(1)\n")).await;
    assert_eq!(outcome.report, None);
    let outcome = run_with(request(PY, "import codemode\ncodemode.report({1, 2})\n")).await;
    assert_eq!(outcome.error.unwrap().kind, "TypeError");

    let outcome = run_with(request(JS, "codemode.report({ a: [1, 2], b: null });\n")).await;
    ok(&outcome);
    assert_eq!(outcome.report, Some(json!({"a": [1, 2], "b": null})));
    let outcome = run_with(request(JS, "codemode.report(() => 1);\n")).await;
    assert_eq!(outcome.error.unwrap().kind, "TypeError");
}

// --- tool calls through the host ------------------------------------------------------------------

/// `echo/echo` returns its arguments, `echo/fail` fails; every call is recorded.
#[derive(Default)]
struct EchoTools {
    calls: Mutex<Vec<(String, Value)>>,
}

impl ToolHost for EchoTools {
    fn call_tool(
        &self,
        name: String,
        args_json: String,
    ) -> Pin<Box<dyn Future<Output = Result<String, String>> + Send + 'static>> {
        let args: Value = serde_json::from_str(&args_json).expect("arguments are JSON");
        self.calls
            .lock()
            .unwrap()
            .push((name.clone(), args.clone()));
        Box::pin(async move {
            match name.as_str() {
                "echo/echo" => Ok(json!({ "echoed": args }).to_string()),
                "echo/fail" => Err("the tool failed: no such issue".into()),
                other => Err(format!("unknown tool {other}")),
            }
        })
    }
}

async fn run_tools(language: Language, code: &str) -> (RunOutcome, Vec<(String, Value)>) {
    let tools = Arc::new(EchoTools::default());
    let mut req = request(language, code);
    req.options.tools = Some(tools.clone());
    let outcome = run_with(req).await;
    let calls = tools.calls.lock().unwrap().clone();
    (outcome, calls)
}

#[tokio::test]
async fn python_calls_tools_through_the_host() {
    let (outcome, calls) = run_tools(
        PY,
        "import codemode\nr = codemode.call_tool('echo/echo', {'file-path': 'a'}, n=1)\nprint(r['echoed'])\ntry:\n    codemode.call_tool('echo/fail')\nexcept codemode.ToolError as e:\n    print('ToolError:', e)\n",
    )
    .await;
    ok(&outcome);
    assert_eq!(
        outcome.stdout,
        "{'file-path': 'a', 'n': 1}\nToolError: the tool failed: no such issue\n"
    );
    assert_eq!(
        calls,
        vec![
            ("echo/echo".into(), json!({"file-path": "a", "n": 1})),
            ("echo/fail".into(), json!({}))
        ]
    );
}

#[tokio::test]
async fn javascript_calls_tools_through_the_host() {
    let (outcome, calls) = run_tools(
        JS,
        "const r = await codemode.callTool('echo/echo', { q: 'x' });\nconsole.log(r.echoed.q);\ntry { await codemode.callTool('echo/fail'); } catch (e) { console.log(e.name, e instanceof codemode.ToolError, e.message); }\n",
    )
    .await;
    ok(&outcome);
    assert_eq!(
        outcome.stdout,
        "x\nToolError true the tool failed: no such issue\n"
    );
    assert_eq!(calls.len(), 2);
}

// --- test runners (Generate tests) ------------------------------------------------------------------

/// The harness the service appends after generated tests.
const PY_HARNESS: &str = "import codemode as __cm; __cm.run_tests(globals())\n";
const JS_HARNESS: &str = "await codemode.runTests();\n";

fn tests_of(outcome: &RunOutcome) -> Vec<(String, String, Value)> {
    ok(outcome);
    let report = outcome.report.as_ref().expect("a report");
    report["tests"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            (
                t["name"].as_str().unwrap().to_owned(),
                t["status"].as_str().unwrap().to_owned(),
                t["line"].clone(),
            )
        })
        .collect()
}

#[tokio::test]
async fn python_tests_run_and_report_in_the_guest() {
    let code = format!(
        "import pytest\nimport unittest\n\ndef add(a, b):\n    return a + b\n\ndef test_ok():\n    assert add(1, 2) == 3\n\ndef test_wrong():\n    assert add(2, 2) == 5\n\ndef test_crash():\n    return 1 / 0\n\nasync def test_async():\n    assert add(1, 1) == 2\n\nclass TestMath(unittest.TestCase):\n    def test_sub(self):\n        self.assertEqual(add(1, -1), 1)\n\n@pytest.mark.parametrize('n', [1, 2])\ndef test_param(n):\n    assert n < 2\n\ndef test_raises():\n    with pytest.raises(ZeroDivisionError):\n        1 / 0\n    assert 0.3 == pytest.approx(0.1 + 0.2)\n{PY_HARNESS}"
    );
    let outcome = run_with(request(PY, &code)).await;
    let tests = tests_of(&outcome);
    let expected: Vec<(String, String, Value)> = [
        ("test_ok", "passed", Value::Null),
        ("test_wrong", "failed", json!(11)),
        ("test_crash", "error", json!(14)),
        ("test_async", "passed", Value::Null),
        ("TestMath.test_sub", "failed", json!(21)),
        ("test_param[1]", "passed", Value::Null),
        ("test_param[2]", "failed", json!(25)),
        ("test_raises", "passed", Value::Null),
    ]
    .into_iter()
    .map(|(n, s, l)| (n.to_owned(), s.to_owned(), l))
    .collect();
    assert_eq!(tests, expected);
    let report = outcome.report.unwrap();
    assert_eq!(
        report["tests"][1]["message"],
        "assert 4 == 5\n +  where 4 = add(2, 2)"
    );
    assert_eq!(
        report["tests"][2]["message"],
        "ZeroDivisionError: division by zero"
    );
    assert_eq!(
        (report["passed"].as_u64(), report["failed"].as_u64()),
        (Some(4), Some(4))
    );
    assert!(
        outcome
            .stdout
            .contains("FAILED test_wrong (line 11) - assert 4 == 5"),
        "{}",
        outcome.stdout
    );
}

#[tokio::test]
async fn javascript_tests_run_and_report_in_the_guest() {
    let code = format!(
        "import {{ test, describe, it }} from 'node:test';\nimport assert from 'node:assert/strict';\n\nconst add = (a, b) => a + b;\n\ntest('adds', () => {{\n  assert.equal(add(1, 2), 3);\n}});\ntest('wrong', () => {{\n  assert.strictEqual(add(2, 2), 5);\n}});\ntest('crash', () => {{\n  null.x;\n}});\ndescribe('math', () => {{\n  it('async', async () => {{\n    await new Promise((r) => setTimeout(r, 1));\n    assert.deepStrictEqual({{ a: add(1, 1) }}, {{ a: 3 }});\n  }});\n  it.skip('later', () => {{}});\n  it('throws', () => {{\n    assert.throws(() => {{ throw new TypeError('bad'); }}, TypeError);\n  }});\n}});\n{JS_HARNESS}"
    );
    let outcome = run_with(request(JS, &code)).await;
    let tests = tests_of(&outcome);
    let expected: Vec<(String, String, Value)> = [
        ("adds", "passed", Value::Null),
        ("wrong", "failed", json!(10)),
        ("crash", "error", json!(13)),
        ("math > async", "failed", json!(18)),
        ("math > later", "skipped", Value::Null),
        ("math > throws", "passed", Value::Null),
    ]
    .into_iter()
    .map(|(n, s, l)| (n.to_owned(), s.to_owned(), l))
    .collect();
    assert_eq!(tests, expected);
    let report = outcome.report.unwrap();
    assert_eq!(
        report["tests"][1]["message"],
        "Expected values to be strictly equal:\n\n4 !== 5\n"
    );
    assert!(
        report["tests"][3]["message"]
            .as_str()
            .unwrap()
            .contains("  {\n+   a: 2\n-   a: 3\n  }"),
        "{report}"
    );
    assert_eq!(
        report["tests"][2]["message"],
        "TypeError: cannot read property 'x' of null"
    );
    assert_eq!(
        (
            report["passed"].as_u64(),
            report["failed"].as_u64(),
            report["skipped"].as_u64()
        ),
        (Some(2), Some(3), Some(1))
    );
}

#[tokio::test]
async fn typescript_tests_with_the_harness() {
    let code = format!(
        "import test from 'node:test';\nimport * as assert from 'node:assert';\n\nfunction twice(n: number): number {{\n  return n * 2;\n}}\n\ntest('twice', (): void => {{\n  assert.strictEqual(twice(2), 4);\n  assert.notStrictEqual(twice(2), 5);\n  assert.match('abc', /b/);\n}});\ntest('twice fails', () => {{\n  assert.equal(twice(3), 7, 'three');\n}});\n{JS_HARNESS}"
    );
    let outcome = run_with(request(TS, &code)).await;
    let tests = tests_of(&outcome);
    assert_eq!(tests[0].1, "passed", "{tests:?}");
    assert_eq!((tests[1].1.as_str(), &tests[1].2), ("failed", &json!(14)));
    assert_eq!(outcome.report.unwrap()["tests"][1]["message"], "three");
}

#[tokio::test]
async fn javascript_tests_never_run_explicitly_run_at_the_end_like_node() {
    let code = "const test = require('node:test');\nconst assert = require('node:assert');\ntest('later', async () => {\n  await new Promise((r) => setTimeout(r, 5));\n  assert.ok(false);\n});\nconsole.log('registered');\n";
    let outcome = run_with(request(JS, code)).await;
    let tests = tests_of(&outcome);
    assert_eq!(
        tests,
        vec![("later".to_owned(), "failed".to_owned(), json!(5))]
    );
    assert!(
        outcome.stdout.starts_with("registered\n✖ later"),
        "{}",
        outcome.stdout
    );
}

#[tokio::test]
async fn python_unittest_main_reports_before_it_exits() {
    let code = "import unittest\n\ndef add(a, b):\n    return a - b\n\nclass TestAdd(unittest.TestCase):\n    def test_add(self):\n        self.assertEqual(add(2, 2), 4)\n\nif __name__ == '__main__':\n    unittest.main()\nimport codemode as __cm; __cm.run_tests(globals())\n";
    let outcome = run_with(request(PY, code)).await;
    assert_eq!(outcome.exit_code, Some(1));
    assert!(
        outcome.stderr.contains("FAILED (failures=1)"),
        "{}",
        outcome.stderr
    );
    let report = outcome.report.expect("a report");
    assert_eq!(report["tests"][0]["name"], "TestAdd.test_add");
    assert_eq!(report["tests"][0]["message"], "0 != 4");
    assert_eq!(report["tests"][0]["line"], 8);
}

#[tokio::test]
async fn an_uncaught_tool_error_points_at_the_call() {
    let (outcome, _) = run_tools(PY, "import codemode\n\ncodemode.call_tool('echo/fail')\n").await;
    let error = outcome.error.expect("an error");
    assert_eq!(error.kind, "codemode.ToolError");
    assert_eq!(error.message, "the tool failed: no such issue");
    assert!(
        error.traceback.starts_with("Traceback"),
        "{}",
        error.traceback
    );
    assert!(
        !error.traceback.contains("component.py"),
        "{}",
        error.traceback
    );
    assert_eq!(outcome.diagnostics[0].span.line, 3);
    let (outcome, _) = run_tools(JS, "\nawait codemode.callTool('echo/fail');\n").await;
    let error = outcome.error.expect("an error");
    assert_eq!(error.kind, "ToolError");
    assert_eq!(
        outcome.diagnostics[0].span.line, 2,
        "{:#?}",
        outcome.diagnostics
    );
}

#[tokio::test]
async fn failures_in_the_code_under_test_carry_both_lines() {
    let code = format!(
        "function div(a, b) {{\n  if (b === 0) throw new RangeError('b is 0');\n  return a / b;\n}}\nconst test = require('node:test');\ntest('div', () => {{\n  div(1, 0);\n}});\n{JS_HARNESS}"
    );
    let outcome = run_with(request(JS, &code)).await;
    let report = outcome.report.expect("a report");
    let t = &report["tests"][0];
    assert_eq!(
        (t["status"].as_str(), &t["line"], &t["test_line"]),
        (Some("error"), &json!(2), &json!(7)),
        "{report}"
    );
    let code = format!(
        "def div(a, b):\n    return a / b\n\ndef test_div():\n    assert div(1, 0) == 0\n{PY_HARNESS}"
    );
    let outcome = run_with(request(PY, &code)).await;
    let report = outcome.report.expect("a report");
    let t = &report["tests"][0];
    assert_eq!(
        (t["status"].as_str(), &t["line"], &t["test_line"]),
        (Some("error"), &json!(2), &json!(5)),
        "{report}"
    );
}

#[tokio::test]
async fn python_capsys_captures_what_the_test_prints() {
    let code = format!(
        "def greet(name):\n    print(f'hi {{name}}')\n\ndef test_greet(capsys):\n    greet('ada')\n    assert capsys.readouterr().out == 'hi ada\\n'\n\ndef test_loud(capsys):\n    greet('bob')\n    assert capsys.readouterr().out == 'HI BOB\\n'\n{PY_HARNESS}"
    );
    let outcome = run_with(request(PY, &code)).await;
    let tests = tests_of(&outcome);
    assert_eq!(tests[0].1, "passed", "{tests:?}");
    assert_eq!((tests[1].1.as_str(), &tests[1].2), ("failed", &json!(10)));
    assert!(!outcome.stdout.contains("hi ada"), "{}", outcome.stdout);
    assert_eq!(
        outcome.report.unwrap()["tests"][1]["message"],
        "assert 'hi bob\\n' == 'HI BOB\\n'\n +  where 'hi bob\\n' = capsys.readouterr().out"
    );
}

#[tokio::test]
async fn javascript_mock_functions_and_methods() {
    let code = format!(
        "import {{ test, mock }} from 'node:test';\nimport assert from 'node:assert/strict';\nconst api = {{ fetch: (id) => ({{ id, real: true }}) }};\nconst load = (id) => api.fetch(id).real;\ntest('mocked', () => {{\n  const spy = mock.method(api, 'fetch', (id) => ({{ id, real: false }}));\n  assert.equal(load(7), false);\n  assert.equal(spy.mock.callCount(), 1);\n  assert.deepEqual(spy.mock.calls[0].arguments, [7]);\n  mock.restoreAll();\n  assert.equal(load(7), true);\n  const f = mock.fn((a) => a * 2);\n  assert.equal(f(4), 8);\n  assert.equal(f.mock.calls[0].result, 8);\n}});\n{JS_HARNESS}"
    );
    let outcome = run_with(request(JS, &code)).await;
    let tests = tests_of(&outcome);
    assert_eq!(tests[0].1, "passed", "{:?}", outcome.report);
}
