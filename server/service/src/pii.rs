//! PII tokenization: personal data in what reaches the model is replaced by stable tokens
//! (`[EMAIL_1]`, `[PHONE_2]`, `[CARD_1]`, `[IBAN_1]`, `[IP_3]`, custom `[NAME_1]`), and tokens in
//! what the model sends back (tool arguments) are restored to the real values. One
//! [`Tokenizer`] per session holds the mapping; the same value always gets the same token.
//!
//! Detectors favour precision: card numbers must pass the Luhn check and start like a card,
//! IBANs must pass ISO 13616's mod-97 check, phone numbers need a `+` country code or a common
//! national layout with separators, IP addresses must parse; dates, times, versions, UUIDs and
//! plain numbers are left alone.

use std::collections::HashMap;
use std::net::Ipv6Addr;
use std::str::FromStr;

use regex::Regex;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// A built-in kind of personal data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum PiiKind {
    /// E-mail addresses.
    Email,
    /// Phone numbers: `+CC` international and common national layouts.
    Phone,
    /// Payment card numbers (13-19 digits, Luhn-checked).
    Card,
    /// International bank account numbers (mod-97 checked).
    Iban,
    /// IPv4 and IPv6 addresses.
    Ip,
}

impl PiiKind {
    pub const ALL: [PiiKind; 5] = [Self::Email, Self::Phone, Self::Card, Self::Iban, Self::Ip];

    /// The token's prefix: `EMAIL`, `PHONE`, `CARD`, `IBAN`, `IP`.
    pub fn token_name(self) -> &'static str {
        match self {
            Self::Email => "EMAIL",
            Self::Phone => "PHONE",
            Self::Card => "CARD",
            Self::Iban => "IBAN",
            Self::Ip => "IP",
        }
    }
}

/// A pattern of the user's own: matches become `[<NAME>_n]` tokens.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PiiPattern {
    /// Token name: letters, digits and `_`, starting with a letter (`employee_id` →
    /// `[EMPLOYEE_ID_1]`).
    pub name: String,
    /// A regular expression (Rust `regex` syntax); the whole match is replaced.
    pub regex: String,
}

/// Which personal data is replaced by tokens before results reach the model.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(default, rename_all = "camelCase", deny_unknown_fields)]
pub struct PiiSettings {
    /// Replace personal data in what the model receives with tokens such as `[EMAIL_1]`, and
    /// restore the real values when the model passes tokens back into tool calls.
    pub enabled: bool,
    /// The built-in detectors to run: `email`, `phone`, `card`, `iban`, `ip`.
    pub kinds: Vec<PiiKind>,
    /// Extra patterns, each `{ "name": ..., "regex": ... }`.
    pub patterns: Vec<PiiPattern>,
}

impl Default for PiiSettings {
    fn default() -> Self {
        Self {
            enabled: true,
            kinds: PiiKind::ALL.to_vec(),
            patterns: Vec::new(),
        }
    }
}

/// The settings cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PiiError {
    #[error("invalid PII pattern name {0:?}: use letters, digits and _, starting with a letter")]
    BadName(String),
    #[error("PII pattern name {0:?} clashes with a built-in kind")]
    BuiltinName(String),
    #[error("invalid regex for PII pattern {name:?}: {message}")]
    BadRegex { name: String, message: String },
    #[error("PII pattern {0:?} matches the empty string")]
    EmptyMatch(String),
}

impl PiiSettings {
    /// Checks the custom patterns.
    pub fn validate(&self) -> Result<(), PiiError> {
        Tokenizer::new(self).map(|_| ())
    }
}

enum Detector {
    Builtin(PiiKind),
    Custom { kind: String, regex: Regex },
}

struct Patterns {
    email: Regex,
    phone_international: Regex,
    phone_national: Regex,
    card: Regex,
    iban: Regex,
    ipv4: Regex,
    ipv6: Regex,
    token: Regex,
}

