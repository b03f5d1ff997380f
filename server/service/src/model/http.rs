//! What both HTTP backends share: one `reqwest` client (rustls), a deadline per attempt,
//! retries with exponential backoff and jitter on 408/409/429/5xx and connection failures
//! (honouring `Retry-After`), and errors that never carry the key.
//!
//! Cancellation is by dropping the future: the request in flight is dropped with it, which
//! closes its connection, and no retry is scheduled.

use std::time::Duration;

use reqwest::header::{CONTENT_TYPE, HeaderMap, HeaderValue};

use super::{ApiKey, ModelError};

/// First backoff delay; doubled at each retry, capped by [`MAX_BACKOFF`], then jittered.
const BASE_BACKOFF: Duration = Duration::from_millis(500);
const MAX_BACKOFF: Duration = Duration::from_secs(8);
/// The longest `Retry-After` we wait for. A provider asking for longer (a quota window) gets
/// a clear error at once rather than an editor that hangs.
pub(crate) const RETRY_AFTER_CAP: Duration = Duration::from_secs(30);
/// How much of an unreadable answer an error quotes.
const EXCERPT_CHARS: usize = 200;

pub(crate) struct Transport {
    client: reqwest::Client,
    provider: &'static str,
    timeout: Duration,
    max_retries: u32,
    key: Option<ApiKey>,
    /// Where the key came from, for the hint on 401/403.
    key_env: Option<String>,
}

/// A failed attempt, and whether another one may succeed.
enum Failure {
    Retry {
        error: ModelError,
        retry_after: Option<Duration>,
    },
    Fatal(ModelError),
}

impl Transport {
    pub(crate) fn new(
        provider: &'static str,
        timeout: Duration,
        max_retries: u32,
        key: Option<ApiKey>,
        key_env: Option<String>,
    ) -> Result<Self, ModelError> {
        let client = reqwest::Client::builder()
            .user_agent(concat!("codemode/", env!("CARGO_PKG_VERSION")))
            .connect_timeout(timeout.min(Duration::from_secs(10)))
            .build()
            .map_err(|e| ModelError::Config(format!("cannot set up HTTP: {}", chain(&e))))?;
        Ok(Self {
            client,
            provider,
            timeout,
            max_retries,
            key,
            key_env,
        })
    }

    pub(crate) fn key(&self) -> Option<&ApiKey> {
        self.key.as_ref()
    }

    /// `text` without the key in it.
    pub(crate) fn scrub(&self, text: &str) -> String {
        match &self.key {
            Some(key) => key.scrub(text),
            None => text.to_string(),
        }
    }

    /// POSTs `body` as JSON to `url` and returns the answer's JSON, retrying what may succeed
    /// on a second try.
    pub(crate) async fn post_json(
        &self,
        url: &str,
        mut headers: HeaderMap,
        body: &serde_json::Value,
    ) -> Result<serde_json::Value, ModelError> {
        headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
        let body = serde_json::to_vec(body).expect("a JSON value serializes");
        let mut attempt = 0u32;
        loop {
            tracing::debug!(provider = self.provider, url, attempt, "model request");
            let failure = match self.attempt(url, &headers, &body).await {
                Ok(value) => return Ok(value),
                Err(failure) => failure,
            };
            let (error, retry_after) = match failure {
                Failure::Fatal(error) => return Err(error),
                Failure::Retry { error, retry_after } => (error, retry_after),
            };
            if attempt >= self.max_retries {
                return Err(gave_up(error, attempt));
            }
            let delay = match retry_after {
                Some(asked) if asked > RETRY_AFTER_CAP => {
                    return Err(with_note(
                        error,
                        &format!(
                            "the provider asks to retry after {}; try again later",
                            humantime::format_duration(asked)
                        ),
                    ));
                }
                Some(asked) => asked,
                None => backoff(attempt),
            };
            tracing::warn!(
                provider = self.provider,
                attempt,
                delay_ms = delay.as_millis() as u64,
                error = %error,
                "model request failed; retrying"
            );
            tokio::time::sleep(delay).await;
            attempt += 1;
        }
    }

