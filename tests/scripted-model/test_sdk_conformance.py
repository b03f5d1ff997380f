"""The scripted model and codemode's model clients against the official OpenAI and Anthropic
Python SDKs (independent implementations of both protocols):

- the SDKs, as clients of the scripted model, read its answers and errors into their own
  types (validated, not just constructed);
- the request bodies codemode's Rust clients send (produced by the Rust test
  `sdk_request_bodies`) validate against the SDKs' request types.

Run: `$(tests/scripted-model/setup.sh --print)/bin/python -m pytest -q tests/scripted-model`.
"""

import collections.abc
import hashlib
import json
import os
import pathlib
import subprocess
import sys
import tempfile
import typing

import anthropic
import openai
import pydantic
import pytest
from anthropic.types import Message as AnthropicMessage
from anthropic.types import message_create_params
from openai.types.chat import ChatCompletion, completion_create_params

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parent.parent
KEY = "sk-sdk-test-0123456789"

TOOL = {
    "name": "run_in_sandbox",
    "description": "Runs code in the sandbox.",
    "parameters": {"type": "object", "properties": {"code": {"type": "string"}}, "required": ["code"]},
}


class Scripted:
    def __init__(self, steps, tmp):
        script = tmp / "script.json"
        script.write_text(json.dumps(steps))
        self.log = tmp / "requests.jsonl"
        self.proc = subprocess.Popen(
            [sys.executable, str(HERE / "server.py"), str(script), str(self.log)],
            stdout=subprocess.PIPE, text=True)
        line = self.proc.stdout.readline()
        assert line.startswith("PORT "), line
        self.port = int(line.split()[1])

    def requests(self):
        return [json.loads(l) for l in self.log.read_text().splitlines() if l.strip()]

    def close(self):
        self.proc.kill()
        self.proc.wait()


@pytest.fixture
def scripted(tmp_path):
    servers = []

    def start(steps):
        server = Scripted(steps, tmp_path / str(len(servers)))
        servers.append(server)
        return server

    (tmp_path / "0").mkdir()
    (tmp_path / "1").mkdir()
    yield start
    for server in servers:
        server.close()


def test_openai_sdk_reads_answers_and_tool_calls(scripted):
    server = scripted([
        {"expect": "openai", "text": "Let me run it.",
         "tool_calls": [{"name": "run_in_sandbox", "arguments": {"code": "print(6*7)"}}],
         "usage": {"input_tokens": 30, "output_tokens": 12}},
        {"match": "42", "text": "It prints 42."},
    ])
    client = openai.OpenAI(base_url=f"http://127.0.0.1:{server.port}/v1", api_key=KEY, max_retries=0)
    messages = [{"role": "user", "content": "What does 6*7 print?"}]
    raw = client.chat.completions.with_raw_response.create(
        model="scripted", messages=messages, tools=[{"type": "function", "function": TOOL}])
    first = ChatCompletion.model_validate(raw.http_response.json())
    assert first == raw.parse()
    choice = first.choices[0]
    assert choice.finish_reason == "tool_calls"
    call = choice.message.tool_calls[0]
    assert call.type == "function" and call.function.name == "run_in_sandbox"
    assert json.loads(call.function.arguments) == {"code": "print(6*7)"}
    assert (first.usage.prompt_tokens, first.usage.completion_tokens, first.usage.total_tokens) == (30, 12, 42)

    messages.append(choice.message.model_dump(exclude_none=True))
    messages.append({"role": "tool", "tool_call_id": call.id, "content": "42\n"})
    second = client.chat.completions.create(model="scripted", messages=messages)
    assert second.choices[0].message.content == "It prints 42."
    assert second.choices[0].finish_reason == "stop"
    assert server.requests()[0]["headers"]["authorization"].startswith("Bearer sha256:")