fn patterns() -> &'static Patterns {
    static PATTERNS: std::sync::OnceLock<Patterns> = std::sync::OnceLock::new();
    PATTERNS.get_or_init(|| {
        let re = |s: &str| Regex::new(s).expect("built-in PII patterns compile");
        Patterns {
            email: re(r"(?i)[a-z0-9_%+-]+(?:\.[a-z0-9_%+-]+)*@(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,24}"),
            phone_international: re(r"\+\d{1,3}(?:[ .-]?\(\d{1,4}\))?(?:[ .-]?\d{1,5}){2,6}"),
            // (555) 123-4567 · 555-123-4567 · 555.123.4567 · 020 7946 0958 · 030/1234567 ·
            // 01 23 45 67 89 · 06-12345678
            phone_national: re(concat!(
                r"\(\d{3}\) ?\d{3}[ .-]\d{4}",
                r"|\d{3}([.-])\d{3}([.-])\d{4}",
                r"|0\d{1,4}[ /-]\d{3,8}(?:[ -]\d{3,4})?",
                r"|0\d(?:[ .]\d{2}){4}",
            )),
            card: re(r"\d(?:[ -]?\d){12,18}"),
            iban: re(r"[A-Z]{2}\d{2}(?: ?[A-Z0-9]){11,30}"),
            ipv4: re(r"(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)"),
            ipv6: re(r"(?i)[0-9a-f]{0,4}(?::[0-9a-f]{0,4}){2,7}(?::(?:\d{1,3}\.){3}\d{1,3})?"),
            token: re(r"\[[A-Z][A-Z0-9_]*_\d+\]"),
        }
    })
}

/// One session's mapping between personal data and tokens.
pub struct Tokenizer {
    enabled: bool,
    detectors: Vec<Detector>,
    /// (kind, value) → token.
    tokens: HashMap<(String, String), String>,
    /// token → (value, came from a JSON number).
    values: HashMap<String, (String, bool)>,
    counters: HashMap<String, usize>,
}

impl std::fmt::Debug for Tokenizer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never print the values.
        f.debug_struct("Tokenizer")
            .field("enabled", &self.enabled)
            .field("tokens", &self.values.len())
            .finish()
    }
}

struct Found {
    start: usize,
    end: usize,
    kind: String,
    priority: usize,
}

impl Default for Tokenizer {
    /// Every built-in detector, no custom pattern.
    fn default() -> Self {
        Self::new(&PiiSettings::default()).expect("the default settings are valid")
    }
}

impl Tokenizer {
    /// A tokenizer for one session; fails on an invalid custom pattern.
    pub fn new(settings: &PiiSettings) -> Result<Self, PiiError> {
        let mut detectors = Vec::new();
        for pattern in &settings.patterns {
            let valid = pattern.name.starts_with(|c: char| c.is_ascii_alphabetic())
                && pattern
                    .name
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_');
            if !valid {
                return Err(PiiError::BadName(pattern.name.clone()));
            }
            let kind = pattern.name.to_ascii_uppercase();
            if PiiKind::ALL.iter().any(|k| k.token_name() == kind) {
                return Err(PiiError::BuiltinName(pattern.name.clone()));
            }
            let regex = Regex::new(&pattern.regex).map_err(|e| PiiError::BadRegex {
                name: pattern.name.clone(),
                message: e.to_string(),
            })?;
            if regex.is_match("") {
                return Err(PiiError::EmptyMatch(pattern.name.clone()));
            }
            detectors.push(Detector::Custom { kind, regex });
        }
        // Longer, more specific kinds first: they win ties on the same span.
        for kind in [
            PiiKind::Email,
            PiiKind::Iban,
            PiiKind::Card,
            PiiKind::Ip,
            PiiKind::Phone,
        ] {
            if settings.kinds.contains(&kind) {
                detectors.push(Detector::Builtin(kind));
            }
        }
        Ok(Self {
            enabled: settings.enabled,
            detectors,
            tokens: HashMap::new(),
            values: HashMap::new(),
            counters: HashMap::new(),
        })
    }

    pub fn is_enabled(&self) -> bool {
        self.enabled
    }

