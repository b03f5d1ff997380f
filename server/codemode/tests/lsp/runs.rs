//! Open → code action → execute → what the server publishes, per kind of snippet and
//! language, as JSON snapshots; code lenses before and after a run; the capabilities.

use insta::assert_json_snapshot;
use serde_json::{Value, json};

use crate::client::{ResponseError, TestServer, editor_capabilities};
use crate::scrub::scrub;

/// Runs the code action offered at `range` of the open document `uri`: the action and every
/// message the server sent for the run, in order (the command's result is checked to be the
/// outcome in `codemode/runResult`).
fn run_action(server: &mut TestServer, uri: &str, range: [u32; 4]) -> Value {
    let actions = server.code_actions(uri, range).expect("code actions");
    let runs: Vec<&Value> = actions
        .as_array()
        .expect("a list of actions")
        .iter()
        .filter(|a| a["command"]["command"] == "codemode.run")
        .collect();
    let [action] = runs.as_slice() else {
        panic!("one Run action expected: {actions:#}");
    };
    let result = outcome_or_error(server.execute(&action["command"]));
    let published = published_run(server);
    // The command answers with the outcome that `codemode/runResult` carries.
    let last = published.as_array().unwrap().last().unwrap();
    assert_eq!(
        result, last["params"]["outcome"],
        "the response and runResult differ"
    );
    let mut record = json!({
        "action": {
            "title": action["title"],
            "kind": action["kind"],
            "arguments": action["command"]["arguments"],
        },
        "published": published,
    });
    scrub(&mut record);
    record
}

fn outcome_or_error(result: Result<Value, ResponseError>) -> Value {
    match result {
        Ok(value) => value,
        Err(e) => json!({"error": {"code": e.code, "message": e.message}}),
    }
}

/// The messages received up to and including the next `codemode/runResult` (the last one a
/// run publishes), as `{method, params}`.
fn published_run(server: &mut TestServer) -> Value {
    let result = server.wait_for("codemode/runResult", |m| {
        m["method"] == "codemode/runResult"
    });
    let mut messages = server.take_received();
    messages.push(result);
    messages
        .into_iter()
        .map(|m| json!({"method": m["method"], "params": m["params"]}))
        .collect()
}

fn opened(uri: &str, language_id: &str, text: &str) -> TestServer {
    let mut server = TestServer::start();
    server.open(uri, language_id, 1, text);
    server
}

fn finish(server: TestServer) {
    let status = server.shutdown_and_exit();
    assert_eq!(
        status.code(),
        Some(0),
        "exit status after shutdown and exit"
    );
}

const PYTHON_FUNCTIONS: &str = r#"def fizzbuzz(n):
    return "Fizz" * (n % 3 == 0) + "Buzz" * (n % 5 == 0) or str(n)


def first():
    return [fizzbuzz(i) for i in range(1, 16)]


def ratio():
    return helper(0)


def helper(d):
    return 1 / d
"#;

#[test]
fn python_function_shows_its_value() {
    let uri = "file:///w/fizz.py";
    let mut server = opened(uri, "python", PYTHON_FUNCTIONS);
    assert_json_snapshot!(
        "python_function",
        run_action(&mut server, uri, [5, 8, 5, 8])
    );
    finish(server);
}

#[test]
fn python_function_error_points_at_the_raising_line() {
    let uri = "file:///w/fizz.py";
    let mut server = opened(uri, "python", PYTHON_FUNCTIONS);
    assert_json_snapshot!(
        "python_function_error",
        run_action(&mut server, uri, [9, 4, 9, 4])
    );
    finish(server);
}

#[test]
fn python_cell_runs_with_the_context_above() {
    let uri = "file:///w/cells.py";
    let text = "import math\n\n# %% setup\nradius = 2\nprint('setup ran')\n\n# %% area\narea = math.pi * radius ** 2\nprint(f'area={area:.2f}')\nround(area, 3)\n";
    let mut server = opened(uri, "python", text);
    assert_json_snapshot!("python_cell", run_action(&mut server, uri, [8, 0, 8, 0]));
    finish(server);
}

#[test]
fn python_failing_doctest() {
    let uri = "file:///w/double.py";
    let text = r#"def double(x):
    """Double a number.

    >>> double(2)
    4
    >>> double(3)
    7
    """
    return x * 2
"#;
    let mut server = opened(uri, "python", text);
    assert_json_snapshot!("python_doctest", run_action(&mut server, uri, [3, 8, 3, 8]));
    finish(server);
}

#[test]
fn python_main_block() {
    let uri = "file:///w/greet.py";
    let text = r#"import sys


def greet(name):
    return f"hello {name}"


if __name__ == "__main__":
    print(greet("world"))
    print("to stderr", file=sys.stderr)
    raise SystemExit(greet(None).upper() + 1)
"#;
    let mut server = opened(uri, "python", text);
    assert_json_snapshot!("python_main", run_action(&mut server, uri, [8, 4, 8, 4]));
    finish(server);
}

#[test]
fn javascript_function_throws() {
    let uri = "file:///w/parse.js";
    let text = "const DEFAULTS = { strict: true };\n\nfunction parse() {\n  console.log('parsing', DEFAULTS);\n  return JSON.parse('{bad');\n}\n";
    let mut server = opened(uri, "javascript", text);
    assert_json_snapshot!(
        "javascript_function",
        run_action(&mut server, uri, [3, 2, 3, 2])
    );
    finish(server);
}

