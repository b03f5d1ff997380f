"""Markdown fences, JavaScript (QuickJS) and TypeScript (types erased) documents."""

from __future__ import annotations

from lsprotocol import types as T

from conftest import Editor

MARKDOWN = """\
# Notes

Some prose that is not code.

```python
xs = [1, 2, 3]
print(sum(xs))
xs[10]
```

```text
not runnable
```
"""


async def test_a_python_fence_in_markdown_runs_with_its_error_in_the_document(ed: Editor):
    uri = ed.open("notes.md", MARKDOWN, "markdown")

    lenses = await ed.run_lenses(uri)
    fences = [lens for lens in lenses if lens.range.start.line == 4]
    assert len(fences) == 1, [(lens.range.start.line, lens.command.title) for lens in lenses]
    assert all(lens.range.start.line != 10 for lens in lenses), "a text fence is not runnable"

    outcome = await ed.run_action_at(uri, 6)
    assert outcome["status"] == "error"
    assert outcome["stdout"] == "6\n"
    assert outcome["error"]["kind"] == "IndexError"

    published = await ed.wait_for_diagnostics(uri)
    [diagnostic] = published.diagnostics
    assert diagnostic.range.start == ed.position(uri, 7, "xs[10]")
    assert diagnostic.range.end.line == 7
    assert diagnostic.message == "IndexError: list index out of range"
    assert diagnostic.source == "codemode"

    result = await ed.wait_for_run_result(uri)
    assert result["kind"] == "fence"
    assert result["range"]["start"]["line"] == 4
    assert result["outcome"]["stdout"] == "6\n"


JAVASCRIPT = """\
function greet(name) {
  return `hello ${name}`;
}

function main() {
  console.log(greet("js"));
  const box = null;
  return box.value;
}
"""


async def test_javascript_runs_in_quickjs(ed: Editor):
    uri = ed.open("app.js", JAVASCRIPT, "javascript")
    lenses = await ed.run_lenses(uri)
    assert sorted(lens.range.start.line for lens in lenses) == [0, 0, 4]  # file, greet, main

    outcome = await ed.run_action_at(uri, 5)
    assert outcome["language"] == "javascript"
    assert outcome["status"] == "error", outcome
    assert outcome["stdout"] == "hello js\n"

    published = await ed.wait_for_diagnostics(uri)
    [diagnostic] = published.diagnostics
    assert diagnostic.range.start.line == 7
    assert diagnostic.message == "TypeError: cannot read property 'value' of null"
    assert diagnostic.source == "codemode"

    result = await ed.wait_for_run_result(uri)
    assert (result["name"], result["kind"]) == ("main", "function")
    assert result["outcome"]["stdout"] == "hello js\n"


TYPESCRIPT = """\
interface Point {
  x: number;
  y: number;
}

function main(): number {
  const p: Point = { x: 3, y: 4 };
  console.log(`norm ${Math.hypot(p.x, p.y)}`);
  throw new Error("boom from ts");
}
"""


async def test_typescript_runs_with_its_types_erased_and_lines_kept(ed: Editor):
    uri = ed.open("geometry.ts", TYPESCRIPT, "typescript")
    outcome = await ed.run_action_at(uri, 6)
    assert outcome["language"] == "typescript"
    assert outcome["status"] == "error", outcome
    assert outcome["stdout"] == "norm 5\n"

    published = await ed.wait_for_diagnostics(uri)
    [diagnostic] = published.diagnostics
    assert diagnostic.range.start.line == 8
    assert diagnostic.range.start.character >= ed.position(uri, 8, "throw").character
    assert diagnostic.message == "Error: boom from ts"

    result = await ed.wait_for_run_result(uri)
    assert (result["name"], result["kind"]) == ("main", "function")


async def test_a_typescript_selection_runs_only_those_lines(ed: Editor):
    text = 'const a: number = 40;\nconst b: number = 2;\nconsole.log("sum", a + b);\na + b\n'
    uri = ed.open("sum.ts", text, "typescript")
    actions = await ed.code_actions(
        uri, T.Position(line=0, character=0), T.Position(line=3, character=5)
    )
    assert [a.title for a in actions] == ["Run selection in sandbox", "Auto-fix selection with AI"]
    outcome = await ed.execute(actions[0].command)
    assert outcome["status"] == "ok", outcome
    assert outcome["stdout"] == "sum 42\n"
    assert outcome["value"] == "42"
    result = await ed.wait_for_run_result(uri)
    assert result["kind"] == "selection"
    published = await ed.wait_for_diagnostics(uri)
    assert list(published.diagnostics) == []
