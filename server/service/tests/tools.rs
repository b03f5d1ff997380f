//! `codemode_service::tools` at its boundaries: stubs generated from real upstream schemas
//! (captured from `@modelcontextprotocol/server-filesystem` and `server-everything`, see
//! `tests/fixtures/README.md`), compiled and run in the real guests, the `servers` modules
//! calling a Rust `ToolHost`, skills round-tripping and importable, and ranked search.

use std::future::Future;
use std::path::PathBuf;
use std::pin::Pin;
use std::sync::{Arc, LazyLock, Mutex};

use codemode_runtimes::{
    CodeCache, GuestModule, Language, RunOutcome, RunRequest, RuntimeConfig, Runtimes, Sandbox,
    Status, ToolHost,
};
use codemode_service::tools::{
    self, Detail, Skill, ToolInfo, parse_skill_markdown, python_stub, sandbox_modules,
    skill_markdown, typescript_stub,
};
use serde_json::{Value, json};

fn workspace() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .unwrap()
}

static RUNTIMES: LazyLock<Runtimes> = LazyLock::new(|| {
    let sandbox =
        Sandbox::new(CodeCache::new(Some(workspace().join("target/test-cache")))).expect("sandbox");
    Runtimes::new(sandbox, RuntimeConfig::default())
});

/// Tools as listed by a real server: `tests/fixtures/<server>.json` is its `tools/list` result.
fn fixture(server: &str) -> Vec<ToolInfo> {
    let path =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(format!("tests/fixtures/{server}.json"));
    let listed: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    listed["tools"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            let mut info = ToolInfo::new(
                server,
                t["name"].as_str().unwrap(),
                t["inputSchema"].clone(),
            );
            info.title = t["title"].as_str().map(str::to_owned);
            info.description = t["description"].as_str().unwrap_or("").to_owned();
            info.output_schema = t.get("outputSchema").cloned();
            let a = &t["annotations"];
            info.read_only = a["readOnlyHint"].as_bool().unwrap_or(false);
            info.destructive = a["destructiveHint"].as_bool().unwrap_or(true);
            info.idempotent = a["idempotentHint"].as_bool().unwrap_or(false);
            info.open_world = a["openWorldHint"].as_bool().unwrap_or(true);
            info
        })
        .collect()
}

fn all_fixtures() -> Vec<ToolInfo> {
    let mut tools = fixture("filesystem");
    tools.extend(fixture("everything"));
    tools
}

/// Records calls; `fail` tools fail, others echo `{tool, args}`.
#[derive(Default)]
struct Recorder {
    calls: Mutex<Vec<(String, Value)>>,
}

impl ToolHost for Recorder {
    fn call_tool(
        &self,
        name: String,
        args_json: String,
    ) -> Pin<Box<dyn Future<Output = Result<String, String>> + Send + 'static>> {
        let args: Value = serde_json::from_str(&args_json).unwrap();
        self.calls
            .lock()
            .unwrap()
            .push((name.clone(), args.clone()));
        Box::pin(async move {
            if name.ends_with("/fail") {
                Err(format!("{name} failed: permission denied"))
            } else {
                Ok(json!({ "tool": name, "args": args }).to_string())
            }
        })
    }
}

async fn run(
    language: Language,
    code: &str,
    modules: Vec<GuestModule>,
) -> (RunOutcome, Vec<(String, Value)>) {
    let host = Arc::new(Recorder::default());
    let mut request = RunRequest::new(language, code, "snippet");
    request.modules = modules;
    request.options.tools = Some(host.clone());
    let outcome = RUNTIMES.run(request).await.expect("runtime");
    let calls = host.calls.lock().unwrap().clone();
    (outcome, calls)
}

fn ok(outcome: &RunOutcome) {
    assert_eq!(outcome.status, Status::Ok, "{outcome:#?}");
}

fn tool(server: &str, name: &str, schema: Value) -> ToolInfo {
    let mut info = ToolInfo::new(server, name, schema);
    info.description = format!("The {name} tool.");
    info
}

