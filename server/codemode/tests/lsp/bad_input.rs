//! What a client can get wrong. Each test ends by checking that the server still answers a
//! normal request (a run) and then exits cleanly after `shutdown` and `exit`.

use std::time::Instant;

use insta::assert_json_snapshot;
use serde_json::{Value, json};

use crate::client::{
    INTERNAL_ERROR, INVALID_PARAMS, INVALID_REQUEST, METHOD_NOT_FOUND, PARSE_ERROR, ResponseError,
    TIMEOUT, TestServer, range_json,
};

const REQUEST_CANCELLED: i64 = -32800;
const SERVER_NOT_INITIALIZED: i64 = -32002;

/// The server still runs a snippet, then shuts down and exits with 0.
fn assert_still_serves(mut server: TestServer) {
    let uri = "file:///w/alive.py";
    server.open(uri, "python", 1, "# %%\n6 * 7\n");
    assert_eq!(value_of(&mut server, uri, [1, 0, 1, 0]), "42");
    let status = server.shutdown_and_exit();
    assert_eq!(status.code(), Some(0));
}

/// Runs the code action at `range` and returns the value shown.
fn value_of(server: &mut TestServer, uri: &str, range: [u32; 4]) -> String {
    let outcome = run_at(server, uri, range).expect("the run");
    assert_eq!(outcome["status"], "ok", "{outcome:#}");
    outcome["value"].as_str().expect("a value").to_owned()
}

fn run_at(server: &mut TestServer, uri: &str, range: [u32; 4]) -> Result<Value, ResponseError> {
    let actions = server.code_actions(uri, range)?;
    server.execute(&actions[0]["command"])
}

/// The value of a whole Python document run as a selection (its last expression).
fn document_value(server: &mut TestServer, uri: &str) -> String {
    value_of(server, uri, [0, 0, 10_000, 0])
}

fn did_change(server: &mut TestServer, uri: &str, version: i32, changes: Value) {
    server.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": changes}),
    );
}

fn run_args(uri: &str, version: i32, range: [u32; 4], target: &str) -> Value {
    json!({"uri": uri, "version": version, "range": range_json(range), "target": target})
}

fn execute_run(server: &mut TestServer, arguments: Value) -> Result<Value, ResponseError> {
    server.request(
        "workspace/executeCommand",
        json!({"command": "codemode.run", "arguments": arguments}),
    )
}

#[test]
fn positions_past_the_end_are_clamped() {
    let mut server = TestServer::start();
    let uri = "file:///w/clamp.py";
    server.open(uri, "python", 1, "x = 40\nx\n");
    // A cursor past the end of a line, and past the end of the document.
    for range in [[1, 99, 1, 99], [99, 0, 99, 7], [0, 0, u32::MAX, u32::MAX]] {
        let actions = server.code_actions(uri, range).expect("an action");
        assert_eq!(
            actions[0]["command"]["command"], "codemode.run",
            "{actions:#}"
        );
    }
    assert_eq!(document_value(&mut server, uri), "40");
    // An insertion past the end of line 1 lands at its end; a range from past the end of
    // line 0 to past the end of the document replaces from the end of line 0 to the end.
    did_change(
        &mut server,
        uri,
        2,
        json!([{"range": range_json([1, 50, 1, 60]), "text": " + 2"}]),
    );
    assert_eq!(document_value(&mut server, uri), "42");
    did_change(
        &mut server,
        uri,
        3,
        json!([{"range": range_json([0, 99, 500, 3]), "text": "\nx * 2"}]),
    );
    assert_eq!(document_value(&mut server, uri), "80");
    assert_still_serves(server);
}

#[test]
fn a_change_with_an_invalid_range_is_refused_whole() {
    let mut server = TestServer::start();
    let uri = "file:///w/atomic.py";
    server.open(uri, "python", 1, "s = 'a😀b'\nlen(s)\n");
    assert_eq!(document_value(&mut server, uri), "3");
    let refused = [
        // The second change of the batch starts inside the emoji (`s = 'a` is 6 units).
        json!([
            {"range": range_json([1, 0, 1, 0]), "text": "s += 'cd'\n"},
            {"range": range_json([0, 7, 0, 7]), "text": "x"},
        ]),
        // A range that ends before it starts.
        json!([
            {"range": range_json([1, 0, 1, 0]), "text": "s += 'cd'\n"},
            {"range": range_json([1, 3, 0, 1]), "text": "x"},
        ]),
    ];
    for changes in refused {
        did_change(&mut server, uri, 2, changes);
        assert_eq!(document_value(&mut server, uri), "3", "nothing applied");
    }
    // The version was not used up: the valid half of the batch applies with it.
    did_change(
        &mut server,
        uri,
        2,
        json!([{"range": range_json([1, 0, 1, 0]), "text": "s += 'cd'\n"}]),
    );
    assert_eq!(document_value(&mut server, uri), "5");
    assert_still_serves(server);
}

