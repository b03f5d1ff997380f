//! The skills directory: `save_skill` writes `<dir>/<name>/SKILL.md` and the code file;
//! saved skills are listed as resources and importable in later runs.

use std::path::{Path, PathBuf};

use codemode_runtimes::Language;
use codemode_service::tools::{Skill, parse_skill_markdown, skill_markdown};

pub struct SkillStore {
    dir: Option<PathBuf>,
}

impl SkillStore {
    /// `dir` from the settings, else `<data dir>/codemode/skills`.
    pub fn new(dir: Option<PathBuf>) -> Self {
        let dir = dir.or_else(|| dirs::data_dir().map(|d| d.join("codemode").join("skills")));
        Self { dir }
    }

    pub fn dir(&self) -> Option<&Path> {
        self.dir.as_deref()
    }

    /// Writes the skill (replacing one of the same name). Names are validated by
    /// [`Skill::validate`] (lowercase letters, digits and hyphens), so a name can never leave
    /// the skills directory.
    pub fn save(&self, skill: &Skill) -> Result<PathBuf, String> {
        skill.validate()?;
        let dir = self
            .dir
            .as_ref()
            .ok_or("no data directory for skills: set `mcp.skillsDir` in the settings")?;
        let skill_dir = dir.join(&skill.name);
        std::fs::create_dir_all(&skill_dir)
            .map_err(|e| format!("cannot create {}: {e}", skill_dir.display()))?;
        // One skill has one code file: remove another language's version.
        for name in ["skill.py", "skill.js", "skill.ts"] {
            if name != skill.code_file_name() {
                let _ = std::fs::remove_file(skill_dir.join(name));
            }
        }
        write_atomic(&skill_dir.join(skill.code_file_name()), &skill.code)?;
        write_atomic(&skill_dir.join("SKILL.md"), &skill_markdown(skill))?;
        Ok(skill_dir)
    }

    /// Every readable skill in the directory (a broken one is logged and skipped).
    pub fn list(&self) -> Vec<Skill> {
        let Some(dir) = &self.dir else {
            return Vec::new();
        };
        let Ok(entries) = std::fs::read_dir(dir) else {
            return Vec::new();
        };
        let mut skills: Vec<Skill> = entries
            .flatten()
            .filter(|e| e.path().is_dir())
            .filter_map(|entry| match load(&entry.path()) {
                Ok(skill) => Some(skill),
                Err(message) => {
                    tracing::warn!(path = %entry.path().display(), %message, "skipping a skill");
                    None
                }
            })
            .collect();
        skills.sort_by(|a, b| a.name.cmp(&b.name));
        skills
    }

    /// The text of `<name>/<file>` (`SKILL.md` or the code file) of a saved skill.
    pub fn read(&self, name: &str, file: &str) -> Option<String> {
        let skill = self.list().into_iter().find(|s| s.name == name)?;
        match file {
            "SKILL.md" => Some(skill_markdown(&skill)),
            f if f == skill.code_file_name() => Some(skill.code),
            _ => None,
        }
    }
}

fn load(dir: &Path) -> Result<Skill, String> {
    let text = std::fs::read_to_string(dir.join("SKILL.md")).map_err(|e| e.to_string())?;
    let manifest = parse_skill_markdown(&text)?;
    for (file, language) in [
        ("skill.py", Language::Python),
        ("skill.ts", Language::TypeScript),
        ("skill.js", Language::JavaScript),
    ] {
        if let Ok(code) = std::fs::read_to_string(dir.join(file)) {
            let skill = Skill {
                name: manifest.name.clone(),
                description: manifest.description.clone(),
                language,
                code,
            };
            skill.validate()?;
            return Ok(skill);
        }
    }
    Err("no skill.py, skill.ts or skill.js next to SKILL.md".into())
}

fn write_atomic(path: &Path, text: &str) -> Result<(), String> {
    let tmp = path.with_extension("tmp");
    std::fs::write(&tmp, text)
        .and_then(|()| std::fs::rename(&tmp, path))
        .map_err(|e| format!("cannot write {}: {e}", path.display()))
}
