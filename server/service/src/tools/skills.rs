//! Saved skills: code a model wrote once and reuses, stored as `skills/<name>/SKILL.md` in the
//! Claude Skills format (YAML front matter with `name` and `description`, then instructions)
//! next to the code file, and importable in later runs (`from skills.<name> import ...`,
//! `import ... from "skills/<name>"`).

use codemode_runtimes::{GuestModule, Language};
use serde::{Deserialize, Serialize};

use super::names::{Target, identifier};

/// A saved skill.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Skill {
    /// Lowercase letters, digits and hyphens, at most 64 characters (the Claude Skills rule).
    pub name: String,
    /// What the skill does and when to use it (at most 1024 characters).
    pub description: String,
    #[serde(with = "language_id")]
    pub language: Language,
    pub code: String,
}

/// A [`Language`] as its id (`python`, `javascript`, `typescript`) in serialized skills.
mod language_id {
    use codemode_runtimes::{Language, RuntimeConfig};
    use serde::{Deserialize, Deserializer, Serializer, de::Error};

    pub fn serialize<S: Serializer>(language: &Language, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(language.id())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Language, D::Error> {
        let id = String::deserialize(d)?;
        Language::from_id(&id, &RuntimeConfig::default()).ok_or_else(|| {
            D::Error::custom(format!(
                "unknown language {id:?}: python, javascript or typescript"
            ))
        })
    }
}

/// What `SKILL.md` holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SkillManifest {
    pub name: String,
    pub description: String,
    /// The Markdown after the front matter.
    pub instructions: String,
}

impl Skill {
    /// Checks the name and description against the Claude Skills rules.
    pub fn validate(&self) -> Result<(), String> {
        validate_name(&self.name)?;
        let description = self.description.trim();
        if description.is_empty() {
            return Err("a skill needs a description of what it does and when to use it".into());
        }
        if description.chars().count() > 1024 {
            return Err("a skill's description is at most 1024 characters".into());
        }
        if matches!(self.language, Language::Custom(_)) {
            return Err(format!(
                "skills are Python, JavaScript or TypeScript, not {}",
                self.language.id()
            ));
        }
        Ok(())
    }

    /// The code file next to `SKILL.md`: `skill.py`, `skill.js` or `skill.ts`.
    pub fn code_file_name(&self) -> &'static str {
        match self.language {
            Language::Python => "skill.py",
            Language::TypeScript => "skill.ts",
            _ => "skill.js",
        }
    }

    /// How a snippet imports it: `skills.<name>` (Python, hyphens as underscores) or
    /// `skills/<name>` (JavaScript/TypeScript).
    pub fn import_name(&self) -> String {
        match self.language {
            Language::Python => format!("skills.{}", identifier(&self.name, Target::Python)),
            _ => format!("skills/{}", self.name),
        }
    }
}

fn validate_name(name: &str) -> Result<(), String> {
    let ok = !name.is_empty()
        && name.len() <= 64
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !name.starts_with('-')
        && !name.ends_with('-');
    if ok {
        Ok(())
    } else {
        Err(format!(
            "invalid skill name {name:?}: use lowercase letters, digits and hyphens (at most 64 characters)"
        ))
    }
}

/// `SKILL.md` for a skill: front matter, then instructions showing how to import and use it.
pub fn skill_markdown(skill: &Skill) -> String {
    let description = skill.description.trim();
    let usage = match skill.language {
        Language::Python => format!(
            "```python\nfrom skills import {}\n```",
            identifier(&skill.name, Target::Python)
        ),
        _ => format!(
            "```{}\nimport * as skill from \"skills/{}\";\n```",
            if skill.language == Language::TypeScript {
                "ts"
            } else {
                "js"
            },
            skill.name
        ),
    };
    let api = public_names(skill);
    let api = if api.is_empty() {
        String::new()
    } else {
        format!(
            "\n\nIt defines: {}.",
            api.iter()
                .map(|n| format!("`{n}`"))
                .collect::<Vec<_>>()
                .join(", ")
        )
    };
    format!(
        "---\nname: {}\ndescription: {}\n---\n\n# {}\n\n{description}\n\n## Usage\n\nThe code is in `{}` ({}). Import it in a codemode snippet:\n\n{usage}{api}\n",
        yaml_scalar(&skill.name),
        yaml_scalar(description),
        skill.name,
        skill.code_file_name(),
        skill.language.id(),
    )
}

