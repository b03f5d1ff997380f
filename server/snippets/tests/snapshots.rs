//! Data-driven snapshots: the runnables of each document in `tests/fixtures/`, the plan of
//! each runnable, and plans of selections.

use std::fmt::Write as _;
use std::ops::RangeInclusive;
use std::path::{Path, PathBuf};

use codemode_snippets::{DocLanguage, Plan, Runnable, Target, plan, runnables};

const DOCTEST_HARNESS: &str = include_str!("../src/doctest.py");

fn fixtures() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("fixtures")
        .map(|e| e.expect("entry").path())
        .collect();
    paths.sort();
    paths
}

fn load(path: &Path) -> (String, DocLanguage, String) {
    let text = std::fs::read_to_string(path).expect("fixture");
    let lang = DocLanguage::from_path(path).expect("known extension");
    let name = path
        .file_name()
        .unwrap()
        .to_string_lossy()
        .replace('.', "_");
    (name, lang, text)
}

/// `L3:1..L9:12`, lines and columns 1-based.
fn position(text: &str, offset: usize) -> String {
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
    format!("L{line}:{column}")
}

fn describe(text: &str, r: &Runnable) -> String {
    let first_line = text[r.range.clone()].lines().next().unwrap_or("");
    format!(
        "{:?} {:?} {}..{} {} | {first_line}",
        r.kind,
        r.name,
        position(text, r.range.start),
        position(text, r.range.end),
        r.language,
    )
}

fn render_plan(text: &str, plan: &Plan) -> String {
    let mut out = String::new();
    writeln!(out, "language: {}", plan.language).unwrap();
    writeln!(out, "show_last_value: {}", plan.show_last_value).unwrap();
    let (start, end) = (plan.range.start, plan.range.end);
    writeln!(
        out,
        "range: {}..{}",
        position(text, start),
        position(text, end)
    )
    .unwrap();
    write!(out, "map:\n{}", plan.map).unwrap();
    writeln!(out, "code:").unwrap();
    let code = plan.code.replace(DOCTEST_HARNESS, "<doctest harness>\n");
    let lines: Vec<&str> = code.lines().collect();
    let mut index = 0;
    while index < lines.len() {
        let blanks = lines[index..].iter().take_while(|l| l.is_empty()).count();
        if blanks >= 3 {
            writeln!(out, "    ⋮ {blanks} blank lines").unwrap();
            index += blanks;
            continue;
        }
        let number = u32::try_from(index + 1).unwrap();
        let mark = match plan.map.to_document(number, 1) {
            Some((doc, _)) => format!("{doc:>3}"),
            None => "  +".to_owned(),
        };
        writeln!(out, "{mark} | {}", lines[index]).unwrap();
        index += 1;
    }
    out
}

#[test]
fn runnables_of_fixtures() {
    for path in fixtures() {
        let (name, lang, text) = load(&path);
        let listed: Vec<String> = runnables(lang, &text)
            .iter()
            .map(|r| describe(&text, r))
            .collect();
        insta::assert_snapshot!(format!("runnables__{name}"), listed.join("\n"));
    }
}

#[test]
fn plans_of_fixture_runnables() {
    for path in fixtures() {
        let (name, lang, text) = load(&path);
        let mut out = String::new();
        for runnable in runnables(lang, &text) {
            writeln!(out, "=== {}", describe(&text, &runnable)).unwrap();
            match plan(lang, &text, Target::Runnable(&runnable)) {
                Ok(plan) => out.push_str(&render_plan(&text, &plan)),
                Err(err) => writeln!(out, "error: {err}").unwrap(),
            }
            out.push('\n');
        }
        insta::assert_snapshot!(format!("plans__{name}"), out);
    }
}

/// Selections by fixture and 1-based document lines (columns: the whole lines).
const SELECTIONS: &[(&str, RangeInclusive<usize>)] = &[
    // Top level, after side effects: only context above.
    ("basics.py", 77..=77),
    // Inside a function body: dedented, columns shifted.
    ("basics.py", 41..=44),
    // Part of a cell.
    ("cells.py", 8..=9),
    // Inside a JavaScript function: kept as it is.
    ("cells.js", 10..=10),
    // A Markdown fence's line, with the earlier fences' context.
    ("notes.md", 13..=13),
    // Not inside a fence.
    ("notes.md", 3..=3),
    // The second line of a fence: its first line is context.
    ("notes.md", 26..=26),
    // A whole fence including its fence lines: only the content.
    ("notes.md", 23..=28),
];

fn line_range(text: &str, lines: &RangeInclusive<usize>) -> std::ops::Range<usize> {
    let starts: Vec<usize> = std::iter::once(0)
        .chain(text.match_indices('\n').map(|(i, _)| i + 1))
        .collect();
    let start = starts[lines.start() - 1];
    let end = starts.get(*lines.end()).map_or(text.len(), |next| next - 1);
    start..end
}

#[test]
fn plans_of_selections() {
    let mut out = String::new();
    for (fixture, lines) in SELECTIONS {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(fixture);
        let (_, lang, text) = load(&path);
        let range = line_range(&text, lines);
        writeln!(out, "=== {fixture} lines {lines:?}").unwrap();
        match plan(lang, &text, Target::Selection(range)) {
            Ok(plan) => out.push_str(&render_plan(&text, &plan)),
            Err(err) => writeln!(out, "error: {err}").unwrap(),
        }
        out.push('\n');
    }
    insta::assert_snapshot!(out);
}
