"""Idempotency-Key on POST: a retried request gets the first response, not a second write."""

from __future__ import annotations

import base64
import hashlib
import json
from datetime import timedelta
from typing import Any

from sqlalchemy import delete, insert, select, update
from sqlalchemy.exc import IntegrityError
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from shared.auth import Caller, bearer_token, decode_token
from shared.crypto import FieldCipher
from shared.db import Database
from shared.errors import AppError, invalid, problem_response
from shared.infra import InfraTables
from shared.types import utcnow

IN_PROGRESS_TIMEOUT = timedelta(minutes=5)
_BODY_CONTEXT = "idempotency.response_body"
_NOT_REPLAYED = {409, 429}  # transient outcomes: a retry should run again


class IdempotencyMiddleware:
    """Store each keyed POST's response and replay it for the same key and body."""

    def __init__(self, app: ASGIApp, infra: InfraTables) -> None:
        self.app = app
        self.table = infra.idempotency

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        key = dict(scope.get("headers") or []).get(b"idempotency-key")
        if scope["type"] != "http" or scope["method"] != "POST" or key is None:
            await self.app(scope, receive, send)
            return
        request = Request(scope, receive)
        body = await request.body()
        try:
            await self._handle(scope, request, key.decode("latin-1"), body, send)
        except AppError as error:
            await problem_response(request, error)(scope, receive, send)

    async def _handle(self, scope: Scope, request: Request, key: str, body: bytes, send: Send) -> None:
        if not key or len(key) > 128:
            raise invalid("Idempotency-Key", "idempotency_key_invalid", "Idempotency-Key must be 1 to 128 "
                          "characters", "Idempotency-Key 长度须为 1 到 128 个字符", status=400)
        token = bearer_token(request)
        if token is None:
            await self.app(scope, _replay_body(body), send)
            return
        app_state = scope["app"].state
        # In a thread: a token signed by a key not yet cached makes the JWKS fetch over HTTP.
        holder = await run_in_threadpool(decode_token, token, app_state.settings, app_state.jwks)
        caller = holder.subject
        fingerprint = hashlib.sha256(
            b"\n".join([scope["method"].encode(), scope["path"].encode(),
                        scope.get("query_string", b""), body])
        ).hexdigest()
        db: Database = app_state.db
        cipher: FieldCipher = app_state.cipher
        stored = await run_in_threadpool(self._claim, db, cipher, caller, key, fingerprint, scope)
        if stored is not None:
            if not _covers(holder, stored["rights"]):
                raise _rights_changed()
            await _send_stored(stored, send)
            return
        try:
            captured = await _capture(self.app, scope, _replay_body(body))
        except Exception:
            # An unexpected error must not hold the key "in progress": free it for the retry.
            await run_in_threadpool(self._finish, db, cipher, caller, key, {"status": 500})
            raise
        captured["rights"] = _rights(holder)
        await run_in_threadpool(self._finish, db, cipher, caller, key, captured)
        await _send_stored(captured, send)

    def _claim(self, db: Database, cipher: FieldCipher, caller: str, key: str, fingerprint: str,
               scope: Scope) -> dict | None:
        t = self.table
        try:
            with db.transaction() as session:
                row = session.execute(
                    select(t).where(t.c.caller == caller, t.c.key == key)
                ).mappings().first()
                if row is None:
                    session.execute(insert(t).values(
                        key=key, caller=caller, method=scope["method"], path=scope["path"],
                        fingerprint=fingerprint, state="in_progress", created_at=utcnow()))
                    return None
                if row["fingerprint"] != fingerprint:
                    raise invalid("Idempotency-Key", "idempotency_key_reused",
                                  "This Idempotency-Key was used with another request",
                                  "该 Idempotency-Key 已用于另一个请求")
                if row["state"] == "completed":
                    body, rights = _open(cipher, row["response_body"])
                    return {"status": row["status_code"], "headers": row["response_headers"],
                            "body": body, "rights": rights, "replayed": True}
                if utcnow() - row["created_at"] < IN_PROGRESS_TIMEOUT:
                    raise _in_progress()
                session.execute(update(t).where(t.c.id == row["id"]).values(created_at=utcnow()))
                return None
        except IntegrityError as exc:
            raise _in_progress() from exc

    def _finish(self, db: Database, cipher: FieldCipher, caller: str, key: str, captured: dict) -> None:
        t = self.table
        where = (t.c.caller == caller) & (t.c.key == key)
        with db.transaction() as session:
            if captured["status"] >= 500 or captured["status"] in _NOT_REPLAYED:
                session.execute(delete(t).where(where))
                return
            session.execute(update(t).where(where).values(
                state="completed", status_code=captured["status"],
                response_headers=captured["headers"],
                response_body=_seal(cipher, captured["body"], captured["rights"])))


