//! What varies from run to run, replaced before a snapshot: durations and memory sizes.

use serde_json::Value;

/// Replaces `duration_ms` and `memory_bytes` values, and durations inside strings
/// (`→ 42 · 2.1 ms`, `✓ ok · 1.05 s`).
pub fn scrub(value: &mut Value) {
    match value {
        Value::Object(map) => {
            for (key, value) in map.iter_mut() {
                match key.as_str() {
                    "duration_ms" => *value = "[duration]".into(),
                    "memory_bytes" => *value = "[memory]".into(),
                    _ => scrub(value),
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(scrub),
        Value::String(text) => *text = scrub_durations(text),
        _ => {}
    }
}

/// `· 12.3 ms` / `· 1.05 s` → `· [duration]`.
pub fn scrub_durations(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("· ") {
        let (before, after) = rest.split_at(at + "· ".len());
        out.push_str(before);
        let digits = after
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(after.len());
        let unit = [" ms", " s"].into_iter().find(|unit| {
            after[digits..]
                .strip_prefix(unit)
                .is_some_and(|next| !next.starts_with(|c: char| c.is_alphanumeric()))
        });
        match unit {
            Some(unit) if digits > 0 => {
                out.push_str("[duration]");
                rest = &after[digits + unit.len()..];
            }
            _ => rest = after,
        }
    }
    out.push_str(rest);
    out
}

#[test]
fn durations_are_scrubbed() {
    assert_eq!(
        scrub_durations("→ 42 · 2.1 ms\n✓ ok · 1.05 s · x · 3 sheep"),
        "→ 42 · [duration]\n✓ ok · [duration] · x · 3 sheep"
    );
}
