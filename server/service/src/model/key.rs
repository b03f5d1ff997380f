//! API keys: read once from the environment, held in a newtype that never prints itself.

use std::fmt;

/// A provider's API key. `Debug` and `Display` are redacted; the only way to the text is
/// [`ApiKey::expose`], used when the request headers are built.
#[derive(Clone, PartialEq, Eq)]
pub struct ApiKey(String);

impl ApiKey {
    pub fn new(key: impl Into<String>) -> Self {
        Self(key.into())
    }

    /// The key itself, for the one place that puts it in a header.
    pub(crate) fn expose(&self) -> &str {
        &self.0
    }

    /// `text` with every occurrence of the key replaced by `[redacted]`: applied to anything a
    /// provider or the network stack says before it reaches an error or a log.
    pub fn scrub(&self, text: &str) -> String {
        // Keys shorter than this would match ordinary words; no real provider issues them.
        if self.0.len() < 8 {
            return text.to_string();
        }
        text.replace(&self.0, "[redacted]")
    }
}

impl fmt::Debug for ApiKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ApiKey([redacted])")
    }
}

impl fmt::Display for ApiKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn never_prints_itself() {
        let key = ApiKey::new("sk-test-0123456789abcdef");
        assert_eq!(format!("{key}"), "[redacted]");
        assert_eq!(format!("{key:?}"), "ApiKey([redacted])");
        assert_eq!(
            key.scrub("bad key sk-test-0123456789abcdef given"),
            "bad key [redacted] given"
        );
    }
}