    /// Number of distinct values tokenized so far.
    pub fn len(&self) -> usize {
        self.values.len()
    }

    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }

    /// `text` with every detected value replaced by its token.
    pub fn redact_text(&mut self, text: &str) -> String {
        if !self.enabled || text.is_empty() {
            return text.to_owned();
        }
        let found = self.find(text);
        if found.is_empty() {
            return text.to_owned();
        }
        let mut out = String::with_capacity(text.len());
        let mut at = 0;
        for f in found {
            out.push_str(&text[at..f.start]);
            out.push_str(&self.token_for(&f.kind, &text[f.start..f.end], false));
            at = f.end;
        }
        out.push_str(&text[at..]);
        out
    }

    /// Redacts every string (object keys included) in `value`; an integer that is a card
    /// number becomes its token (restored as a number).
    pub fn redact_json(&mut self, value: &mut Value) {
        if !self.enabled {
            return;
        }
        match value {
            Value::String(s) => {
                let redacted = self.redact_text(s);
                if redacted != *s {
                    *s = redacted;
                }
            }
            Value::Number(n) => {
                let digits = n.to_string();
                if n.is_u64()
                    && self
                        .detectors
                        .iter()
                        .any(|d| matches!(d, Detector::Builtin(PiiKind::Card)))
                    && is_card(&digits)
                {
                    *value =
                        Value::String(self.token_for(PiiKind::Card.token_name(), &digits, true));
                }
            }
            Value::Array(items) => items.iter_mut().for_each(|v| self.redact_json(v)),
            Value::Object(map) => {
                let entries = std::mem::take(map);
                for (key, mut v) in entries {
                    self.redact_json(&mut v);
                    map.insert(self.redact_text(&key), v);
                }
            }
            Value::Null | Value::Bool(_) => {}
        }
    }

    /// `text` with every known token replaced by its value; unknown tokens stay.
    pub fn restore_text(&self, text: &str) -> String {
        if self.values.is_empty() {
            return text.to_owned();
        }
        patterns()
            .token
            .replace_all(text, |caps: &regex::Captures<'_>| {
                let token = &caps[0];
                self.values
                    .get(token)
                    .map_or_else(|| token.to_owned(), |(value, _)| value.clone())
            })
            .into_owned()
    }

    /// Restores tokens in every string (and key) of `value`; a string that is exactly the
    /// token of a number becomes that number again.
    pub fn restore_json(&self, value: &mut Value) {
        if self.values.is_empty() {
            return;
        }
        match value {
            Value::String(s) => {
                if let Some((original, true)) = self.values.get(s.as_str())
                    && let Ok(n) = serde_json::Number::from_str(original)
                {
                    *value = Value::Number(n);
                    return;
                }
                let restored = self.restore_text(s);
                if restored != *s {
                    *s = restored;
                }
            }
            Value::Array(items) => items.iter_mut().for_each(|v| self.restore_json(v)),
            Value::Object(map) => {
                let entries = std::mem::take(map);
                for (key, mut v) in entries {
                    self.restore_json(&mut v);
                    map.insert(self.restore_text(&key), v);
                }
            }
            _ => {}
        }
    }

    fn token_for(&mut self, kind: &str, value: &str, numeric: bool) -> String {
        let key = (kind.to_owned(), value.to_owned());
        if let Some(token) = self.tokens.get(&key) {
            return token.clone();
        }
        let n = self.counters.entry(kind.to_owned()).or_insert(0);
        *n += 1;
        let token = format!("[{kind}_{n}]");
        self.tokens.insert(key, token.clone());
        self.values
            .insert(token.clone(), (value.to_owned(), numeric));
        token
    }

    /// Non-overlapping matches, in text order (earliest start, then longest, then priority).
    fn find(&self, text: &str) -> Vec<Found> {
        let mut all = Vec::new();
        for (priority, detector) in self.detectors.iter().enumerate() {
            match detector {
                Detector::Custom { kind, regex } => {
                    for m in regex.find_iter(text).filter(|m| !m.is_empty()) {
                        all.push(Found {
                            start: m.start(),
                            end: m.end(),
                            kind: kind.clone(),
                            priority,
                        });
                    }
                }
                Detector::Builtin(kind) => {
                    for (start, end) in builtin(*kind, text) {
                        all.push(Found {
                            start,
                            end,
                            kind: kind.token_name().to_owned(),
                            priority,
                        });
                    }
                }
            }
        }
        all.sort_by(|a, b| {
            a.start
                .cmp(&b.start)
                .then((b.end - b.start).cmp(&(a.end - a.start)))
                .then(a.priority.cmp(&b.priority))
        });
        let mut kept: Vec<Found> = Vec::new();
        for f in all {
            if kept.last().is_none_or(|last| f.start >= last.end) {
                kept.push(f);
            }
        }
        kept
    }
}