def _rights(caller: Caller) -> dict[str, Any]:
    """Return what shaped a response for this caller: its region, roles and permissions."""
    return {"region": caller.region, "roles": sorted(caller.roles), "permissions": sorted(caller.permissions)}


def _covers(caller: Caller, rights: dict[str, Any] | None) -> bool:
    """Tell whether a caller may now see all that a response made under `rights` showed."""
    return rights is not None and str(rights["region"]).startswith(caller.region) \
        and caller.roles >= set(rights["roles"]) and caller.permissions >= set(rights["permissions"])


# A stored response may hold unmasked personal data (pii:read), so it is kept encrypted, together with
# the rights it was made under, which a replay must still hold.
def _seal(cipher: FieldCipher, body: bytes, rights: dict[str, Any]) -> str:
    envelope = json.dumps({"rights": rights, "body": base64.b64encode(body).decode()})
    return base64.b64encode(cipher.encrypt(envelope, _BODY_CONTEXT)).decode()


def _open(cipher: FieldCipher, stored: str | None) -> tuple[bytes, dict[str, Any] | None]:
    if not stored:
        return b"", None
    text = cipher.decrypt(base64.b64decode(stored), _BODY_CONTEXT)
    try:
        envelope = json.loads(text)
        return base64.b64decode(envelope["body"]), envelope["rights"]
    except (ValueError, KeyError, TypeError):  # stored before rights were kept: never replayed
        return text.encode(), None


def _rights_changed() -> AppError:
    return AppError(403, "idempotency_rights_changed",
                    "This Idempotency-Key was first answered under rights this token does not hold "
                    "(a region or a permission); send the request with a new key",
                    "该 Idempotency-Key 首次应答时的权限（区域或权限项）超出当前令牌，请换用新的键")


def _in_progress() -> AppError:
    return AppError(409, "idempotency_in_progress",
                    "A request with this Idempotency-Key is still being processed; retry shortly",
                    "使用该 Idempotency-Key 的请求仍在处理中，请稍后重试", headers={"Retry-After": "1"})


def _replay_body(body: bytes) -> Receive:
    sent = False

    async def receive() -> Message:
        nonlocal sent
        if sent:
            return {"type": "http.disconnect"}
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return receive


async def _capture(app: ASGIApp, scope: Scope, receive: Receive) -> dict:
    result: dict = {"status": 500, "headers": [], "body": b""}

    async def send(message: Message) -> None:
        if message["type"] == "http.response.start":
            result["status"] = message["status"]
            result["headers"] = [[k.decode("latin-1"), v.decode("latin-1")]
                                 for k, v in message.get("headers", [])
                                 if k.lower() not in (b"content-length", b"x-request-id")]
        elif message["type"] == "http.response.body":
            result["body"] += message.get("body", b"")

    await app(scope, receive, send)
    return result


async def _send_stored(stored: dict, send: Send) -> None:
    headers = [(k.encode("latin-1"), v.encode("latin-1")) for k, v in stored["headers"]]
    headers.append((b"content-length", str(len(stored["body"])).encode()))
    if stored.get("replayed"):
        headers.append((b"idempotent-replayed", b"true"))
    await send({"type": "http.response.start", "status": stored["status"], "headers": headers})
    await send({"type": "http.response.body", "body": stored["body"]})