#[test]
fn a_position_inside_a_surrogate_pair_is_invalid_params() {
    let mut server = TestServer::start();
    let uri = "file:///w/emoji.py";
    server.open(uri, "python", 1, "s = '😀'\ns\n");
    // `s = '` is 5 UTF-16 units; the emoji is units 5 and 6.
    let error = server.code_actions(uri, [0, 6, 0, 6]).unwrap_err();
    assert_eq!(error.code, INVALID_PARAMS, "{error}");
    assert!(error.message.contains("surrogate pair"), "{error}");
    let error = execute_run(
        &mut server,
        json!([run_args(uri, 1, [0, 6, 1, 1], "range")]),
    )
    .unwrap_err();
    assert_eq!(error.code, INVALID_PARAMS, "{error}");
    assert!(error.message.contains("surrogate pair"), "{error}");
    // Either side of the emoji is fine.
    for range in [[0, 5, 0, 5], [0, 7, 0, 7]] {
        server.code_actions(uri, range).expect("a boundary");
    }
    assert_eq!(document_value(&mut server, uri), "'😀'");
    assert_still_serves(server);
}

/// A 10 MB document: open, a one-character change, a code action, code lenses, a run; none
/// of them may time out (the client's timeout is [`TIMEOUT`]).
#[test]
fn a_ten_megabyte_document() {
    let mut server = TestServer::start();
    let uri = "file:///w/big.py";
    let mut text = String::from("def answer():\n    return 42\n\n\n");
    let mut i = 0;
    while text.len() < 10_000_000 {
        text.push_str(&format!(
            "value_{i} = {i}  # some padding to make the line longer\n"
        ));
        i += 1;
    }
    let lines = text.lines().count() as u32;
    let started = Instant::now();
    server.open(uri, "python", 1, &text);
    server.change(uri, 2, [lines - 1, 0, lines - 1, 0], "#");
    let actions = server.code_actions(uri, [1, 4, 1, 4]).expect("an action");
    let lenses = server.code_lenses(uri);
    assert!(
        lenses.as_array().unwrap().len() >= 2,
        "a file and a function lens"
    );
    // `answer()` runs after its module is defined: 200,000 constants, more than CPython can
    // compile in the default 256 MiB. Either way the run ends with a clear outcome.
    let outcome = server.execute(&actions[0]["command"]).expect("the run");
    match outcome["status"].as_str() {
        Some("ok") => assert_eq!(outcome["value"], "42"),
        Some("memory_limit") => assert_eq!(outcome["error"]["kind"], "MemoryError"),
        _ => panic!("{:#}", outcome["error"]),
    }
    assert!(started.elapsed() < TIMEOUT);
    assert_still_serves(server);
}

