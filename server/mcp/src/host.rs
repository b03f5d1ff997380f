//! The host side of the guest's `call-tool` import for one `execute_code` run: names are
//! `"<server>/<tool>"`; the policy, rate limits and PII tokens apply to every call before it
//! reaches an upstream server.

use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};

use codemode_runtimes::ToolHost;
use serde_json::{Map, Value};

use crate::catalog::result_value;
use crate::core::{Connection, Core};
use crate::policy::{Verdict, approval_denied, approval_refusal};
use crate::sessions::{self, SessionState};

/// The reserved server name of the session's key-value state.
pub const SESSION_SERVER: &str = "session";

pub struct RunHost {
    core: Arc<Core>,
    connection: Arc<Connection>,
    session: Option<SessionState>,
    calls: Arc<AtomicU32>,
}

impl RunHost {
    pub fn new(
        core: Arc<Core>,
        connection: Arc<Connection>,
        session: Option<SessionState>,
    ) -> Self {
        Self {
            core,
            connection,
            session,
            calls: Arc::default(),
        }
    }

    pub fn calls(&self) -> u32 {
        self.calls.load(Ordering::Relaxed)
    }
}

/// `"server/tool"` (or `"server.tool"` when there is no slash).
pub fn split_name(name: &str) -> Option<(&str, &str)> {
    let (server, tool) = name.split_once('/').or_else(|| name.split_once('.'))?;
    (!server.is_empty() && !tool.is_empty()).then_some((server, tool))
}

impl ToolHost for RunHost {
    fn call_tool(
        &self,
        name: String,
        args_json: String,
    ) -> Pin<Box<dyn Future<Output = Result<String, String>> + Send + 'static>> {
        let core = Arc::clone(&self.core);
        let connection = Arc::clone(&self.connection);
        let session = self.session.clone();
        let calls = Arc::clone(&self.calls);
        Box::pin(async move {
            let value = call(
                &core,
                &connection,
                session.as_ref(),
                &calls,
                &name,
                &args_json,
            )
            .await;
            match &value {
                Ok(_) => tracing::debug!(tool = %name, "tool call answered"),
                Err(message) => {
                    tracing::info!(tool = %name, %message, "tool call refused or failed")
                }
            }
            value.map(|v| v.to_string())
        })
    }
}

async fn call(
    core: &Core,
    connection: &Connection,
    session: Option<&SessionState>,
    calls: &AtomicU32,
    name: &str,
    args_json: &str,
) -> Result<Value, String> {
    let Some((server, tool)) = split_name(name) else {
        return Err(format!(
            "`{name}` is not a tool name: use \"<server>/<tool>\""
        ));
    };
    let mut arguments: Map<String, Value> = match serde_json::from_str(args_json) {
        Ok(Value::Object(map)) => map,
        Ok(Value::Null) => Map::new(),
        Ok(other) => {
            return Err(format!(
                "arguments of `{name}` must be an object, not {other}"
            ));
        }
        Err(err) => return Err(format!("arguments of `{name}` are not JSON: {err}")),
    };
    if server == SESSION_SERVER {
        return sessions::call(session, tool, &arguments);
    }
    let full_name = format!("{server}/{tool}");
    core.policy.check_name(&full_name)?;
    let per_run = core.policy.settings().calls_per_run;
    let made = calls.fetch_add(1, Ordering::Relaxed) + 1;
    if per_run > 0 && made > per_run {
        return Err(format!(
            "this run made more than {per_run} tool calls (`policy.callsPerRun`)"
        ));
    }
    let (info, annotated) = core
        .upstreams
        .find_tool(server, tool)
        .await
        .map_err(|e| e.to_string())?;
    match core.policy.verdict(&info, annotated) {
        Verdict::Allowed => {}
        Verdict::Refused(message) => return Err(message),
        Verdict::NeedsApproval => match &core.approver {
            Some(approver) => {
                let approved = approver
                    .approve(&info, &Value::Object(arguments.clone()))
                    .await;
                if !approved {
                    return Err(approval_denied(&info));
                }
            }
            None => return Err(approval_refusal(&info)),
        },
    }
    core.policy.take_rate(server)?;
    connection.restore_arguments(&mut arguments);
    let result = core
        .upstreams
        .call(server, tool, arguments)
        .await
        .map_err(|e| e.to_string())?;
    match result_value(&result) {
        Ok(mut value) => {
            connection.redact_value(&mut value);
            Ok(value)
        }
        Err(message) => Err(connection.redact_text(&message)),
    }
}

#[cfg(test)]
mod tests {
    use super::split_name;

    #[test]
    fn names() {
        assert_eq!(split_name("fs/read_file"), Some(("fs", "read_file")));
        assert_eq!(split_name("fs.read_file"), Some(("fs", "read_file")));
        assert_eq!(
            split_name("my.server/tool.x"),
            Some(("my.server", "tool.x"))
        );
        assert_eq!(split_name("fs/"), None);
        assert_eq!(split_name("plain"), None);
    }
}