def test_anthropic_sdk_reads_answers_and_tool_use(scripted):
    server = scripted([
        {"expect": "anthropic", "tool_calls": [{"name": "run_in_sandbox", "arguments": {"code": "1/0"}}],
         "usage": {"input_tokens": 50, "output_tokens": 9}},
        {"match": "ZeroDivisionError", "text": "Guard the division."},
    ])
    client = anthropic.Anthropic(base_url=f"http://127.0.0.1:{server.port}", api_key=KEY, max_retries=0)
    tools = [{"name": TOOL["name"], "description": TOOL["description"], "input_schema": TOOL["parameters"]}]
    messages = [{"role": "user", "content": "Try 1/0."}]
    raw = client.messages.with_raw_response.create(
        model="scripted", max_tokens=100, system="You fix code.", messages=messages, tools=tools)
    first = AnthropicMessage.model_validate(raw.http_response.json())
    assert first == raw.parse()
    assert first.stop_reason == "tool_use"
    use = first.content[0]
    assert use.type == "tool_use" and use.input == {"code": "1/0"}
    assert (first.usage.input_tokens, first.usage.output_tokens) == (50, 9)

    messages.append({"role": "assistant", "content": [b.model_dump(exclude_none=True) for b in first.content]})
    messages.append({"role": "user", "content": [
        {"type": "tool_result", "tool_use_id": use.id, "content": "ZeroDivisionError: division by zero", "is_error": True}]})
    second = client.messages.create(model="scripted", max_tokens=100, messages=messages, tools=tools)
    assert second.content[0].text == "Guard the division."
    assert second.stop_reason == "end_turn"
    headers = server.requests()[0]["headers"]
    # SDK 2.x sends the key as a bearer token and API version 2026-10-21 (codemode sends
    # `x-api-key` and 2023-06-01; the API accepts both).
    assert headers["authorization"] == "Bearer sha256:" + hashlib.sha256(KEY.encode()).hexdigest()
    assert headers["anthropic-version"]


def test_sdks_read_the_error_answers(scripted):
    server = scripted([
        {"expect": "openai", "status": 429, "retry_after": 2, "message": "Rate limit reached"},
        {"expect": "anthropic", "status": 529, "message": "Overloaded"},
    ])
    oa = openai.OpenAI(base_url=f"http://127.0.0.1:{server.port}/v1", api_key=KEY, max_retries=0)
    with pytest.raises(openai.RateLimitError) as error:
        oa.chat.completions.create(model="scripted", messages=[{"role": "user", "content": "hi"}])
    assert error.value.status_code == 429
    assert error.value.response.headers["retry-after"] == "2"
    assert error.value.body["message"] == "Rate limit reached"

    an = anthropic.Anthropic(base_url=f"http://127.0.0.1:{server.port}", api_key=KEY, max_retries=0)
    with pytest.raises(anthropic.APIStatusError) as error:
        an.messages.create(model="scripted", max_tokens=10, messages=[{"role": "user", "content": "hi"}])
    assert error.value.status_code == 529
    assert error.value.body["error"]["type"] == "overloaded_error"


def force(value):
    """pydantic validates `Iterable[...]` fields lazily: consume them so that every item is checked."""
    if isinstance(value, dict):
        return {k: force(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [force(v) for v in value]
    if isinstance(value, collections.abc.Iterator):
        return [force(v) for v in value]
    return value


def declared_keys(typed_dict):
    return set(typing.get_type_hints(typed_dict))


@pytest.fixture(scope="module")
def rust_bodies():
    """The bodies codemode's Rust clients sent in the test `sdk_request_bodies`."""
    with tempfile.TemporaryDirectory() as out:
        subprocess.run(
            ["cargo", "test", "--quiet", "-p", "codemode-service", "--test", "model", "--",
             "--exact", "sdk_request_bodies"],
            cwd=ROOT, check=True, env={**os.environ, "CODEMODE_MODEL_BODIES_OUT": out},
            stdout=subprocess.DEVNULL)
        yield {p: json.loads((pathlib.Path(out) / f"{p}.json").read_text()) for p in ("openai", "anthropic")}


def test_codemode_openai_requests_fit_the_sdk_types(rust_bodies):
    params = completion_create_params.CompletionCreateParamsNonStreaming
    adapter = pydantic.TypeAdapter(params)
    for body in rust_bodies["openai"]:
        assert set(body) <= declared_keys(params), set(body) - declared_keys(params)
        checked = force(adapter.validate_python(body))
        assert checked["messages"][0]["role"] == "system"
    last = rust_bodies["openai"][-1]["messages"]
    roles = [m["role"] for m in last]
    assert roles == ["system", "user", "assistant", "tool", "tool", "user"]
    assert all(isinstance(c["function"]["arguments"], str) for c in last[2]["tool_calls"])


def test_codemode_anthropic_requests_fit_the_sdk_types(rust_bodies):
    params = message_create_params.MessageCreateParamsNonStreaming
    adapter = pydantic.TypeAdapter(params)
    # The SDK's types follow API version 2026-10-21, which dropped the sampling parameters;
    # codemode sends `anthropic-version: 2023-06-01`, where `temperature` is valid (number).
    for body in rust_bodies["anthropic"]:
        body = dict(body)
        assert isinstance(body.pop("temperature"), float)
        assert set(body) <= declared_keys(params), set(body) - declared_keys(params)
        force(adapter.validate_python(body))
    last = rust_bodies["anthropic"][-1]["messages"]
    # Alternating turns; both tool results and the note in one user turn, results first.
    assert [m["role"] for m in last] == ["user", "assistant", "user"]
    assert [b["type"] for b in last[2]["content"]] == ["tool_result", "tool_result", "text"]
