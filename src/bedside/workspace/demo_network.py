"""The demo network's server side: a small sandbox API that `bedside demo`
serves on its own address, and the page that shows what reached it.

It keeps what it was sent (replies, private messages, hides, deletions) in a
JSON file in the data directory, so the page still shows where the demo's
replies went after a restart. It answers only while the demo network is on:
`bedside demo` sets ``BEDSIDE_API_BASE_DEMO`` to this server's own
``/demo-network/api`` (see :mod:`bedside.networks.demo`); any other install
answers 404 here, and its real networks never see any of this.
"""

from __future__ import annotations

import json
import os
import threading
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt

from bedside.config import data_dir
from bedside.workspace.middleware import public
from bedside.workspace.permissions import requires
from bedside.workspace.roles import Can

#: the access token of the demo's channel on the demo network
TOKEN = "demo-network-token"
_lock = threading.Lock()


def enabled() -> bool:
    return bool(os.environ.get("BEDSIDE_API_BASE_DEMO"))


def _file() -> Path:
    return data_dir() / "demo-network.json"


def _load() -> dict[str, Any]:
    try:
        return json.loads(_file().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {"activity": [], "keys": {}}


def _save(state: dict[str, Any]) -> None:
    path = _file()
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(state), encoding="utf-8")
    tmp.replace(path)  # atomic: a crash never leaves half a file


def activity() -> list[dict[str, Any]]:
    """What the demo network received, newest first."""
    with _lock:
        return list(reversed(_load()["activity"]))


def _record(kind: str, item: str, body: dict[str, Any], key: str = "") -> dict[str, Any]:
    with _lock:
        state = _load()
        if key and key in state["keys"]:  # the same attempt again: the entry it made
            return next(e for e in state["activity"] if e["id"] == state["keys"][key])
        entry_id = f"{kind}-{len(state['activity']) + 1}"
        entry = {"id": entry_id, "kind": kind, "item": item, "text": str(body.get("text", ""))[:10000],
                 "as": str(body.get("as", "")), "to": str(body.get("to", "")),
                 "at": datetime.now(UTC).isoformat(timespec="seconds"), "url": f"/demo-network/#{entry_id}"}  # on this server, whatever name it was reached by
        state["activity"].append(entry)
        if key:
            state["keys"][key] = entry_id
        _save(state)
        return entry


@public
@csrf_exempt
def api(request: HttpRequest, rest: str) -> HttpResponse:
    """The sandbox API the demo network's client calls (bearer token)."""
    if not enabled():
        raise Http404("the demo network is on only in `bedside demo`")
    if request.headers.get("Authorization") != f"Bearer {TOKEN}":
        return JsonResponse({"error": "invalid or missing access token"}, status=401)
    parts = rest.strip("/").split("/")
    try:
        body = json.loads(request.body or b"{}")
    except ValueError:
        return JsonResponse({"error": "the body is not JSON"}, status=400)
    if not isinstance(body, dict):
        return JsonResponse({"error": "the body must be a JSON object"}, status=400)
    if parts == ["me"] and request.method == "GET":
        return JsonResponse({"handle": "riverbend-health"})
    if len(parts) >= 2 and parts[0] == "items":
        item = parts[1]
        action = parts[2] if len(parts) > 2 else ""
        if action == "replies" and request.method == "GET":
            return JsonResponse({"data": [e for e in activity() if e["kind"] == "reply" and e["item"] == item]})
        if action == "replies" and request.method == "POST":
            return JsonResponse(_record("reply", item, body, request.headers.get("Idempotency-Key", "")))
        if action == "private" and request.method == "POST":
            return JsonResponse(_record("private", item, body))
        if action == "hide" and request.method == "POST":
            return JsonResponse(_record("hide", item, body))
        if not action and request.method == "DELETE":
            return JsonResponse(_record("delete", item, body))
    return JsonResponse({"error": f"no route for {request.method} {rest}"}, status=404)


@requires(Can.READ_MESSAGES)
def page(request: HttpRequest) -> HttpResponse:
    """What reached the demo network: where the demo's replies went."""
    if not enabled():
        raise Http404("the demo network is on only in `bedside demo`")
    return render(request, "workspace/demo_network.html", {"activity": activity()})
