#!/usr/bin/env python3
"""A scripted model: a local HTTP server that answers the real OpenAI Chat Completions and
Anthropic Messages protocols from a script. Python 3 standard library only.

    server.py SCRIPT.json REQUESTS.jsonl

Binds 127.0.0.1 on a free port and prints `PORT <n>` as its first stdout line. Every request
is appended to REQUESTS.jsonl (keys replaced by `sha256:<hex>`). The script format is in
README.md next to this file.
"""

import hashlib
import json
import select
import socket
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

LOCK = threading.Lock()
STATE = {"steps": [], "used": [], "seq": 0, "log": None}


def fingerprint(secret):
    return "sha256:" + hashlib.sha256(secret.encode()).hexdigest()


def redact_headers(headers):
    out = {}
    for name, value in headers.items():
        lower = name.lower()
        if lower == "authorization":
            scheme, _, token = value.partition(" ")
            out[lower] = f"{scheme} {fingerprint(token)}" if token else fingerprint(value)
        elif lower in ("x-api-key", "api-key"):
            out[lower] = fingerprint(value)
        else:
            out[lower] = value
    return out


def log(entry):
    with LOCK:
        with open(STATE["log"], "a", encoding="utf-8") as f:
            f.write(json.dumps(entry) + "\n")


def text_of(content):
    """The text of an OpenAI or Anthropic content value (string, parts or blocks)."""
    if content is None:
        return ""
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        parts = []
        for block in content:
            if isinstance(block, str):
                parts.append(block)
            elif isinstance(block, dict):
                if "text" in block:
                    parts.append(str(block["text"]))
                if block.get("type") == "tool_result":
                    parts.append(text_of(block.get("content")))
        return "\n".join(parts)
    return json.dumps(content)


def last_message_text(body):
    """The text of the last user or tool message (what `match` rules look at)."""
    messages = body.get("messages") if isinstance(body, dict) else None
    if not isinstance(messages, list):
        return ""
    for message in reversed(messages):
        if isinstance(message, dict) and message.get("role") in ("user", "tool"):
            return text_of(message.get("content"))
    return ""


def pick_step(protocol, body):
    """The first unused step whose `match` occurs in the last user/tool message, else the first
    unused step without `match`. Returns (index, step) or (None, None)."""
    last = last_message_text(body)
    with LOCK:
        steps, used = STATE["steps"], STATE["used"]
        chosen = None
        for i, step in enumerate(steps):
            if not used[i] and "match" in step and step["match"] in last:
                chosen = i
                break
        if chosen is None:
            for i, step in enumerate(steps):
                if not used[i] and "match" not in step:
                    chosen = i
                    break
        if chosen is None:
            return None, None
        if not steps[chosen].get("repeat"):
            used[chosen] = True
        return chosen, steps[chosen]