fn github() -> Vec<ToolInfo> {
    vec![
        tool(
            "github",
            "search-issues",
            json!({"type": "object", "properties": {
            "query": {"type": "string", "description": "Search text."},
            "per-page": {"type": "integer", "default": 30},
            "state": {"enum": ["open", "closed"]},
            "class": {"type": "string"},
        }, "required": ["query"]}),
        ),
        tool("github", "fail", json!({"type": "object"})),
        tool(
            "my-server",
            "delete",
            json!({"type": "object", "properties": {"id": {"type": "string"}}, "required": ["id"]}),
        ),
    ]
}

// --- stubs -------------------------------------------------------------------------------------

#[test]
fn python_stub_of_filesystem_read_text_file() {
    let tools = fixture("filesystem");
    let read = tools
        .iter()
        .find(|t| t.name == "read_text_file")
        .expect("read_text_file");
    let stub = python_stub(read);
    assert!(
        stub.contains("def read_text_file(*, path: str, head: Optional[float] = None, tail: Optional[float] = None) -> ReadTextFileOutput:"),
        "{stub}"
    );
    assert!(
        stub.contains("    if head is not None:\n        _arguments[\"head\"] = head\n"),
        "{stub}"
    );
    assert!(
        stub.contains("return _call_tool(\"filesystem/read_text_file\", _arguments)"),
        "{stub}"
    );
    assert!(stub.contains("Args:\n        path:"), "{stub}");
    assert!(stub.contains("from servers import filesystem"), "{stub}");
}

#[test]
fn stubs_of_everything_types_enums_and_nested_objects() {
    let tools = fixture("everything");
    for t in &tools {
        let py = python_stub(t);
        let ts = typescript_stub(t);
        assert!(py.contains(&format!("def {}(", t.function_name())), "{py}");
        assert!(
            ts.contains(&format!(
                "export function {}(",
                tools::identifier(&t.name, tools::Target::JavaScript)
            )),
            "{ts}"
        );
        assert!(py.contains(&format!("\"{}\"", t.wire_name())));
    }
    // Literal enums become Literal[...] / unions of string literals.
    let with_enum = tools
        .iter()
        .find(|t| t.input_schema.to_string().contains("\"enum\""))
        .expect("a tool with an enum");
    assert!(
        python_stub(with_enum).contains("Literal["),
        "{}",
        python_stub(with_enum)
    );
    assert!(
        typescript_stub(with_enum).contains("\" | \""),
        "{}",
        typescript_stub(with_enum)
    );
}

#[test]
fn stub_typing_of_hand_written_schemas() {
    let t = {
        let mut t = tool(
            "crm",
            "update-record",
            json!({
                "type": "object",
                "properties": {
                    "id": {"type": "string", "description": "Record id."},
                    "fields": {"type": "object", "description": "What to change.", "properties": {
                        "email": {"type": ["string", "null"]},
                        "tags": {"type": "array", "items": {"type": "string"}},
                        "file-path": {"type": "string"},
                    }, "required": ["email"]},
                    "mode": {"type": "string", "enum": ["merge", "replace"], "default": "merge"},
                    "meta": {"type": "object", "additionalProperties": {"type": "integer"}},
                    "from": {"type": "boolean"},
                },
                "required": ["id", "fields"],
            }),
        );
        t.output_schema = Some(
            json!({"type": "object", "properties": {"ok": {"type": "boolean"}}, "required": ["ok"]}),
        );
        t
    };
    let py = python_stub(&t);
    assert!(py.contains("def update_record(*, fields: UpdateRecordInputFields, id: str, from_: Optional[bool] = None, meta: Optional[dict[str, int]] = None, mode: Optional[Literal[\"merge\", \"replace\"]] = None) -> UpdateRecordOutput:"), "{py}");
    assert!(py.contains("UpdateRecordInputFields = TypedDict(\"UpdateRecordInputFields\", {\n    \"email\": Required[Optional[str]],\n    \"file-path\": str,\n    \"tags\": list[str],\n}, total=False)"), "{py}");
    assert!(
        py.contains("class UpdateRecordOutput(TypedDict, total=False):\n    ok: Required[bool]"),
        "{py}"
    );
    assert!(py.contains("from_: (sent as `from`)"), "{py}");
    assert!(py.contains("_arguments[\"from\"] = from_"), "{py}");
    assert!(py.contains("Default: \"merge\"."), "{py}");
    let ts = typescript_stub(&t);
    assert!(ts.contains("export interface UpdateRecordInputFields {\n  email: string | null;\n  \"file-path\"?: string;\n  tags?: string[];\n}"), "{ts}");
    assert!(ts.contains("  mode?: \"merge\" | \"replace\";"), "{ts}");
    assert!(
        ts.contains(
            "export function update_record(input: UpdateRecordInput): Promise<UpdateRecordOutput>"
        ),
        "{ts}"
    );
}

