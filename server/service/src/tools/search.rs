//! Ranked search over the upstream tools (`search_tools {query, detail}`): definitions load on
//! demand instead of all of them up front.

use serde_json::{Value, json};

use super::ToolInfo;

/// How much of each tool a search returns.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Default,
    serde::Serialize,
    serde::Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Detail {
    /// `server` and `name`.
    Name,
    /// Plus title, the description's first sentence, and the annotation hints.
    #[default]
    Summary,
    /// Plus the whole description and the input and output schemas.
    Full,
}

/// Tools matching `query`, best first, at most `limit`. Each query word (split on
/// non-alphanumerics and camelCase, lowercased) scores where it is found: the tool's name
/// (most), the server's name and title, then the description; a word that only starts a name
/// word counts less. Tools that match no word are left out; an empty query lists every tool
/// (by server and name).
pub fn search(tools: &[ToolInfo], query: &str, detail: Detail, limit: usize) -> Vec<Value> {
    let words = tokens(query);
    let mut scored: Vec<(f64, &ToolInfo)> = tools
        .iter()
        .filter_map(|tool| {
            if words.is_empty() {
                return Some((0.0, tool));
            }
            let score = score(tool, query, &words);
            (score > 0.0).then_some((score, tool))
        })
        .collect();
    scored.sort_by(|(sa, a), (sb, b)| {
        sb.total_cmp(sa)
            .then_with(|| (&a.server, &a.name).cmp(&(&b.server, &b.name)))
    });
    scored
        .into_iter()
        .take(limit)
        .map(|(_, tool)| describe(tool, detail))
        .collect()
}

fn score(tool: &ToolInfo, query: &str, words: &[String]) -> f64 {
    let name = tokens(&tool.name);
    let server = tokens(&tool.server);
    let title = tool.title.as_deref().map(tokens).unwrap_or_default();
    let description = tokens(&tool.description);
    let mut total = 0.0;
    let mut matched = 0;
    for word in words {
        let mut best: f64 = 0.0;
        let weigh = |list: &[String], exact: f64, prefix: f64| -> f64 {
            if list.iter().any(|t| t == word) {
                exact
            } else if word.len() >= 3
                && list.iter().any(|t| {
                    t.starts_with(word.as_str()) || (t.len() >= 4 && word.starts_with(t.as_str()))
                })
            {
                prefix
            } else {
                0.0
            }
        };
        best = best.max(weigh(&name, 6.0, 3.0));
        best = best.max(weigh(&title, 3.0, 1.5));
        best = best.max(weigh(&server, 2.0, 1.0));
        best = best.max(weigh(&description, 1.0, 0.5));
        if best > 0.0 {
            matched += 1;
        }
        total += best;
    }
    if matched == 0 {
        return 0.0;
    }
    // Every word found beats some words found; the whole query as the name beats all.
    total += matched as f64 / words.len() as f64 * 2.0;
    let q = query.trim().to_lowercase();
    if q == tool.name.to_lowercase() || q == tool.wire_name().to_lowercase() {
        total += 20.0;
    }
    total
}

/// Lowercase words: split on anything not alphanumeric and at lower→upper case changes.
pub(crate) fn tokens(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut prev_lower = false;
    for c in text.chars() {
        if c.is_alphanumeric() {
            if c.is_uppercase() && prev_lower && !current.is_empty() {
                out.push(std::mem::take(&mut current));
            }
            prev_lower = c.is_lowercase() || c.is_ascii_digit();
            current.extend(c.to_lowercase());
        } else {
            prev_lower = false;
            if !current.is_empty() {
                out.push(std::mem::take(&mut current));
            }
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

fn describe(tool: &ToolInfo, detail: Detail) -> Value {
    let mut out = json!({ "server": tool.server, "name": tool.name });
    if detail == Detail::Name {
        return out;
    }
    let map = out.as_object_mut().expect("an object");
    if let Some(title) = &tool.title {
        map.insert("title".into(), json!(title));
    }
    match detail {
        Detail::Summary => {
            map.insert("summary".into(), json!(first_sentence(&tool.description)));
        }
        _ => {
            map.insert("description".into(), json!(tool.description));
        }
    }
    map.insert("hints".into(), json!(tool.hints()));
    let (module, function) = (tool.module_name(), tool.function_name());
    map.insert(
        "python".into(),
        json!(format!(
            "from servers import {module}; {module}.{function}(...)"
        )),
    );
    map.insert(
        "javascript".into(),
        json!(format!(
            "await servers.{}.{}({{...}})",
            super::identifier(&tool.server, super::Target::JavaScript),
            super::identifier(&tool.name, super::Target::JavaScript)
        )),
    );
    if detail == Detail::Full {
        map.insert("inputSchema".into(), tool.input_schema.clone());
        if let Some(output) = &tool.output_schema {
            map.insert("outputSchema".into(), output.clone());
        }
    }
    out
}

/// The description's first sentence (or line), at most 200 characters.
fn first_sentence(text: &str) -> String {
    let line = text.trim().lines().next().unwrap_or("");
    let end = line
        .char_indices()
        .find(|&(i, c)| c == '.' && line[i + 1..].starts_with(' '))
        .map_or(line.len(), |(i, _)| i + 1);
    let sentence = &line[..end];
    if sentence.chars().count() > 200 {
        let clipped: String = sentence.chars().take(199).collect();
        format!("{clipped}…")
    } else {
        sentence.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words() {
        assert_eq!(tokens("search_issues"), ["search", "issues"]);
        assert_eq!(tokens("getTinyImage"), ["get", "tiny", "image"]);
        assert_eq!(tokens("read-text-file v2"), ["read", "text", "file", "v2"]);
    }

    #[test]
    fn first_sentences() {
        assert_eq!(first_sentence("Reads a file. Then more."), "Reads a file.");
        assert_eq!(first_sentence("v1.2 is here\nsecond"), "v1.2 is here");
    }
}
