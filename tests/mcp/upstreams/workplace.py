"""Two small upstream MCP servers for the tests and the benchmark, after the scenario of
Anthropic's "Code execution with MCP" (Nov 2025): a document store that returns a long meeting
transcript, and a CRM whose records can be read and updated.

    python workplace.py docs|crm stdio
    python workplace.py docs|crm http PORT        (Streamable HTTP on 127.0.0.1:PORT/mcp)

The CRM keeps its records in a JSON file (`$CRM_DB`, default ./crm.json) so a test can check
what a tool call really wrote.
"""

from __future__ import annotations

import json
import os
import random
import sys
from typing import Any

from mcp.server.mcpserver import MCPServer
from mcp.types import ToolAnnotations

SPEAKERS = ["Alice Chen", "Bruno Diaz", "Chiara Rossi", "Dmitri Volkov", "Esi Mensah"]
TOPICS = [
    "the Q3 renewal of the Acme account",
    "pricing for the enterprise tier",
    "the onboarding timeline",
    "support escalations from last month",
    "the integration with their data warehouse",
    "security review findings",
    "the pilot in the Lisbon office",
]


def transcript(document_id: str, turns: int = 2400) -> str:
    """A deterministic, long meeting transcript (about 75k o200k tokens at 2400 turns)."""
    rng = random.Random(document_id)
    lines = [f"Meeting transcript {document_id} — Acme Corp quarterly business review", ""]
    for turn in range(turns):
        speaker = rng.choice(SPEAKERS)
        topic = rng.choice(TOPICS)
        minute, second = divmod(turn * 7, 60)
        lines.append(
            f"[{minute // 60:02d}:{minute % 60:02d}:{second:02d}] {speaker}: On {topic}, "
            f"I think we should {rng.choice(['confirm', 'revisit', 'document', 'escalate'])} "
            f"item {rng.randint(1, 99)} before {rng.choice(['Friday', 'the next call', 'month end'])}."
        )
    return "\n".join(lines)


def make_docs() -> MCPServer:
    server = MCPServer("docs")

    @server.tool(annotations=ToolAnnotations(readOnlyHint=True))
    def get_document(document_id: str) -> str:
        """Return the full text of a document in the document store (e.g. a meeting transcript)."""
        return transcript(document_id)

    @server.tool(annotations=ToolAnnotations(readOnlyHint=True))
    def list_documents(folder: str = "/") -> list[str]:
        """List the ids of the documents in a folder of the document store."""
        return ["abc123", "def456", "ghi789"]

    return server


def _db_path() -> str:
    return os.environ.get("CRM_DB", "crm.json")


def _load() -> dict[str, Any]:
    try:
        with open(_db_path(), encoding="utf-8") as f:
            return json.load(f)
    except FileNotFoundError:
        return {
            "00Q5f000001": {
                "name": "Jane Doe",
                "email": "jane.doe@acme-corp.example",
                "phone": "+1 415 555 0134",
                "notes": "",
            }
        }


def _save(db: dict[str, Any]) -> None:
    with open(_db_path(), "w", encoding="utf-8") as f:
        json.dump(db, f)


def make_crm() -> MCPServer:
    server = MCPServer("crm")

    @server.tool(annotations=ToolAnnotations(readOnlyHint=True))
    def get_record(record_id: str) -> dict[str, Any]:
        """Read a CRM record (a lead or contact) by id."""
        db = _load()
        if record_id not in db:
            raise ValueError(f"no record {record_id}")
        return db[record_id]

    @server.tool(
        annotations=ToolAnnotations(readOnlyHint=False, destructiveHint=False, idempotentHint=True)
    )
    def update_record(object_type: str, record_id: str, data: dict[str, Any]) -> dict[str, Any]:
        """Update fields of a CRM record (object_type: Lead, Contact, ...). Returns the record."""
        db = _load()
        record = db.setdefault(record_id, {})
        record.update(data)
        _save(db)
        return {"id": record_id, "type": object_type, "updated": sorted(data)}

    @server.tool(annotations=ToolAnnotations(readOnlyHint=False, destructiveHint=True))
    def delete_record(record_id: str) -> str:
        """Delete a CRM record for good."""
        db = _load()
        db.pop(record_id, None)
        _save(db)
        return f"deleted {record_id}"

    return server


def main() -> None:
    which, transport = sys.argv[1], sys.argv[2]
    server = make_docs() if which == "docs" else make_crm()
    if transport == "stdio":
        server.run("stdio")
    else:
        server.run("streamable-http", host="127.0.0.1", port=int(sys.argv[3]))


if __name__ == "__main__":
    main()