    async fn attempt(
        &self,
        url: &str,
        headers: &HeaderMap,
        body: &[u8],
    ) -> Result<serde_json::Value, Failure> {
        let exchange = async {
            let response = self
                .client
                .post(url)
                .headers(headers.clone())
                .body(body.to_vec())
                .send()
                .await?;
            let status = response.status();
            let retry_after = retry_after(response.headers());
            let bytes = response.bytes().await?;
            Ok::<_, reqwest::Error>((status, retry_after, bytes))
        };
        let (status, retry_after, bytes) = match tokio::time::timeout(self.timeout, exchange).await
        {
            // A model that is slow now is slow on a second try too: no retry.
            Err(_) => return Err(Failure::Fatal(ModelError::Timeout(self.timeout))),
            Ok(Err(error)) => {
                let message = self.scrub(&format!(
                    "cannot reach the {} model at {}: {}",
                    self.provider,
                    url,
                    chain(&error)
                ));
                let error_kind = ModelError::Transport(message);
                return Err(if error.is_builder() {
                    Failure::Fatal(error_kind)
                } else {
                    Failure::Retry {
                        error: error_kind,
                        retry_after: None,
                    }
                });
            }
            Ok(Ok(exchange)) => exchange,
        };
        tracing::debug!(
            provider = self.provider,
            status = status.as_u16(),
            bytes = bytes.len(),
            "model answer"
        );
        let parsed = serde_json::from_slice::<serde_json::Value>(&bytes);
        if status.is_success() {
            return parsed.map_err(|e| {
                Failure::Fatal(ModelError::Malformed(
                    self.scrub(&format!("{e} in {}", excerpt(&bytes))),
                ))
            });
        }
        let mut message = match parsed.as_ref().ok().and_then(error_message) {
            Some(message) => message,
            // Not a provider's error object (a proxy, a wrong URL): the reason and the body.
            None => {
                let reason = status.canonical_reason().unwrap_or("error");
                let mut text = if bytes.iter().all(u8::is_ascii_whitespace) {
                    reason.to_string()
                } else {
                    format!("{reason}: {}", excerpt(&bytes))
                };
                if status.as_u16() == 404 || status.as_u16() == 405 {
                    text.push_str(&format!(
                        " (is model.baseUrl right? codemode posted to {url})"
                    ));
                }
                text
            }
        };
        if status.as_u16() == 401 || status.as_u16() == 403 {
            match (&self.key, &self.key_env) {
                (Some(_), Some(env)) => {
                    message.push_str(&format!(" (check the API key in ${env})"));
                }
                (None, _) => message.push_str(" (no API key was sent: set model.apiKeyEnv)"),
                _ => {}
            }
        }
        let error = ModelError::Provider {
            status: status.as_u16(),
            message: self.scrub(&message),
        };
        let code = status.as_u16();
        if code == 408 || code == 409 || code == 429 || status.is_server_error() {
            Err(Failure::Retry { error, retry_after })
        } else {
            Err(Failure::Fatal(error))
        }
    }
}

/// The message of a provider's error object: OpenAI `{"error": {"message"}}`, Anthropic
/// `{"type": "error", "error": {"message"}}`, and the plain strings some local servers send.
pub(crate) fn error_message(value: &serde_json::Value) -> Option<String> {
    let error = value.get("error")?;
    if let Some(text) = error.as_str() {
        return Some(text.to_string());
    }
    let message = error.get("message").and_then(|m| m.as_str())?;
    match error.get("type").and_then(|t| t.as_str()) {
        Some(kind) if !kind.is_empty() && !message.contains(kind) => {
            Some(format!("{message} ({kind})"))
        }
        _ => Some(message.to_string()),
    }
}

