//! Running a snippet of an open document: pick what to run, plan the program with its
//! context, run it in the sandbox, and bring the outcome back to document positions.

use std::ops::Range;
use std::sync::Arc;

use codemode_runtimes::{CancelHandle, Language, RunOutcome, RunRequest, Runtimes};
use codemode_snippets::{DocLanguage, Plan, Runnable, RunnableKind, Target};

use crate::settings::Settings;
use crate::text::DocumentSnapshot;

/// What the user asked to run, in bytes of the snapshot's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RunTarget {
    /// A selection (extended to whole lines); an empty one means "what is at this offset".
    Range(Range<usize>),
    /// The runnable a code lens showed: found again by kind and name (the nearest to `start`
    /// when several match), so a lens computed before an edit still runs its own snippet.
    Runnable {
        kind: String,
        name: String,
        start: usize,
    },
}

/// A finished run of part of a document.
#[derive(Debug, Clone)]
pub struct SnippetRun {
    pub uri: Arc<str>,
    /// The version of the document the run saw; results are published only while current.
    pub version: i32,
    /// The document bytes the result belongs to.
    pub range: Range<usize>,
    /// What ran: `fizzbuzz`, `cell 2`, `selection`, `file`, ...
    pub name: String,
    /// `function`, `class`, `cell`, `fence`, `doctest`, `main`, `file` or `selection`.
    pub kind: &'static str,
    /// Positions in the document (1-based lines, columns in code points).
    pub outcome: RunOutcome,
}

#[derive(Debug, Clone, thiserror::Error)]
pub enum RunError {
    #[error(
        "codemode cannot run {0} documents (Python, JavaScript, TypeScript and Markdown fences are supported)"
    )]
    UnsupportedLanguage(String),
    #[error("{0}")]
    Plan(#[from] codemode_snippets::PlanError),
    #[error("{0}")]
    Runtime(#[from] codemode_runtimes::RuntimeError),
}

/// The language of an open document: its LSP language id, else its file extension.
pub fn doc_language(snapshot: &DocumentSnapshot) -> Option<DocLanguage> {
    DocLanguage::from_language_id(&snapshot.language_id).or_else(|| {
        let path = snapshot.uri.rsplit('/').next().unwrap_or(&snapshot.uri);
        DocLanguage::from_path(std::path::Path::new(path))
    })
}

/// Everything runnable in the snapshot (for code lenses).
pub fn runnables(snapshot: &DocumentSnapshot) -> Vec<Runnable> {
    match doc_language(snapshot) {
        Some(lang) => codemode_snippets::runnables(lang, &snapshot.text),
        None => Vec::new(),
    }
}

pub fn kind_name(kind: &RunnableKind) -> &'static str {
    match kind {
        RunnableKind::Function { .. } => "function",
        RunnableKind::Class => "class",
        RunnableKind::Cell => "cell",
        RunnableKind::Fence => "fence",
        RunnableKind::Doctest => "doctest",
        RunnableKind::MainBlock => "main",
        RunnableKind::File => "file",
    }
}

/// Chooses what runs for `target` and plans it.
pub(crate) fn plan(
    snapshot: &DocumentSnapshot,
    target: &RunTarget,
) -> Result<(Plan, String, &'static str), RunError> {
    let lang = doc_language(snapshot)
        .ok_or_else(|| RunError::UnsupportedLanguage(snapshot.language_id.to_string()))?;
    let text = &snapshot.text;
    let found = codemode_snippets::runnables(lang, text);
    let pick = |runnable: &Runnable| -> Result<(Plan, String, &'static str), RunError> {
        let plan = codemode_snippets::plan(lang, text, Target::Runnable(runnable))?;
        Ok((plan, runnable.name.clone(), kind_name(&runnable.kind)))
    };
    match target {
        RunTarget::Range(range) if range.is_empty() => {
            match codemode_snippets::runnable_at(&found, range.start) {
                Some(runnable) => pick(runnable),
                None => whole_file(&found, lang, text),
            }
        }
        RunTarget::Range(range) => {
            let plan = codemode_snippets::plan(lang, text, Target::Selection(range.clone()))?;
            Ok((plan, "selection".into(), "selection"))
        }
        RunTarget::Runnable { kind, name, start } => {
            let nearest = found
                .iter()
                .filter(|r| kind_name(&r.kind) == kind && &r.name == name)
                .min_by_key(|r| r.range.start.abs_diff(*start));
            match nearest {
                Some(runnable) => pick(runnable),
                None => Err(RunError::Plan(codemode_snippets::PlanError::NotRunnable(
                    format!("the {kind} `{name}` this lens showed is not in the document any more"),
                ))),
            }
        }
    }
}

fn whole_file(
    found: &[Runnable],
    lang: DocLanguage,
    text: &str,
) -> Result<(Plan, String, &'static str), RunError> {
    match found.iter().find(|r| r.kind == RunnableKind::File) {
        Some(file) => {
            let plan = codemode_snippets::plan(lang, text, Target::Runnable(file))?;
            Ok((plan, "file".into(), "file"))
        }
        None => Err(RunError::Plan(codemode_snippets::PlanError::NotRunnable(
            "nothing to run here: put the cursor in a code block or select some code".into(),
        ))),
    }
}