#[test]
fn garbage_json_rpc_is_answered_and_the_server_keeps_serving() {
    let mut server = TestServer::start();
    let mut answers = Vec::new();
    let mut expect_answer = |server: &mut TestServer, what: &str, code: i64| {
        let response = server.wait_for(what, |m| m.get("error").is_some());
        assert_eq!(response["error"]["code"], code, "{what}: {response}");
        answers.push(json!({"sent": what, "answer": response}));
    };
    // Invalid JSON, with a valid header.
    server.send_raw(b"{\"jsonrpc\": \"2.0\", \"id\": 1, ");
    expect_answer(&mut server, "invalid JSON", PARSE_ERROR);
    // Bytes that are not UTF-8.
    server.send_raw(b"\xff\xfe{}");
    expect_answer(&mut server, "not UTF-8", PARSE_ERROR);
    // Valid JSON that is not a JSON-RPC message.
    server.send_raw(b"[1, 2, 3]");
    expect_answer(&mut server, "an array", INVALID_REQUEST);
    server.send_raw(b"42");
    expect_answer(&mut server, "a number", INVALID_REQUEST);
    server.send_raw(br#"{"jsonrpc": "1.0", "id": 77, "method": "shutdown"}"#);
    expect_answer(&mut server, "JSON-RPC 1.0", INVALID_REQUEST);
    // A header that is not a number, then a line that is not a header at all.
    server.write(b"Content-Length: lots\r\n\r\n");
    expect_answer(&mut server, "a bad Content-Length", PARSE_ERROR);
    server.write(b"hello there\r\n\r\n");
    expect_answer(&mut server, "no header", PARSE_ERROR);
    // An unknown method.
    let error = server
        .request("codemode/doesNotExist", json!({}))
        .unwrap_err();
    assert_eq!(error.code, METHOD_NOT_FOUND, "{error}");
    // An unknown notification is ignored; a request with wrong params is InvalidParams.
    server.notify("codemode/whatever", json!({"x": 1}));
    let error = server
        .request("textDocument/codeLens", json!({"textDocument": 5}))
        .unwrap_err();
    assert_eq!(error.code, INVALID_PARAMS, "{error}");
    // Headers the library alone would choke on: a Content-Type without a charset, and three
    // header lines.
    let body = br#"{"jsonrpc":"2.0","id":1001,"method":"textDocument/codeLens","params":{"textDocument":{"uri":"file:///w/none.py"}}}"#;
    let mut frame = format!(
        "Content-Type: application/vscode-jsonrpc\r\nX-Trace: 1\r\nContent-Length: {}\r\n\r\n",
        body.len()
    )
    .into_bytes();
    frame.extend_from_slice(body);
    server.write(&frame);
    assert_eq!(server.response(1001), Ok(Value::Null));
    assert_json_snapshot!("garbage_answers", answers);
    assert_still_serves(server);
}

#[test]
fn requests_before_initialize_and_a_second_initialize() {
    let mut server = TestServer::builder().spawn();
    let error = server
        .request(
            "textDocument/codeLens",
            json!({"textDocument": {"uri": "file:///w/a.py"}}),
        )
        .unwrap_err();
    assert_eq!(error.code, SERVER_NOT_INITIALIZED, "{error}");
    server.call("initialize", json!({"capabilities": {}}));
    server.notify("initialized", json!({}));
    let error = server
        .request("initialize", json!({"capabilities": {}}))
        .unwrap_err();
    assert_eq!(error.code, INVALID_REQUEST, "{error}");
    assert_still_serves(server);
}

#[test]
fn documents_that_were_never_opened() {
    let mut server = TestServer::start();
    let uri = "file:///w/ghost.py";
    did_change(&mut server, uri, 2, json!([{"text": "print('boo')\n"}]));
    server.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": uri}}),
    );
    assert_eq!(server.code_actions(uri, [0, 0, 0, 0]), Ok(Value::Null));
    assert_eq!(server.code_lenses(uri), Value::Null);
    let error = execute_run(
        &mut server,
        json!([run_args(uri, 2, [0, 0, 0, 0], "range")]),
    )
    .unwrap_err();
    assert_eq!(error.code, INVALID_PARAMS);
    assert_eq!(error.message, "file:///w/ghost.py is not open");
    // Opening it afterwards starts from what didOpen says, not from the change.
    server.open(uri, "python", 1, "# %%\n'opened'\n");
    assert_eq!(value_of(&mut server, uri, [1, 0, 1, 0]), "'opened'");
    assert_still_serves(server);
}

