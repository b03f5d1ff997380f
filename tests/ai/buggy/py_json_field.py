"""Reading an API response."""

import json

PAYLOAD = '{"status": "ok", "data": {"user": {"id": 7, "profile": {"name": "Grace"}}}}'


def user_name():
    body = json.loads(PAYLOAD)
    name = body["data"]["user"]["name"]
    assert name == "Grace", name
    return name
