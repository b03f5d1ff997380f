use crate::client::*;
use serde_json::json;

#[test]
fn explore_garbage() {
    let mut s = TestServer::start();
    s.send_raw(b"{not json");
    s.drain(std::time::Duration::from_millis(500));
    eprintln!("after garbage: {:?}", s.take_received());
    let r = s.request(
        "textDocument/codeLens",
        json!({"textDocument": {"uri": "file:///x.py"}}),
    );
    eprintln!("lens: {r:?}");
    eprintln!("stderr: {}", s.stderr());
}

#[test]
fn explore_exit_without_shutdown() {
    let mut s = TestServer::start();
    s.notify("exit", serde_json::Value::Null);
    let st = s.wait_exit();
    eprintln!("exit status {st:?}");
}

#[test]
fn explore_markdown_panic() {
    let mut s = TestServer::start();
    s.open("file:///w/a.md", "markdown", 1, "```python\n```\n");
    let actions = s.code_actions("file:///w/a.md", [0, 0, 1, 3]).unwrap();
    eprintln!("{actions}");
    let r = s.execute(&actions[0]["command"]);
    eprintln!("exec: {r:?}");
    let r = s.request(
        "textDocument/codeLens",
        json!({"textDocument": {"uri": "file:///w/a.md"}}),
    );
    eprintln!("lens: {r:?}");
    eprintln!("stderr: {}", s.stderr());
}
