//! `execute_code` sessions: state kept between calls **on the host**, never in a guest.
//!
//! Every run still gets a fresh WebAssembly instance (the sandbox invariant). What a session
//! keeps is a JSON object the code reads and writes through the host (`session/get`,
//! `session/set`, `session/delete`, `session/keys` calls), so nothing a guest did, including
//! a half-finished trap, can reach the next run. Sessions belong to one MCP connection,
//! expire after an idle time and are capped in number (least recently used dropped first).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::{Map, Value};

pub type SessionState = Arc<Mutex<Map<String, Value>>>;

struct Entry {
    state: SessionState,
    last_used: Instant,
}

pub struct Sessions {
    max: usize,
    idle: Duration,
    entries: HashMap<String, Entry>,
}

/// Bytes a session's state may hold (serialized).
pub const MAX_STATE_BYTES: usize = 8 << 20;

impl Sessions {
    pub fn new(max: usize, idle: Duration) -> Self {
        Self {
            max: max.max(1),
            idle,
            entries: HashMap::new(),
        }
    }

    /// The session `id`, created when it does not exist (or expired): `(state, created)`.
    pub fn open(&mut self, id: &str) -> Result<(SessionState, bool), String> {
        validate_id(id)?;
        let now = Instant::now();
        let idle = self.idle;
        self.entries
            .retain(|_, entry| now.duration_since(entry.last_used) < idle);
        if let Some(entry) = self.entries.get_mut(id) {
            entry.last_used = now;
            return Ok((Arc::clone(&entry.state), false));
        }
        while self.entries.len() >= self.max {
            let oldest = self
                .entries
                .iter()
                .min_by_key(|(_, e)| e.last_used)
                .map(|(k, _)| k.clone());
            match oldest {
                Some(key) => {
                    tracing::info!(session = %key, "dropping the least recently used session");
                    self.entries.remove(&key);
                }
                None => break,
            }
        }
        let state = SessionState::default();
        self.entries.insert(
            id.to_owned(),
            Entry {
                state: Arc::clone(&state),
                last_used: now,
            },
        );
        Ok((state, true))
    }

    #[cfg(test)]
    fn len(&self) -> usize {
        self.entries.len()
    }
}

fn validate_id(id: &str) -> Result<(), String> {
    if id.is_empty()
        || id.len() > 64
        || !id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
    {
        return Err(format!(
            "invalid session id `{id}`: use 1 to 64 letters, digits, `_`, `-` or `.`"
        ));
    }
    Ok(())
}

/// One `session/<op>` call from the code in the sandbox.
pub fn call(
    state: Option<&SessionState>,
    op: &str,
    args: &Map<String, Value>,
) -> Result<Value, String> {
    let Some(state) = state else {
        return Err(
            "this run has no session: pass `session` to execute_code to keep state between calls"
                .into(),
        );
    };
    let key = || {
        args.get("key")
            .and_then(Value::as_str)
            .ok_or_else(|| format!("session/{op} needs a string `key`"))
    };
    let mut state = state
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    match op {
        "get" => Ok(state
            .get(key()?)
            .cloned()
            .or_else(|| args.get("default").cloned())
            .unwrap_or(Value::Null)),
        "set" => {
            let key = key()?.to_owned();
            let value = args.get("value").cloned().unwrap_or(Value::Null);
            let previous = state.insert(key.clone(), value);
            let size = serde_json::to_string(&*state).map(|s| s.len()).unwrap_or(0);
            if size > MAX_STATE_BYTES {
                match previous {
                    Some(previous) => state.insert(key, previous),
                    None => state.remove(&key),
                };
                return Err(format!(
                    "session state would exceed {} MiB",
                    MAX_STATE_BYTES >> 20
                ));
            }
            Ok(Value::Null)
        }
        "delete" => Ok(state.remove(key()?).unwrap_or(Value::Null)),
        "keys" => Ok(Value::Array(
            state.keys().map(|k| Value::String(k.clone())).collect(),
        )),
        _ => Err(format!(
            "unknown session operation `{op}` (get, set, delete, keys)"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn args(value: Value) -> Map<String, Value> {
        value.as_object().unwrap().clone()
    }

    #[test]
    fn sessions_expire_and_are_capped() {
        let mut sessions = Sessions::new(2, Duration::from_millis(50));
        let (a, created) = sessions.open("a").unwrap();
        assert!(created);
        call(Some(&a), "set", &args(json!({"key": "n", "value": 1}))).unwrap();
        let (a2, created) = sessions.open("a").unwrap();
        assert!(!created);
        assert_eq!(
            call(Some(&a2), "get", &args(json!({"key": "n"}))),
            Ok(json!(1))
        );
        sessions.open("b").unwrap();
        sessions.open("c").unwrap();
        assert_eq!(
            sessions.len(),
            2,
            "the least recently used session is dropped"
        );
        std::thread::sleep(Duration::from_millis(60));
        let (_, created) = sessions.open("b").unwrap();
        assert!(created, "an idle session expires");
        assert!(sessions.open("../x").is_err());
        assert!(call(None, "get", &args(json!({"key": "n"}))).is_err());
    }
}