/// Spans of one built-in kind in `text`.
fn builtin(kind: PiiKind, text: &str) -> Vec<(usize, usize)> {
    let p = patterns();
    let mut spans = Vec::new();
    match kind {
        PiiKind::Email => {
            for m in p.email.find_iter(text) {
                let before = text[..m.start()].chars().next_back();
                if before.is_some_and(|c| c.is_alphanumeric() || c == '.') {
                    continue;
                }
                spans.push((m.start(), m.end()));
            }
        }
        PiiKind::Phone => {
            let international =
                |s: &str| (8..=15).contains(&s.chars().filter(char::is_ascii_digit).count());
            spans.extend(scan(&p.phone_international, text, international));
            // 555-123-4567 and 555.123.4567, not 555-123.4567.
            let national = |s: &str| {
                let digits = s.chars().filter(char::is_ascii_digit).count();
                let separators: Vec<char> = s.chars().filter(|c| matches!(c, '.' | '-')).collect();
                let mixed =
                    s.len() == 12 && separators.len() == 2 && separators[0] != separators[1];
                (9..=13).contains(&digits)
                    && !mixed
                    && p.phone_national.find(s).is_some_and(|m| m.len() == s.len())
            };
            spans.extend(scan(&p.phone_national, text, national));
        }
        PiiKind::Card => {
            let card = |s: &str| {
                let consistent = !(s.contains(' ') && s.contains('-'));
                let digits: String = s.chars().filter(char::is_ascii_digit).collect();
                consistent && is_card(&digits)
            };
            spans.extend(scan(&p.card, text, card));
        }
        PiiKind::Iban => {
            let iban = |s: &str| is_iban(&s.chars().filter(|c| *c != ' ').collect::<String>());
            spans.extend(scan_bounded(&p.iban, text, iban, word_bounded));
        }
        PiiKind::Ip => {
            for m in p.ipv4.find_iter(text) {
                let before = text[..m.start()].chars().next_back();
                let after = &text[m.end()..];
                let version = before.is_some_and(|c| c.is_alphanumeric() || c == '.' || c == '-')
                    || after.starts_with(|c: char| c.is_alphanumeric())
                    || (after.starts_with('.')
                        && after[1..].starts_with(|c: char| c.is_ascii_digit()));
                if !version {
                    spans.push((m.start(), m.end()));
                }
            }
            for m in p.ipv6.find_iter(text) {
                let s = m.as_str();
                let before = text[..m.start()].chars().next_back();
                let after = text[m.end()..].chars().next();
                let glued = |c: Option<char>| {
                    c.is_some_and(|c| c.is_alphanumeric() || c == ':' || c == '.')
                };
                let colons = s.matches(':').count();
                if glued(before) || glued(after) || !(s.contains("::") || colons == 7) {
                    continue;
                }
                // `a::b` is an address too, but far more often a path in code: ask for a digit.
                if !s.chars().any(|c| c.is_ascii_digit()) || Ipv6Addr::from_str(s).is_err() {
                    continue;
                }
                spans.push((m.start(), m.end()));
            }
        }
    }
    spans
}

/// Every accepted, bounded match of `regex` (shortened by [`shrink`] where needed). A rejected
/// match does not hide one that starts inside it: the search goes on from its second character.
fn scan(regex: &Regex, text: &str, accept: impl Fn(&str) -> bool) -> Vec<(usize, usize)> {
    scan_bounded(regex, text, accept, bounded)
}