#[test]
fn codemode_run_with_bad_arguments() {
    let mut server = TestServer::start();
    let uri = "file:///w/args.py";
    server.open(uri, "python", 1, "x = 1\n");
    let cases = [
        ("no arguments", json!("codemode.run"), json!([])),
        ("two arguments", json!("codemode.run"), json!([{}, {}])),
        (
            "a string",
            json!("codemode.run"),
            json!(["file:///w/args.py"]),
        ),
        (
            "no range",
            json!("codemode.run"),
            json!([{"uri": uri, "version": 1, "target": "range"}]),
        ),
        (
            "a bad URI",
            json!("codemode.run"),
            json!([run_args("not a uri", 1, [0, 0, 0, 0], "range")]),
        ),
        (
            "an unknown target",
            json!("codemode.run"),
            json!([run_args(uri, 1, [0, 0, 0, 0], "everything")]),
        ),
        (
            "a reversed range",
            json!("codemode.run"),
            json!([run_args(uri, 1, [0, 3, 0, 1], "range")]),
        ),
        (
            "a negative position",
            json!("codemode.run"),
            json!([{
                "uri": uri, "version": 1, "target": "range",
                "range": {"start": {"line": -1, "character": 0}, "end": {"line": 0, "character": 0}},
            }]),
        ),
        (
            "an unknown command",
            json!("codemode.nope"),
            json!([run_args(uri, 1, [0, 0, 0, 0], "range")]),
        ),
    ];
    let mut errors = Vec::new();
    for (what, command, arguments) in cases {
        let error = server
            .request(
                "workspace/executeCommand",
                json!({"command": command, "arguments": arguments}),
            )
            .unwrap_err();
        assert_eq!(error.code, INVALID_PARAMS, "{what}: {error}");
        errors.push(json!({"case": what, "message": error.message}));
    }
    assert_json_snapshot!("bad_run_arguments", errors);
    assert_still_serves(server);
}

#[test]
fn stale_versions() {
    let mut server = TestServer::start();
    let uri = "file:///w/stale.py";
    server.open(uri, "python", 5, "x = 1\nx\n");
    let actions = server.code_actions(uri, [0, 0, 9, 0]).unwrap();
    server.change(uri, 6, [0, 4, 0, 5], "2");
    // The action was offered for version 5.
    let error = server.execute(&actions[0]["command"]).unwrap_err();
    assert_eq!(error.code, INVALID_PARAMS);
    assert!(error.message.contains("version 6 now, 5 then"), "{error}");
    // Changes with a version that is not newer are refused.
    for stale in [6, 3, -1] {
        server.change(uri, stale, [0, 4, 0, 5], "9");
        assert_eq!(document_value(&mut server, uri), "2", "version {stale}");
    }
    server.change(uri, 7, [0, 4, 0, 5], "3");
    assert_eq!(document_value(&mut server, uri), "3");
    // A second didOpen of an open document is refused and changes nothing.
    server.open(uri, "python", 8, "x = 'reopened'\nx\n");
    assert_eq!(document_value(&mut server, uri), "3");
    assert_still_serves(server);
}

/// A panic in a handler (forced in a run by the debug build's failpoint) fails that request
/// alone: it is answered with an internal error, the work-done progress it started ends, and
/// the server goes on serving.
#[test]
fn a_panic_in_one_request_does_not_take_the_server_down() {
    let uri = "file:///w/panics.py";
    let (mut server, _) = TestServer::builder()
        .env("CODEMODE_FAILPOINT", &format!("run:{uri}"))
        .start();
    server.open(uri, "python", 1, "print('never runs')\n");
    let actions = server.code_actions(uri, [0, 0, 0, 0]).unwrap();
    let command = &actions[0]["command"];
    let id = server.send_request(
        "workspace/executeCommand",
        json!({
            "command": command["command"],
            "arguments": command["arguments"],
            "workDoneToken": "panic-1",
        }),
    );
    let error = server.response(id).unwrap_err();
    assert_eq!(error.code, INTERNAL_ERROR, "{error}");
    assert!(error.message.contains("internal error"), "{error}");
    assert!(error.message.contains("failpoint run"), "{error}");
    let begin = server.notification("$/progress");
    assert_eq!(begin["value"]["kind"], "begin");
    let end = server.notification("$/progress");
    assert_eq!(
        (end["token"].clone(), end["value"]["kind"].clone()),
        (json!("panic-1"), json!("end"))
    );
    // The same document still gets its lenses, and other documents run.
    assert_eq!(server.code_lenses(uri).as_array().unwrap().len(), 1);
    server.open(
        "file:///w/fences.md",
        "markdown",
        1,
        "```python\n'still here'\n```\n",
    );
    assert_eq!(
        value_of(&mut server, "file:///w/fences.md", [1, 0, 1, 0]),
        "'still here'"
    );
    assert_still_serves(server);
}

