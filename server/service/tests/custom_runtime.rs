//! Documents of a runtime the user configured (here the Rhai test guest, built by
//! `tests/guests/rhai-run/build.sh`) run through the same service as the built-in languages:
//! the file, or the selected lines, with errors at document lines.

use std::path::PathBuf;
use std::sync::Arc;

use codemode_runtimes::{
    CancelHandle, CodeCache, CustomRuntime, RuntimeConfig, Runtimes, Sandbox, Status,
};
use codemode_service::text::DocumentSnapshot;
use codemode_service::{RunTarget, Settings};

fn workspace() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .unwrap()
}

fn runtimes() -> Runtimes {
    let module = workspace().join("target/guests/test/rhai-run.wasm");
    assert!(
        module.is_file(),
        "missing {}: build it with tests/guests/rhai-run/build.sh",
        module.display()
    );
    let mut config = RuntimeConfig::default();
    config.custom.insert(
        "rhai".into(),
        CustomRuntime {
            module,
            args: vec!["rhai-run".into(), "{file}".into()],
            extensions: vec!["rhai".into()],
            error_pattern: Some(
                r"^snippet\.rhai:(?P<line>\d+):(?P<column>\d+): (?P<message>.*)$".into(),
            ),
        },
    );
    let sandbox =
        Sandbox::new(CodeCache::new(Some(workspace().join("target/test-cache")))).unwrap();
    Runtimes::new(sandbox, config)
}

fn snapshot(text: &str) -> DocumentSnapshot {
    DocumentSnapshot {
        uri: Arc::from("file:///w/demo.rhai"),
        language_id: Arc::from("rhai"),
        version: 3,
        text: Arc::from(text),
    }
}

#[tokio::test]
async fn a_configured_runtime_runs_the_file_and_selected_lines() {
    let runtimes = runtimes();
    let settings = Settings::default();
    let text = "print(\"one\");\nlet x = 40 + 2;\nprint(x);\nlet y = 1 / 0;\n";
    let doc = snapshot(text);

    let run = codemode_service::run::run(
        &runtimes,
        &settings,
        &doc,
        &RunTarget::Range(0..0),
        CancelHandle::new(),
    )
    .await
    .unwrap();
    assert_eq!((run.kind, run.version), ("file", 3));
    assert_eq!(run.outcome.status, Status::Error);
    assert_eq!(run.outcome.stdout, "one\n42\n");
    assert_eq!(
        run.outcome.diagnostics[0].span.line, 4,
        "{:?}",
        run.outcome.diagnostics
    );

    // Lines 2-3 (a selection inside them) run alone; positions stay those of the document.
    let start = text.find("40").unwrap();
    let end = text.find("print(x)").unwrap() + 3;
    let run = codemode_service::run::run(
        &runtimes,
        &settings,
        &doc,
        &RunTarget::Range(start..end),
        CancelHandle::new(),
    )
    .await
    .unwrap();
    assert_eq!(run.kind, "selection");
    assert_eq!(run.outcome.status, Status::Ok, "{:?}", run.outcome);
    assert_eq!(run.outcome.stdout, "42\n");
    assert_eq!(&text[run.range.clone()], "let x = 40 + 2;\nprint(x);\n");

    let broken = "let a = 1;\nlet b = a +* 2;\n";
    let run = codemode_service::run::run(
        &runtimes,
        &settings,
        &snapshot(broken),
        &RunTarget::Range(12..14),
        CancelHandle::new(),
    )
    .await
    .unwrap();
    assert_eq!(run.outcome.diagnostics[0].span.line, 2, "{:?}", run.outcome);
}