#[test]
fn javascript_selection() {
    let uri = "file:///w/sum.js";
    let text = "function add(a, b) {\n  return a + b;\n}\n\nconst total = add(40, 2);\nconsole.log(`total ${total}`);\ntotal * 2\n";
    let mut server = opened(uri, "javascript", text);
    assert_json_snapshot!(
        "javascript_selection",
        run_action(&mut server, uri, [4, 0, 6, 9])
    );
    finish(server);
}

#[test]
fn typescript_function() {
    let uri = "file:///w/norm.ts";
    let text = "interface Point {\n  x: number;\n  y: number;\n}\n\nfunction norm(p: Point): number {\n  return Math.hypot(p.x, p.y);\n}\n\nfunction main(): string {\n  const p: Point = { x: 3, y: 4 };\n  return `norm=${norm(p)}`;\n}\n";
    let mut server = opened(uri, "typescript", text);
    assert_json_snapshot!(
        "typescript_function",
        run_action(&mut server, uri, [10, 2, 10, 2])
    );
    finish(server);
}

#[test]
fn markdown_fence() {
    let uri = "file:///w/notes.md";
    let text = "# Notes\n\n```python\nxs = [1, 2, 3]\n```\n\nSome text.\n\n```python\nprint(sum(xs))\nlen(xs) / 0\n```\n";
    let mut server = opened(uri, "markdown", text);
    assert_json_snapshot!("markdown_fence", run_action(&mut server, uri, [9, 0, 9, 0]));
    finish(server);
}

const LENSES: &str = r#"import math


def area():
    return round(math.pi * 2 ** 2, 2)


def double(x):
    """
    >>> double(2)
    4
    """
    return x * 2


# %%
print(area())

if __name__ == "__main__":
    print(double(area()))
"#;

fn lenses(server: &mut TestServer, uri: &str) -> Value {
    let mut lenses = server.code_lenses(uri);
    scrub(&mut lenses);
    lenses
}

#[test]
fn code_lenses_before_and_after_a_run() {
    let uri = "file:///w/lenses.py";
    let mut server = opened(uri, "python", LENSES);
    let before = lenses(&mut server, uri);
    assert_json_snapshot!("lenses_before", before);

    // Run the lens of `area()` the way an editor does: its command, with a progress token.
    let area = before
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["range"]["start"]["line"] == 3)
        .expect("a lens on `def area`");
    let id = server.send_request(
        "workspace/executeCommand",
        json!({
            "command": area["command"]["command"],
            "arguments": area["command"]["arguments"],
            "workDoneToken": "run-1",
        }),
    );
    let result = server.response(id).expect("the run");
    assert_eq!(result["value"], "12.57");
    let mut published = published_run(&mut server);
    scrub(&mut published);
    assert_json_snapshot!("lens_run_published", published);
    // The editor is asked to refresh its lenses...
    server.wait_for_server_request("workspace/codeLens/refresh");
    // ...and sees the result in the title.
    assert_json_snapshot!("lenses_after", lenses(&mut server, uri));

    // An edit makes the result stale: the lens loses it.
    server.change(uri, 2, [16, 0, 16, 0], "# edited\n");
    let after_edit = lenses(&mut server, uri);
    assert!(
        after_edit
            .as_array()
            .unwrap()
            .iter()
            .all(|l| !l["command"]["title"].as_str().unwrap().contains('·')),
        "{after_edit:#}"
    );
    finish(server);
}

#[test]
fn initialize_negotiates_utf8_and_declares_capabilities() {
    let (server, mut result) = TestServer::builder()
        .capabilities(json!({"general": {"positionEncodings": ["utf-16", "utf-8"]}}))
        .start();
    result["serverInfo"]["version"] = "[version]".into();
    assert_json_snapshot!("initialize_utf8", result);
    finish(server);
}

#[test]
fn initialize_falls_back_to_utf16() {
    let (server, result) = TestServer::builder().start();
    assert_eq!(result["capabilities"]["positionEncoding"], "utf-16");
    finish(server);
}

/// In UTF-8 the diagnostic's columns count bytes: `é` and `😀` before the error move it.
#[test]
fn utf8_positions_in_diagnostics() {
    let (mut server, _) = TestServer::builder()
        .capabilities(json!({"general": {"positionEncodings": ["utf-8"]}}))
        .start();
    let uri = "file:///w/accents.py";
    server.open(uri, "python", 1, "s = 'é😀'; t = s + 1\n");
    let run = run_action(&mut server, uri, [0, 0, 0, 0]);
    let diagnostics = &run["published"][1]["params"];
    assert_eq!(
        run["published"][1]["method"],
        "textDocument/publishDiagnostics"
    );
    assert_json_snapshot!("utf8_diagnostics", diagnostics);
    finish(server);
}

#[test]
fn no_lens_refresh_for_a_client_that_cannot_take_it() {
    let mut capabilities = editor_capabilities();
    capabilities["workspace"] = json!({});
    let (mut server, _) = TestServer::builder().capabilities(capabilities).start();
    let uri = "file:///w/a.py";
    server.open(uri, "python", 1, "# %%\n1 + 1\n");
    let run = run_action(&mut server, uri, [1, 0, 1, 0]);
    assert_eq!(run["published"][2]["params"]["outcome"]["value"], "2");
    // Whatever else the server sends in the next moments, it is not a refresh request.
    server.drain(std::time::Duration::from_millis(300));
    assert_eq!(server.server_requests, Vec::<Value>::new());
    finish(server);
}