/// `Retry-After` (seconds; HTTP dates are treated as absent) or OpenAI's `retry-after-ms`.
fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let text = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    if let Some(ms) = text("retry-after-ms").and_then(|v| v.trim().parse::<f64>().ok())
        && ms.is_finite()
        && ms >= 0.0
    {
        return Some(Duration::from_secs_f64(ms / 1000.0));
    }
    let seconds = text("retry-after")?.trim().parse::<f64>().ok()?;
    (seconds.is_finite() && seconds >= 0.0).then(|| Duration::from_secs_f64(seconds))
}

/// Exponential backoff with "equal jitter": half the delay fixed, half random, so that
/// clients retrying together spread out.
fn backoff(attempt: u32) -> Duration {
    let exponential = BASE_BACKOFF
        .saturating_mul(1u32 << attempt.min(16))
        .min(MAX_BACKOFF);
    exponential.mul_f64(0.5 + 0.5 * fastrand::f64())
}

fn gave_up(error: ModelError, retries: u32) -> ModelError {
    if retries == 0 {
        return error;
    }
    let plural = if retries == 1 { "retry" } else { "retries" };
    with_note(error, &format!("gave up after {retries} {plural}"))
}

fn with_note(error: ModelError, note: &str) -> ModelError {
    match error {
        ModelError::Provider { status, message } => ModelError::Provider {
            status,
            message: format!("{message} ({note})"),
        },
        ModelError::Transport(message) => ModelError::Transport(format!("{message} ({note})")),
        other => other,
    }
}

/// An error and its sources, without repeats (`reqwest` errors hide the useful part, e.g.
/// "Connection refused", in their sources).
pub(crate) fn chain(error: &dyn std::error::Error) -> String {
    let mut parts: Vec<String> = vec![error.to_string()];
    let mut source = error.source();
    while let Some(next) = source {
        let text = next.to_string();
        if !parts.iter().any(|p| p.contains(&text)) {
            parts.push(text);
        }
        source = next.source();
    }
    parts.join(": ")
}

/// The start of an answer, for an error message: at most [`EXCERPT_CHARS`] characters.
pub(crate) fn excerpt(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(bytes);
    let text = text.trim();
    if text.is_empty() {
        return "an empty body".into();
    }
    let mut cut: String = text.chars().take(EXCERPT_CHARS).collect();
    if cut.len() < text.len() {
        cut.push('…');
    }
    format!("`{cut}`")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_grows_and_is_capped() {
        for attempt in 0..20 {
            let delay = backoff(attempt);
            let full = BASE_BACKOFF
                .saturating_mul(1u32 << attempt.min(16))
                .min(MAX_BACKOFF);
            assert!(delay >= full / 2 && delay <= full, "{attempt}: {delay:?}");
        }
    }

    #[test]
    fn retry_after_reads_seconds_and_milliseconds() {
        let mut headers = HeaderMap::new();
        headers.insert("retry-after", HeaderValue::from_static("2"));
        assert_eq!(retry_after(&headers), Some(Duration::from_secs(2)));
        headers.insert("retry-after-ms", HeaderValue::from_static("150"));
        assert_eq!(retry_after(&headers), Some(Duration::from_millis(150)));
        let mut dated = HeaderMap::new();
        dated.insert(
            "retry-after",
            HeaderValue::from_static("Wed, 21 Oct 2015 07:28:00 GMT"),
        );
        assert_eq!(retry_after(&dated), None);
    }

    #[test]
    fn excerpts_are_short() {
        let long = "x".repeat(1000);
        let text = excerpt(long.as_bytes());
        assert!(text.chars().count() < EXCERPT_CHARS + 4);
        assert_eq!(excerpt(b"  "), "an empty body");
    }

    #[test]
    fn provider_error_messages() {
        let openai =
            serde_json::json!({"error": {"message": "bad model", "type": "invalid_request_error"}});
        assert_eq!(
            error_message(&openai).unwrap(),
            "bad model (invalid_request_error)"
        );
        let plain = serde_json::json!({"error": "model not found"});
        assert_eq!(error_message(&plain).unwrap(), "model not found");
    }
}