/// Reads `SKILL.md`: the front matter's `name` and `description` (other keys are allowed and
/// ignored) and the instructions after it.
pub fn parse_skill_markdown(text: &str) -> Result<SkillManifest, String> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut lines = text.split_inclusive('\n');
    if lines.next().map(str::trim_end) != Some("---") {
        return Err("SKILL.md must start with YAML front matter (a `---` line)".into());
    }
    let mut front = Vec::new();
    let mut consumed = text.find('\n').map_or(text.len(), |i| i + 1);
    let mut closed = false;
    for line in lines {
        consumed += line.len();
        if line.trim_end() == "---" {
            closed = true;
            break;
        }
        front.push(line.trim_end_matches(['\n', '\r']));
    }
    if !closed {
        return Err("SKILL.md's front matter is not closed by a `---` line".into());
    }
    let mut name = None;
    let mut description = None;
    let mut i = 0;
    while i < front.len() {
        let line = front[i];
        i += 1;
        if line.trim().is_empty()
            || line.trim_start().starts_with('#')
            || line.starts_with([' ', '\t'])
        {
            continue; // blank, comment, or nested content of a key we ignore
        }
        let Some((key, rest)) = line.split_once(':') else {
            return Err(format!(
                "SKILL.md front matter: expected `key: value`, found {line:?}"
            ));
        };
        let rest = rest.trim();
        let value =
            if rest == "|" || rest == ">" || rest.starts_with("|-") || rest.starts_with(">-") {
                let mut block = Vec::new();
                while i < front.len()
                    && (front[i].starts_with([' ', '\t']) || front[i].trim().is_empty())
                {
                    block.push(front[i].trim());
                    i += 1;
                }
                let joined = if rest.starts_with('|') {
                    block.join("\n")
                } else {
                    block.join(" ")
                };
                joined.trim().to_owned()
            } else {
                yaml_unquote(rest)?
            };
        match key.trim() {
            "name" => name = Some(value),
            "description" => description = Some(value),
            _ => {}
        }
    }
    let name = name.ok_or("SKILL.md front matter has no `name`")?;
    validate_name(&name)?;
    let description = description
        .filter(|d| !d.trim().is_empty())
        .ok_or("SKILL.md front matter has no `description`")?;
    Ok(SkillManifest {
        name,
        description,
        instructions: text[consumed.min(text.len())..]
            .trim_start_matches(['\n', '\r'])
            .to_owned(),
    })
}

/// A YAML scalar: plain when that is unambiguous, else double-quoted (JSON escapes are YAML's).
fn yaml_scalar(s: &str) -> String {
    let plain = !s.is_empty()
        && !s.contains(['\n', '#', '"', '\'', '\\'])
        && !s.contains(": ")
        && !s.ends_with(':')
        && !s.starts_with([
            ' ', '-', '?', '[', ']', '{', '}', '!', '*', '&', '|', '>', '%', '@', '`', ',',
        ])
        && !s.ends_with(' ')
        && !matches!(s, "true" | "false" | "null" | "yes" | "no" | "~")
        && s.parse::<f64>().is_err();
    if plain {
        s.to_owned()
    } else {
        serde_json::to_string(s).expect("strings serialize")
    }
}

fn yaml_unquote(s: &str) -> Result<String, String> {
    if s.starts_with('"') {
        return serde_json::from_str::<String>(s)
            .map_err(|e| format!("SKILL.md front matter: bad double-quoted string {s}: {e}"));
    }
    if let Some(inner) = s.strip_prefix('\'') {
        let inner = inner
            .strip_suffix('\'')
            .ok_or_else(|| format!("SKILL.md front matter: unterminated string {s}"))?;
        return Ok(inner.replace("''", "'"));
    }
    // A plain scalar ends at a comment.
    Ok(s.split(" #").next().unwrap_or("").trim().to_owned())
}

/// Top-level functions and classes the skill defines (for the instructions).
fn public_names(skill: &Skill) -> Vec<String> {
    let mut names = Vec::new();
    for line in skill.code.lines() {
        let found = match skill.language {
            Language::Python => line
                .strip_prefix("def ")
                .or_else(|| line.strip_prefix("async def "))
                .or_else(|| line.strip_prefix("class ")),
            _ => line
                .strip_prefix("export function ")
                .or_else(|| line.strip_prefix("export async function "))
                .or_else(|| line.strip_prefix("export class "))
                .or_else(|| line.strip_prefix("export const ")),
        };
        if let Some(rest) = found {
            let name: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == '$')
                .collect();
            if !name.is_empty() && !name.starts_with('_') && !names.contains(&name) {
                names.push(name);
            }
        }
    }
    names
}

/// `skills` (implied package) and `skills.<name>` for the Python skills.
pub(crate) fn python_modules(skills: &[Skill]) -> Vec<GuestModule> {
    skills
        .iter()
        .filter(|s| s.language == Language::Python)
        .map(|s| GuestModule {
            name: s.import_name(),
            source: s.code.clone(),
        })
        .collect()
}

/// `skills/<name>` for the JavaScript and TypeScript skills (TypeScript stripped of types; one
/// that cannot be stripped is left out, with a warning in the log).
pub(crate) fn js_modules(skills: &[Skill]) -> Vec<GuestModule> {
    let mut modules = Vec::new();
    for skill in skills {
        let source = match skill.language {
            Language::JavaScript => skill.code.clone(),
            Language::TypeScript => {
                match codemode_runtimes::typescript::strip(&skill.code, skill.code_file_name()) {
                    Ok(js) => js,
                    Err(err) => {
                        tracing::warn!(skill = %skill.name, "skill left out: {}", err.message);
                        continue;
                    }
                }
            }
            _ => continue,
        };
        modules.push(GuestModule {
            name: format!("skills/{}", skill.name),
            source,
        });
    }
    modules
}