/// `$/cancelRequest` drops a run: the request is answered RequestCancelled, its progress
/// ends, and the sandbox is free for the next run.
#[test]
fn a_cancelled_run_ends_its_progress() {
    let mut server = TestServer::start();
    let uri = "file:///w/loop.py";
    server.open(uri, "python", 1, "# %%\nwhile True:\n    pass\n");
    let actions = server.code_actions(uri, [1, 0, 1, 0]).unwrap();
    let command = &actions[0]["command"];
    let id = server.send_request(
        "workspace/executeCommand",
        json!({
            "command": command["command"],
            "arguments": command["arguments"],
            "workDoneToken": "loop-1",
        }),
    );
    let begin = server.notification("$/progress");
    assert_eq!(begin["value"]["kind"], "begin");
    server.notify("$/cancelRequest", json!({"id": id}));
    let error = server.response(id).unwrap_err();
    assert_eq!(error.code, REQUEST_CANCELLED, "{error}");
    let end = server.notification("$/progress");
    assert_eq!(end["value"]["kind"], "end");

    // The progress token's cancel button stops a run too; that run reports `cancelled`.
    let id = server.send_request(
        "workspace/executeCommand",
        json!({
            "command": command["command"],
            "arguments": command["arguments"],
            "workDoneToken": "loop-2",
        }),
    );
    server.notification("$/progress");
    server.notify("window/workDoneProgress/cancel", json!({"token": "loop-2"}));
    let outcome = server.response(id).expect("a cancelled run is a result");
    assert_eq!(outcome["status"], "cancelled");
    assert_still_serves(server);
}

#[test]
fn exit_without_shutdown_exits_with_1() {
    let mut server = TestServer::start();
    server.notify("exit", Value::Null);
    assert_eq!(server.wait_exit().code(), Some(1));
}

#[test]
fn the_end_of_input_without_exit_ends_the_server() {
    let mut server = TestServer::start();
    server.close_input();
    assert_eq!(server.wait_exit().code(), Some(1));
}

#[test]
fn a_shutdown_server_refuses_requests_until_exit() {
    let mut server = TestServer::start();
    assert_eq!(server.call("shutdown", Value::Null), Value::Null);
    let error = server
        .request(
            "textDocument/codeLens",
            json!({"textDocument": {"uri": "file:///w/a.py"}}),
        )
        .unwrap_err();
    assert_eq!(error.code, INVALID_REQUEST, "{error}");
    server.notify("exit", Value::Null);
    assert_eq!(server.wait_exit().code(), Some(0));
}

/// Runs are long, edits are short. With as many endless runs in flight as the server used to
/// run handlers at once (16), an edit and a code action are still answered before any of
/// those runs ends.
#[test]
fn runs_in_flight_do_not_hold_up_edits() {
    let (mut server, _) = TestServer::builder()
        .capabilities(crate::client::editor_capabilities())
        .initialization_options(json!({"limits": {"timeout": "30s"}}))
        .start();
    let busy = "file:///w/busy.py";
    server.open(busy, "python", 1, "# %%\nwhile True:\n    pass\n");
    let command = server.code_actions(busy, [1, 0, 1, 0]).unwrap()[0]["command"].clone();
    let runs: Vec<i64> = (0..16)
        .map(|i| {
            server.send_request(
                "workspace/executeCommand",
                json!({
                    "command": command["command"],
                    "arguments": command["arguments"],
                    "workDoneToken": format!("busy-{i}"),
                }),
            )
        })
        .collect();
    let uri = "file:///w/typing.py";
    server.open(uri, "python", 1, "x = 1\n");
    server.change(uri, 2, [0, 4, 0, 5], "2");
    let actions = server.code_actions(uri, [0, 0, 0, 0]).expect("an action");
    assert_eq!(actions[0]["command"]["arguments"][0]["version"], 2);
    let answered: Vec<_> = server
        .take_received()
        .into_iter()
        .filter(|m| m.get("id").is_some())
        .map(|m| json!({"id": m["id"], "status": m["result"]["status"]}))
        .collect();
    assert_eq!(answered, Vec::<Value>::new(), "no run may have ended yet");
    for id in &runs {
        server.notify("$/cancelRequest", json!({"id": id}));
    }
    for id in runs {
        let error = server.response(id).unwrap_err();
        assert_eq!(error.code, REQUEST_CANCELLED, "{error}");
    }
    assert_still_serves(server);
}

