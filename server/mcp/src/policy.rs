//! What sandboxed code may do with upstream tools: allow/deny lists, approval of destructive
//! tools, rate limits. Applied by the host to every `call-tool` before anything reaches an
//! upstream server.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use codemode_service::settings::{PolicySettings, glob_match};
use futures::future::BoxFuture;

use crate::catalog::ToolInfo;

/// Asks a person whether a destructive tool call may go ahead (the editor attachment shows a
/// prompt). Without one, destructive tools not approved in the settings are refused.
pub trait Approver: Send + Sync {
    /// `true` lets the call go ahead.
    fn approve(&self, tool: &ToolInfo, arguments: &serde_json::Value) -> BoxFuture<'static, bool>;
}

pub struct Policy {
    settings: PolicySettings,
    /// Recent call times per server, for `callsPerMinute`.
    recent: Mutex<HashMap<String, VecDeque<Instant>>>,
}

/// What the policy says about one call before any approval.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    Allowed,
    /// Destructive and not approved in the settings: allowed only if an approver says yes.
    NeedsApproval,
    Refused(String),
}

impl Policy {
    pub fn new(settings: PolicySettings) -> Self {
        Self {
            settings,
            recent: Mutex::new(HashMap::new()),
        }
    }

    pub fn settings(&self) -> &PolicySettings {
        &self.settings
    }

    /// Allow and deny lists only (the tool may not be known yet).
    pub fn check_name(&self, full_name: &str) -> Result<(), String> {
        if self.settings.deny.iter().any(|p| glob_match(p, full_name)) {
            return Err(format!(
                "`{full_name}` is denied by the policy (`policy.deny` in the codemode settings)"
            ));
        }
        if !self.settings.allow.is_empty()
            && !self.settings.allow.iter().any(|p| glob_match(p, full_name))
        {
            return Err(format!(
                "`{full_name}` is not in the policy's allow list (`policy.allow` in the codemode settings)"
            ));
        }
        Ok(())
    }

    /// The verdict on calling `tool`; `annotated` says whether its server annotated it.
    pub fn verdict(&self, tool: &ToolInfo, annotated: bool) -> Verdict {
        let full_name = format!("{}/{}", tool.server, tool.name);
        if let Err(message) = self.check_name(&full_name) {
            return Verdict::Refused(message);
        }
        let destructive = if annotated {
            !tool.read_only && tool.destructive
        } else {
            !self.settings.trust_unannotated
        };
        if destructive
            && !self
                .settings
                .approve
                .iter()
                .any(|p| glob_match(p, &full_name))
        {
            return Verdict::NeedsApproval;
        }
        Verdict::Allowed
    }

    /// Counts a call against the server's per-minute budget.
    pub fn take_rate(&self, server: &str) -> Result<(), String> {
        let limit = self.settings.calls_per_minute as usize;
        if limit == 0 {
            return Ok(());
        }
        let now = Instant::now();
        let mut recent = self
            .recent
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let window = recent.entry(server.to_owned()).or_default();
        while window
            .front()
            .is_some_and(|t| now.duration_since(*t) >= Duration::from_secs(60))
        {
            window.pop_front();
        }
        if window.len() >= limit {
            return Err(format!(
                "rate limit: at most {limit} calls per minute to `{server}` (`policy.callsPerMinute`)"
            ));
        }
        window.push_back(now);
        Ok(())
    }
}

pub fn approval_refusal(tool: &ToolInfo) -> String {
    format!(
        "`{}/{}` may modify or delete data (it is not marked read-only, or is marked destructiveHint) and needs approval; there is no one to ask outside the editor. To allow it, add \"{}/{}\" to `policy.approve` in the codemode settings file.",
        tool.server, tool.name, tool.server, tool.name
    )
}

/// The error a call gets when the user was asked (in the editor) and did not allow it.
pub fn approval_denied(tool: &ToolInfo) -> String {
    format!(
        "`{}/{}` may modify or delete data and the user did not allow this call (asked in the editor)",
        tool.server, tool.name
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tool(name: &str, read_only: bool, destructive: bool) -> ToolInfo {
        ToolInfo {
            server: "fs".into(),
            name: name.into(),
            title: None,
            description: String::new(),
            input_schema: serde_json::json!({"type": "object"}),
            output_schema: None,
            read_only,
            destructive,
            idempotent: false,
            open_world: false,
        }
    }

    #[test]
    fn destructive_tools_need_approval_unless_approved() {
        let policy = Policy::new(PolicySettings {
            approve: vec!["fs/write_*".into()],
            deny: vec!["fs/delete".into()],
            ..Default::default()
        });
        assert_eq!(
            policy.verdict(&tool("read", true, false), true),
            Verdict::Allowed
        );
        assert_eq!(
            policy.verdict(&tool("move", false, true), true),
            Verdict::NeedsApproval
        );
        assert_eq!(
            policy.verdict(&tool("write_file", false, true), true),
            Verdict::Allowed
        );
        assert!(matches!(
            policy.verdict(&tool("delete", true, false), true),
            Verdict::Refused(_)
        ));
        // Unannotated tools are destructive by the spec's defaults...
        assert_eq!(
            policy.verdict(&tool("echo", false, true), false),
            Verdict::NeedsApproval
        );
        // ...unless the settings trust them.
        let trusting = Policy::new(PolicySettings {
            trust_unannotated: true,
            ..Default::default()
        });
        assert_eq!(
            trusting.verdict(&tool("echo", false, true), false),
            Verdict::Allowed
        );
    }

    #[test]
    fn allow_list_and_rate_limit() {
        let policy = Policy::new(PolicySettings {
            allow: vec!["fs/*".into()],
            calls_per_minute: 2,
            ..Default::default()
        });
        assert!(policy.check_name("fs/read").is_ok());
        assert!(policy.check_name("github/search").is_err());
        assert!(policy.take_rate("fs").is_ok());
        assert!(policy.take_rate("fs").is_ok());
        assert!(
            policy
                .take_rate("fs")
                .unwrap_err()
                .contains("2 calls per minute")
        );
        assert!(policy.take_rate("other").is_ok());
    }
}
