//! The settings reference (`docs/settings.md`) and schema (`docs/settings.schema.json`) are
//! generated from the Rust settings type; this test fails when they drift. Regenerate with
//! `UPDATE_DOCS=1 cargo test -p codemode-service --test settings_docs`.

use std::path::PathBuf;

fn docs() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../docs")
}

fn check(file: &str, generated: String) {
    let path = docs().join(file);
    if std::env::var_os("UPDATE_DOCS").is_some() {
        std::fs::write(&path, &generated).unwrap();
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "{} is out of date with codemode_service::Settings: run `UPDATE_DOCS=1 cargo test -p codemode-service --test settings_docs` and commit it",
        path.display()
    );
}

#[test]
fn settings_reference_is_current() {
    check(
        "settings.md",
        codemode_service::settings::markdown_reference(),
    );
}

#[test]
fn settings_schema_is_current() {
    let schema =
        serde_json::to_string_pretty(&codemode_service::settings::json_schema()).unwrap() + "\n";
    check("settings.schema.json", schema);
}