fn scan_bounded(
    regex: &Regex,
    text: &str,
    accept: impl Fn(&str) -> bool,
    bound: fn(&str, usize, usize) -> bool,
) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    let mut at = 0;
    while at < text.len() {
        let Some(m) = regex.find_at(text, at) else {
            break;
        };
        match shrink(text, m.start(), m.end(), &accept, bound) {
            Some(span) => {
                spans.push(span);
                at = span.1;
            }
            None => {
                at = m.start() + text[m.start()..].chars().next().map_or(1, char::len_utf8);
            }
        }
    }
    spans
}

/// The longest prefix of the match `start..end` that ends before a separator (or at `end`),
/// is bounded (`bound`, usually [`bounded`]), and is accepted: a number followed by more digit groups that do not belong
/// to it (`+1 415 555 2671 2001:db8::1`) is still found.
fn shrink(
    text: &str,
    start: usize,
    end: usize,
    accept: impl Fn(&str) -> bool,
    bound: fn(&str, usize, usize) -> bool,
) -> Option<(usize, usize)> {
    let mut ends = vec![end];
    ends.extend(
        text[start..end]
            .char_indices()
            .rev()
            .filter(|(_, c)| matches!(c, ' ' | '.' | '-'))
            .map(|(i, _)| start + i),
    );
    ends.into_iter()
        .find(|&e| e > start && accept(&text[start..e]) && bound(text, start, e))
        .map(|e| (start, e))
}

/// Not glued to more digits, letters, or a version-like `.5` / `-7`.
fn bounded(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].chars().next_back();
    let after = &text[end..];
    let glued_before = before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '+')
        || (before.is_some_and(|c| matches!(c, '.' | '-' | '/'))
            && text[..start]
                .chars()
                .rev()
                .nth(1)
                .is_some_and(|c| c.is_ascii_digit()));
    let mut rest = after.chars();
    let first = rest.next();
    let second = rest.next();
    let glued_after = first.is_some_and(|c| c.is_alphanumeric() || c == '_')
        || (first.is_some_and(|c| matches!(c, '.' | '-' | '/' | ':'))
            && second.is_some_and(|c| c.is_ascii_digit()));
    !glued_before && !glued_after
}

fn word_bounded(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    !before.is_some_and(|c| c.is_alphanumeric()) && !after.is_some_and(|c| c.is_alphanumeric())
}

/// 13-19 digits, a card network's first digit (2-6), and a valid Luhn check digit.
fn is_card(digits: &str) -> bool {
    (13..=19).contains(&digits.len())
        && digits.chars().all(|c| c.is_ascii_digit())
        && matches!(digits.as_bytes()[0], b'2'..=b'6')
        && luhn(digits)
}

pub(crate) fn luhn(digits: &str) -> bool {
    let mut sum = 0;
    for (i, c) in digits.bytes().rev().enumerate() {
        let mut d = u32::from(c - b'0');
        if i % 2 == 1 {
            d *= 2;
            if d > 9 {
                d -= 9;
            }
        }
        sum += d;
    }
    sum % 10 == 0
}

/// ISO 13616: country letters, two check digits, 11-30 alphanumerics, mod 97 == 1.
pub(crate) fn is_iban(compact: &str) -> bool {
    if !(15..=34).contains(&compact.len()) || !compact.is_ascii() {
        return false;
    }
    let (head, tail) = compact.split_at(4);
    let mut remainder: u32 = 0;
    for c in tail.chars().chain(head.chars()) {
        let value = match c {
            '0'..='9' => c as u32 - '0' as u32,
            'A'..='Z' => c as u32 - 'A' as u32 + 10,
            _ => return false,
        };
        remainder = if value >= 10 {
            (remainder * 100 + value) % 97
        } else {
            (remainder * 10 + value) % 97
        };
    }
    remainder == 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checksums() {
        assert!(luhn("4111111111111111"));
        assert!(!luhn("4111111111111112"));
        assert!(is_iban("GB82WEST12345698765432"));
        assert!(is_iban("DE89370400440532013000"));
        assert!(!is_iban("DE89370400440532013001"));
    }
}
