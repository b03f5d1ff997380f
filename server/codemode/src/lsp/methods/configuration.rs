//! `workspace/didChangeConfiguration` and `initializationOptions`: the settings object (the
//! shape of the settings file, see `codemode_service::Settings`), bare or under `codemode`.

use tower_lsp_server::ls_types::*;

use codemode_service::Settings;

use crate::lsp::server::Backend;

/// Merges `value` (the settings object, or `{ "codemode": { … } }`) over `current`.
pub fn settings_from_json(value: serde_json::Value, current: Settings) -> Result<Settings, String> {
    let value = match value {
        serde_json::Value::Object(mut map) if map.contains_key("codemode") => {
            map.remove("codemode").unwrap_or_default()
        }
        other => other,
    };
    if value.is_null() {
        return Ok(current);
    }
    let mut merged = serde_json::to_value(&current).map_err(|e| e.to_string())?;
    merge(&mut merged, value);
    serde_json::from_value(merged).map_err(|e| e.to_string())
}

fn merge(base: &mut serde_json::Value, patch: serde_json::Value) {
    match (base, patch) {
        (serde_json::Value::Object(base), serde_json::Value::Object(patch)) => {
            for (key, value) in patch {
                merge(base.entry(key).or_insert(serde_json::Value::Null), value);
            }
        }
        (base, patch) => *base = patch,
    }
}

/// Whether `new` settings need runtimes built differently from those for `current`: other
/// custom runtimes, or fuel metering turned on or off (compiled into the guests' code).
pub fn needs_other_runtimes(current: &Settings, new: &Settings) -> bool {
    current.runtimes != new.runtimes
        || crate::cmd::engine_options(current, false) != crate::cmd::engine_options(new, false)
}

pub async fn did_change(backend: &Backend, params: DidChangeConfigurationParams) {
    match settings_from_json(params.settings, backend.session.settings()) {
        Ok(settings) => {
            if needs_other_runtimes(&backend.session.settings(), &settings) {
                backend
                    .client
                    .show_message(
                        MessageType::WARNING,
                        "codemode: changes to custom runtimes or to fuel metering (`limits.fuel`) \
                         apply after a restart of the server",
                    )
                    .await;
            }
            backend.session.set_settings(settings);
        }
        Err(message) => {
            backend
                .client
                .show_message(
                    MessageType::ERROR,
                    format!("codemode: invalid settings, keeping the previous ones: {message}"),
                )
                .await;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn partial_settings_merge_over_the_current_ones() {
        let current = Settings::default();
        let merged = settings_from_json(
            serde_json::json!({"codemode": {"limits": {"timeout": "3s"}}}),
            current.clone(),
        )
        .unwrap();
        assert_eq!(merged.limits.timeout, std::time::Duration::from_secs(3));
        assert_eq!(merged.limits.memory_bytes, current.limits.memory_bytes);
        assert!(
            settings_from_json(
                serde_json::json!({"limits": {"timeout": "soon"}}),
                current.clone()
            )
            .is_err()
        );
        assert!(settings_from_json(serde_json::json!({"nonsense": 1}), current).is_err());
    }
}
