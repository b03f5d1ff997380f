//! The state of the MCP server: [`Core`] is shared by every connection of the process (the
//! runtimes, the upstream connections, the policy, the run slots); [`Connection`] belongs to
//! one MCP client connection (its sessions and its PII tokens).

use std::sync::{Arc, Mutex, PoisonError};

use codemode_runtimes::Runtimes;
use codemode_service::Settings;
use serde_json::{Map, Value};
use tokio::sync::Semaphore;

use codemode_service::pii::Tokenizer;

use crate::policy::{Approver, Policy};
use crate::sampling::{Registration, SamplingHosts};
use crate::sessions::Sessions;
use crate::skills::SkillStore;
use crate::upstream::Upstreams;

pub struct Core {
    pub settings: Settings,
    pub runtimes: Arc<Runtimes>,
    pub upstreams: Upstreams,
    pub policy: Policy,
    /// Asks a person about destructive tool calls (the editor); `None` refuses them.
    pub approver: Option<Arc<dyn Approver>>,
    /// `execute_code` runs in flight at once.
    pub run_slots: Arc<Semaphore>,
    pub skills: SkillStore,
    /// Connected hosts that offer sampling, handed to the front; `None`: not used.
    pub sampling: Option<Arc<SamplingHosts>>,
}

impl Core {
    pub fn new(settings: Settings, runtimes: Arc<Runtimes>) -> Self {
        let upstreams = Upstreams::new(&settings.mcp_servers, settings.policy.call_timeout);
        let policy = Policy::new(settings.policy.clone());
        let run_slots = Arc::new(Semaphore::new(settings.mcp.max_concurrent_runs.max(1)));
        let skills = SkillStore::new(settings.mcp.skills_dir.clone());
        Self {
            skills,
            settings,
            runtimes,
            upstreams,
            policy,
            approver: None,
            run_slots,
            sampling: None,
        }
    }
}

/// What one MCP client connection owns: its sessions and the mapping of its PII tokens. A
/// token handed to this client can be restored only in calls from this client.
pub struct Connection {
    pub sessions: Mutex<Sessions>,
    tokenizer: Mutex<Tokenizer>,
    /// This client's place among the hosts that offer sampling (left when it is dropped, with
    /// the connection).
    pub sampling: Mutex<Option<Registration>>,
}

impl Connection {
    pub fn new(core: &Core) -> Self {
        Self {
            sessions: Mutex::new(Sessions::new(
                core.settings.mcp.max_sessions,
                core.settings.mcp.session_idle_timeout,
            )),
            tokenizer: Mutex::new(Tokenizer::new(&core.settings.pii).unwrap_or_else(|err| {
                // The settings were validated when loaded; this is a last resort.
                tracing::error!(%err, "PII settings unusable; using the defaults");
                Tokenizer::default()
            })),
            sampling: Mutex::default(),
        }
    }

    fn tokenizer(&self) -> std::sync::MutexGuard<'_, Tokenizer> {
        self.tokenizer
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }

    pub fn sessions(&self) -> std::sync::MutexGuard<'_, Sessions> {
        self.sessions.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Replaces PII tokens in tool arguments with the values they stand for.
    pub fn restore_arguments(&self, arguments: &mut Map<String, Value>) {
        let tokenizer = self.tokenizer();
        for value in arguments.values_mut() {
            tokenizer.restore_json(value);
        }
    }

    /// Replaces PII in a value going to the sandbox (and so to the model) with tokens.
    pub fn redact_value(&self, value: &mut Value) {
        self.tokenizer().redact_json(value);
    }

    pub fn redact_text(&self, text: &str) -> String {
        self.tokenizer().redact_text(text)
    }
}