/// Runs `target` of `snapshot` with the settings' limits and grants.
pub async fn run(
    runtimes: &Runtimes,
    settings: &Settings,
    snapshot: &DocumentSnapshot,
    target: &RunTarget,
    cancel: CancelHandle,
) -> Result<SnippetRun, RunError> {
    let filename = display_name(&snapshot.uri);
    if doc_language(snapshot).is_none()
        && let Some(language) = custom_language(runtimes, snapshot, &filename)
    {
        return run_custom(
            runtimes, settings, snapshot, target, cancel, language, filename,
        )
        .await;
    }
    let (plan, name, kind) = plan(snapshot, target)?;
    let outcome = runtimes
        .run(with_settings(plan.request(filename), settings, cancel))
        .await?;
    Ok(SnippetRun {
        uri: Arc::clone(&snapshot.uri),
        version: snapshot.version,
        range: plan.range.clone(),
        name,
        kind,
        outcome: plan.map_outcome(outcome),
    })
}

/// A run in `runs` of the snippet `target` chooses in this very version of the document (so of
/// the same text), if there is one: the run the editor already shows, e.g. the failure an
/// Auto-fix was asked for. Documents of configured runtimes have no snippets: never reused.
pub fn reusable<'a>(
    runs: &'a [SnippetRun],
    snapshot: &DocumentSnapshot,
    target: &RunTarget,
) -> Option<&'a SnippetRun> {
    let mut same_text = runs
        .iter()
        .filter(|run| run.uri == snapshot.uri && run.version == snapshot.version)
        .peekable();
    // Planning parses the document: only when a run of this version could match.
    same_text.peek()?;
    let (plan, name, kind) = plan(snapshot, target).ok()?;
    same_text.find(|run| run.range == plan.range && run.name == name && run.kind == kind)
}

/// The settings' limits and grants, and the run's cancel handle.
pub(crate) fn with_settings(
    mut request: RunRequest,
    settings: &Settings,
    cancel: CancelHandle,
) -> RunRequest {
    request.options.limits = settings.limits.clone();
    request.options.grants = settings.grants.clone();
    request.options.cancel = cancel;
    request
}

/// A runtime the user configured for this document's language id or file extension.
fn custom_language(
    runtimes: &Runtimes,
    snapshot: &DocumentSnapshot,
    filename: &str,
) -> Option<Language> {
    let config = runtimes.config();
    Language::from_id(&snapshot.language_id, config)
        .or_else(|| Language::from_path(std::path::Path::new(filename), config))
        .filter(|language| matches!(language, Language::Custom(_)))
}

/// A document of a configured runtime: the selection (whole lines) or the whole file runs as
/// it is, with no context (codemode does not parse languages it does not ship).
async fn run_custom(
    runtimes: &Runtimes,
    settings: &Settings,
    snapshot: &DocumentSnapshot,
    target: &RunTarget,
    cancel: CancelHandle,
    language: Language,
    filename: String,
) -> Result<SnippetRun, RunError> {
    let text: &str = &snapshot.text;
    let (range, name, kind) = match target {
        RunTarget::Range(range) if !range.is_empty() && range.end <= text.len() => {
            let start = text[..range.start].rfind('\n').map_or(0, |i| i + 1);
            let end = text[range.end..]
                .find('\n')
                .map_or(text.len(), |i| range.end + i + 1);
            (start..end, "selection".to_owned(), "selection")
        }
        _ => (0..text.len(), "file".to_owned(), "file"),
    };
    let first_line = text[..range.start].matches('\n').count() as u32 + 1;
    let mut request = RunRequest::new(language, &text[range.clone()], filename);
    request.first_line = first_line;
    let outcome = runtimes
        .run(with_settings(request, settings, cancel))
        .await?;
    Ok(SnippetRun {
        uri: Arc::clone(&snapshot.uri),
        version: snapshot.version,
        range,
        name,
        kind,
        outcome,
    })
}

/// The file name tracebacks show: the last path segment of the URI, percent-decoded.
pub(crate) fn display_name(uri: &str) -> String {
    let last = uri.rsplit('/').next().unwrap_or(uri);
    percent_decode(last)
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let hex = |b: u8| (b as char).to_digit(16).map(|d| d as u8);
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let escaped = (bytes[i] == b'%' && i + 2 < bytes.len())
            .then(|| Some(hex(bytes[i + 1])? * 16 + hex(bytes[i + 2])?))
            .flatten();
        match escaped {
            Some(byte) => {
                out.push(byte);
                i += 3;
            }
            None => {
                out.push(bytes[i]);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_names_are_decoded_file_names() {
        assert_eq!(display_name("file:///home/me/my%20notes.py"), "my notes.py");
        assert_eq!(display_name("untitled:Untitled-1"), "untitled:Untitled-1");
        assert_eq!(display_name("file:///a/b%2"), "b%2");
        assert_eq!(display_name("file:///a/%aé.py"), "%aé.py");
    }
}
