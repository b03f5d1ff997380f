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