def estimate_tokens(text):
    return max(1, len(text) // 4)


def openai_answer(step, body, seq):
    calls = []
    for i, call in enumerate(step.get("tool_calls", [])):
        calls.append({
            "id": call.get("id", f"call_{seq}_{i}"),
            "type": "function",
            "function": {
                "name": call["name"],
                # The protocol carries arguments as a JSON document in a string;
                # "raw_arguments" sends a (possibly broken) string as is.
                "arguments": call["raw_arguments"] if "raw_arguments" in call
                else json.dumps(call.get("arguments", {})),
            },
        })
    text = step.get("text")
    message = {"role": "assistant", "content": text if (text or not calls) else None}
    if calls:
        message["tool_calls"] = calls
    finish = step.get("stop") or ("tool_calls" if calls else "stop")
    usage = step.get("usage") or {}
    prompt = usage.get("input_tokens", estimate_tokens(json.dumps(body.get("messages", []))))
    completion = usage.get("output_tokens", estimate_tokens((text or "") + json.dumps(calls)))
    return {
        "id": f"chatcmpl-scripted-{seq}",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": body.get("model", "scripted"),
        "choices": [{"index": 0, "message": message, "logprobs": None, "finish_reason": finish}],
        "usage": {
            "prompt_tokens": prompt,
            "completion_tokens": completion,
            "total_tokens": prompt + completion,
        },
    }


def anthropic_answer(step, body, seq):
    content = []
    text = step.get("text")
    if text:
        content.append({"type": "text", "text": text})
    calls = step.get("tool_calls", [])
    for i, call in enumerate(calls):
        content.append({
            "type": "tool_use",
            "id": call.get("id", f"toolu_{seq}_{i}"),
            "name": call["name"],
            "input": call.get("arguments", {}),
        })
    stop = step.get("stop") or ("tool_use" if calls else "end_turn")
    usage = step.get("usage") or {}
    return {
        "id": f"msg_scripted_{seq}",
        "type": "message",
        "role": "assistant",
        "model": body.get("model", "scripted"),
        "content": content,
        "stop_reason": stop,
        "stop_sequence": None,
        "usage": {
            "input_tokens": usage.get("input_tokens", estimate_tokens(json.dumps(body.get("messages", [])))),
            "output_tokens": usage.get("output_tokens", estimate_tokens((text or "") + json.dumps(calls))),
        },
    }


def error_body(protocol, status, message):
    if protocol == "anthropic":
        kind = {400: "invalid_request_error", 401: "authentication_error", 404: "not_found_error",
                429: "rate_limit_error", 529: "overloaded_error"}.get(status, "api_error")
        return {"type": "error", "error": {"type": kind, "message": message}}
    kind = {429: "rate_limit_exceeded", 401: "invalid_api_key"}.get(status, "server_error")
    return {"error": {"message": message, "type": kind, "param": None, "code": kind}}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, format, *args):  # quiet: the JSON log is the record
        pass

    def send(self, status, payload, headers=None, raw=None):
        data = raw.encode() if raw is not None else json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)
        self.wfile.flush()

    def client_closed_during(self, seconds):
        """Sleeps up to `seconds`; True as soon as the client closes its connection."""
        deadline = time.monotonic() + seconds
        sock = self.connection
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return False
            readable, _, _ = select.select([sock], [], [], min(remaining, 0.02))
            if readable:
                try:
                    if sock.recv(1, socket.MSG_PEEK) == b"":
                        return True
                except OSError:
                    return True
                time.sleep(0.02)  # readable with data (a pipelined request): not closed

    def do_GET(self):
        self.send(404, {"error": {"message": "the scripted model answers POST only"}})

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        raw_body = self.rfile.read(length).decode("utf-8", "replace")
        try:
            body = json.loads(raw_body)
        except ValueError:
            body = raw_body
        path = self.path.split("?", 1)[0]
        if path.endswith("/chat/completions"):
            protocol = "openai"
        elif path.endswith("/messages"):
            protocol = "anthropic"
        else:
            protocol = None
        with LOCK:
            STATE["seq"] += 1
            seq = STATE["seq"]
        index, step = (None, None)
        if protocol is not None and isinstance(body, dict):
            index, step = pick_step(protocol, body)
        log({"seq": seq, "path": self.path, "protocol": protocol,
             "headers": redact_headers(self.headers), "body": body, "step": index})

        if protocol is None:
            return self.send(404, {"error": {"message": f"no such endpoint: {path}"}})
        if not isinstance(body, dict):
            return self.send(400, error_body(protocol, 400, "the body is not JSON"))
        if step is None:
            return self.send(500, error_body(protocol, 500, "the scripted model's script is exhausted"))
        if step.get("expect") not in (None, protocol):
            return self.send(400, error_body(
                protocol, 400, f"step {index} expects a {step['expect']} request, got {protocol}"))

        if step.get("delay_ms"):
            if self.client_closed_during(step["delay_ms"] / 1000):
                log({"event": "client_closed", "seq": seq, "step": index})
                self.close_connection = True
                return
        if step.get("close"):
            # Drop the connection without an answer.
            self.close_connection = True
            try:
                self.connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            return
        if "status" in step and step["status"] != 200:
            headers = {}
            if "retry_after" in step:
                headers["Retry-After"] = str(step["retry_after"])
            if "raw" in step:
                return self.send(step["status"], None, headers, raw=step["raw"])
            message = step.get("message", f"scripted error {step['status']}")
            return self.send(step["status"], error_body(protocol, step["status"], message), headers)
        if "raw" in step:
            return self.send(200, None, raw=step["raw"])
        answer = openai_answer(step, body, seq) if protocol == "openai" else anthropic_answer(step, body, seq)
        return self.send(200, answer)


def main():
    if len(sys.argv) != 3:
        sys.stderr.write("usage: server.py SCRIPT.json REQUESTS.jsonl\n")
        return 2
    with open(sys.argv[1], encoding="utf-8") as f:
        script = json.load(f)
    steps = script["steps"] if isinstance(script, dict) else script
    if not isinstance(steps, list) or not all(isinstance(s, dict) for s in steps):
        sys.stderr.write("the script must be a list of step objects (or {\"steps\": [...]})\n")
        return 2
    STATE["steps"] = steps
    STATE["used"] = [False] * len(steps)
    STATE["log"] = sys.argv[2]
    open(STATE["log"], "a").close()
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    sys.stdout.write(f"PORT {server.server_address[1]}\n")
    sys.stdout.flush()
    try:
        server.serve_forever(poll_interval=0.05)
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