#[test]
fn ai_commands_with_bad_arguments_get_clear_errors() {
    let mut server = TestServer::start();
    let uri = "file:///w/ai.py";
    server.open(uri, "python", 1, "def f():\n    return 1\n");
    let range = range_json([1, 0, 1, 0]);
    for (command, arguments, expected) in [
        ("codemode.fix", json!([]), "takes one argument"),
        (
            "codemode.fix",
            json!([{"uri": "file:///w/closed.py", "version": 1, "range": range, "target": "range"}]),
            "is not open",
        ),
        (
            "codemode.fix",
            json!([{"uri": uri, "version": 0, "range": range, "target": "range"}]),
            "document changed since this action was offered",
        ),
        (
            "codemode.generateTests",
            json!([{"uri": uri, "version": 1, "range": range, "target": "runnable"}]),
            "needs `kind` and `name`",
        ),
    ] {
        let error = server
            .request(
                "workspace/executeCommand",
                json!({"command": command, "arguments": arguments}),
            )
            .expect_err("refused");
        assert!(error.message.contains(expected), "{command}: {error}");
    }
    // Without a model the commands explain how to configure one, and nothing changes.
    let answer = server.call(
        "workspace/executeCommand",
        json!({"command": "codemode.generateTests", "arguments": [{"uri": uri, "version": 1, "range": range, "target": "range"}]}),
    );
    assert_eq!(answer["status"], "not_configured");
    assert!(server.shutdown_and_exit().success());
}

/// Fuel metering is compiled into the guests (it slows them), so it is chosen with the engine:
/// a budget in the editor's `initializationOptions` gets an engine with metering before the
/// first run, and a runaway loop is stopped by the budget, long before its wall-clock limit.
#[test]
fn a_fuel_budget_from_the_editor_settings_stops_a_runaway_loop() {
    let (mut server, _) = TestServer::builder()
        .initialization_options(json!({"limits": {"fuel": 50_000_000, "timeout": "60s"}}))
        .start();
    let uri = "file:///w/fuel.py";
    server.open(uri, "python", 1, "while True:\n    pass\n");
    let outcome = run_at(&mut server, uri, [0, 0, 2, 0]).expect("a run");
    assert_eq!(outcome["status"], "timeout", "{outcome:#}");
    assert!(
        outcome
            .to_string()
            .contains("50000000 instructions (fuel limit)"),
        "{outcome:#}"
    );
    assert_eq!(server.shutdown_and_exit().code(), Some(0));
}

/// Turning fuel metering on while the server runs needs a new engine: the user is told it
/// applies after a restart, and a run until then is refused with the same advice.
#[test]
fn a_fuel_budget_added_while_the_server_runs_asks_for_a_restart() {
    let (mut server, _) = TestServer::builder().start();
    server.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"codemode": {"limits": {"fuel": 1_000_000}}}}),
    );
    let message = server.notification("window/showMessage");
    assert!(
        message["message"]
            .as_str()
            .is_some_and(|m| m.contains("fuel metering") && m.contains("restart")),
        "{message:#}"
    );
    let uri = "file:///w/fuel.py";
    server.open(uri, "python", 1, "print(1)\n");
    let error = run_at(&mut server, uri, [0, 0, 0, 0]).unwrap_err();
    assert!(error.message.contains("limits.fuel"), "{error}");
    assert!(error.message.contains("restart"), "{error}");
    assert_eq!(server.shutdown_and_exit().code(), Some(0));
}

/// Custom runtimes in the editor's `initializationOptions` are the ones the server runs with
/// (its runtimes are rebuilt for them at `initialize`).
#[test]
fn custom_runtimes_from_the_editor_settings_run_documents_of_their_language() {
    let module = crate::client::workspace().join("target/guests/test/rhai-run.wasm");
    assert!(
        module.is_file(),
        "build the test guest: tests/guests/rhai-run/build.sh"
    );
    let (mut server, _) = TestServer::builder()
        .initialization_options(json!({"runtimes": {"custom": {"rhai": {
            "module": module,
            "args": ["rhai-run", "{file}"],
            "extensions": ["rhai"],
        }}}}))
        .start();
    let uri = "file:///w/sum.rhai";
    server.open(uri, "rhai", 1, "let x = 40;\nprint(x + 2);\n");
    let outcome = run_at(&mut server, uri, [0, 0, 2, 0]).expect("a run");
    assert_eq!(outcome["status"], "ok", "{outcome:#}");
    assert_eq!(outcome["stdout"], "42\n", "{outcome:#}");
    assert_eq!(server.shutdown_and_exit().code(), Some(0));
}