#[tokio::test]
async fn every_python_stub_compiles_and_runs_in_the_guest() {
    let tools = all_fixtures();
    let modules = sandbox_modules(&Language::Python, &tools, &[]);
    // Import every tool module and check each function's signature is introspectable.
    let names: Vec<String> = tools
        .iter()
        .map(|t| format!("servers.{}.{}", t.module_name(), t.function_name()))
        .collect();
    let code = format!(
        "import importlib, inspect\nfor name in {names:?}:\n    m = importlib.import_module(name)\n    f = getattr(m, name.rsplit('.', 1)[1])\n    inspect.signature(f)\nprint(len({names:?}))\n"
    );
    let (outcome, _) = run(Language::Python, &code, modules).await;
    ok(&outcome);
    assert_eq!(outcome.stdout.trim(), tools.len().to_string());
}

#[tokio::test]
async fn every_typescript_stub_strips_and_parses() {
    let tools = all_fixtures();
    let mut modules = Vec::new();
    let mut imports = String::new();
    for (i, t) in tools.iter().enumerate() {
        let stub = typescript_stub(t);
        let js = codemode_runtimes::typescript::strip(&stub, "stub.ts")
            .unwrap_or_else(|e| panic!("{e:?}\n{stub}"));
        modules.push(GuestModule {
            name: format!("stub{i}"),
            source: js,
        });
        imports.push_str(&format!("import * as s{i} from 'stub{i}';\n"));
    }
    let code = format!("{imports}console.log(typeof s0[Object.keys(s0)[0]]);\n");
    let (outcome, _) = run(Language::TypeScript, &code, modules).await;
    ok(&outcome);
    assert_eq!(outcome.stdout, "function\n");
}

// --- the servers API in the sandbox ------------------------------------------------------------

#[tokio::test]
async fn python_servers_call_the_host_with_original_names() {
    let modules = sandbox_modules(&Language::Python, &github(), &[]);
    let code = "from servers import github\nimport servers\nr = github.search_issues(query='x', per_page=5, class_='c')\nprint(r['tool'], sorted(r['args'].items()))\nfrom servers.my_server import delete\ndelete(id='7')\ntry:\n    servers.github.fail()\nexcept Exception as e:\n    print(type(e).__name__, e)\ntry:\n    github.search_issues()\nexcept TypeError as e:\n    print('TypeError')\n";
    let (outcome, calls) = run(Language::Python, code, modules).await;
    ok(&outcome);
    assert_eq!(
        outcome.stdout,
        "github/search-issues [('class', 'c'), ('per-page', 5), ('query', 'x')]\nToolError github/fail failed: permission denied\nTypeError\n"
    );
    assert_eq!(calls[1], ("my-server/delete".into(), json!({"id": "7"})));
    assert_eq!(calls.len(), 3);
}

#[tokio::test]
async fn javascript_and_typescript_servers_call_the_host() {
    for language in [Language::JavaScript, Language::TypeScript] {
        let modules = sandbox_modules(&language, &github(), &[]);
        let code = "const r = await servers.github.search_issues({ query: 'x', 'per-page': 2 });\nconsole.log(r.tool, JSON.stringify(r.args));\nimport { my_server } from 'servers';\nimport { search_issues } from 'servers/github';\nawait my_server.delete_({ id: '7' });\nawait search_issues({ query: 'y' });\ntry { await servers.github.fail(); } catch (e) { console.log(e.name, e.message); }\n";
        let (outcome, calls) = run(language.clone(), code, modules).await;
        ok(&outcome);
        assert_eq!(
            outcome.stdout,
            "github/search-issues {\"per-page\":2,\"query\":\"x\"}\nToolError github/fail failed: permission denied\n",
            "{language:?}"
        );
        assert_eq!(calls[1], ("my-server/delete".into(), json!({"id": "7"})));
        assert_eq!(
            calls[2],
            ("github/search-issues".into(), json!({"query": "y"}))
        );
    }
}

#[tokio::test]
async fn filesystem_tools_from_a_real_schema_are_callable() {
    let modules = sandbox_modules(&Language::Python, &fixture("filesystem"), &[]);
    let code = "from servers import filesystem\nfilesystem.read_text_file(path='/data/a.txt', head=3)\nfilesystem.list_allowed_directories()\n";
    let (outcome, calls) = run(Language::Python, code, modules).await;
    ok(&outcome);
    assert_eq!(
        calls[0],
        (
            "filesystem/read_text_file".into(),
            json!({"path": "/data/a.txt", "head": 3})
        )
    );
    assert_eq!(
        calls[1],
        ("filesystem/list_allowed_directories".into(), json!({}))
    );
}

// --- skills -------------------------------------------------------------------------------------

fn skill(name: &str, language: Language, code: &str) -> Skill {
    Skill {
        name: name.into(),
        description: "Shortens text: use it: when a transcript is long.".into(),
        language,
        code: code.into(),
    }
}

#[test]
fn skill_markdown_round_trips() {
    let s = skill(
        "summarize-transcript",
        Language::Python,
        "def summarize(text):\n    return text[:10]\n",
    );
    s.validate().unwrap();
    let md = skill_markdown(&s);
    assert!(md.starts_with("---\nname: summarize-transcript\ndescription: \"Shortens text: use it: when a transcript is long.\"\n---\n"), "{md}");
    assert!(
        md.contains("from skills import summarize_transcript"),
        "{md}"
    );
    assert!(md.contains("`summarize`"), "{md}");
    let parsed = parse_skill_markdown(&md).unwrap();
    assert_eq!(parsed.name, s.name);
    assert_eq!(parsed.description, s.description);
    assert!(parsed.instructions.starts_with("# summarize-transcript"));
    // Front matter written by hand, as Claude's skills are.
    let parsed = parse_skill_markdown("---\nname: pdf-tools\ndescription: >\n  Extracts text\n  from PDFs.\nlicense: MIT\n---\nBody\n").unwrap();
    assert_eq!(parsed.description, "Extracts text from PDFs.");
    assert_eq!(parsed.instructions, "Body\n");
    for bad in [
        "no front matter",
        "---\nname: x\n",
        "---\ndescription: d\n---\n",
        "---\nname: Bad_Name\ndescription: d\n---\n",
    ] {
        assert!(parse_skill_markdown(bad).is_err(), "{bad}");
    }
    assert!(skill("Bad Name", Language::Python, "").validate().is_err());
}

#[tokio::test]
async fn skills_are_importable_in_later_runs() {
    let skills = vec![
        skill(
            "summarize-transcript",
            Language::Python,
            "from servers import github\n\ndef summarize(text):\n    return text[:4]\n",
        ),
        skill(
            "shout",
            Language::TypeScript,
            "export function shout(s: string): string { return s.toUpperCase(); }\n",
        ),
        skill(
            "whisper",
            Language::JavaScript,
            "export const whisper = (s) => s.toLowerCase();\n",
        ),
    ];
    let modules = sandbox_modules(&Language::Python, &github(), &skills);
    let (outcome, _) = run(
        Language::Python,
        "from skills.summarize_transcript import summarize\nprint(summarize('abcdefgh'))\n",
        modules,
    )
    .await;
    ok(&outcome);
    assert_eq!(outcome.stdout, "abcd\n");
    let modules = sandbox_modules(&Language::JavaScript, &[], &skills);
    let (outcome, _) = run(Language::JavaScript, "import { shout } from 'skills/shout';\nimport { whisper } from 'skills/whisper';\nconsole.log(shout('a'), whisper('B'));\n", modules).await;
    ok(&outcome);
    assert_eq!(outcome.stdout, "A b\n");
}

// --- search -------------------------------------------------------------------------------------

#[test]
fn search_ranks_by_name_then_description() {
    let tools = all_fixtures();
    let names = |query: &str| -> Vec<String> {
        tools::search(&tools, query, Detail::Name, 5)
            .into_iter()
            .map(|v| {
                format!(
                    "{}/{}",
                    v["server"].as_str().unwrap(),
                    v["name"].as_str().unwrap()
                )
            })
            .collect()
    };
    let found = names("read file");
    assert!(found[0].starts_with("filesystem/read_"), "{found:?}");
    assert_eq!(
        names("list_allowed_directories")[0],
        "filesystem/list_allowed_directories"
    );
    assert_eq!(names("echo")[0], "everything/echo");
    assert!(names("zzzz qqqq").is_empty());
    assert_eq!(
        tools::search(&tools, "", Detail::Name, 1000).len(),
        tools.len()
    );

    let summary = &tools::search(&tools, "directory tree", Detail::Summary, 1)[0];
    assert!(
        summary["summary"].as_str().is_some() && summary.get("inputSchema").is_none(),
        "{summary}"
    );
    assert_eq!(
        summary["javascript"],
        "await servers.filesystem.directory_tree({...})"
    );
    assert_eq!(
        summary["python"],
        "from servers import filesystem; filesystem.directory_tree(...)"
    );
    let full = &tools::search(&tools, "directory tree", Detail::Full, 1)[0];
    assert!(
        full["inputSchema"].is_object() && full["description"].is_string(),
        "{full}"
    );
}

// --- test runners, as the service reads them -------------------------------------------------------

#[tokio::test]
async fn test_reports_parse_for_each_language() {
    use codemode_service::testing::{TestReport, TestStatus, harness};
    let cases = [
        (
            Language::Python,
            "def test_a():\n    assert 1 == 1\n\ndef test_b():\n    assert 1 == 2\n",
        ),
        (
            Language::JavaScript,
            "const { test } = require('node:test');\nconst assert = require('node:assert');\ntest('a', () => {});\ntest('b', () => {\n  assert.equal(1, 2);\n});\n",
        ),
        (
            Language::TypeScript,
            "import { test } from 'node:test';\nimport assert from 'node:assert';\ntest('a', (): void => {});\ntest('b', () => {\n  assert.equal(1 as number, 2);\n});\n",
        ),
    ];
    for (language, tests) in cases {
        let code = format!("{tests}{}", harness(&language).unwrap());
        let (outcome, _) = run(language.clone(), &code, Vec::new()).await;
        let report = TestReport::from_outcome(&outcome).unwrap_or_else(|| panic!("{outcome:#?}"));
        assert_eq!((report.passed, report.failed), (1, 1), "{language:?}");
        assert_eq!(report.tests[1].status, TestStatus::Failed);
        assert_eq!(report.tests[1].line, Some(5), "{language:?} {report:?}");
        assert_eq!(report.passing().count(), 1);
    }
    assert!(harness(&Language::Custom("rhai".into())).is_none());
}
