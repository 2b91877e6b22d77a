"""The CLI's way to the running stack: JSON over HTTP to the gongkai web app, which runs the flows."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from typing import Any
from urllib.parse import quote

import typer

from app.cli.context import runtime_of
from app.home.runtime import Runtime
from app.stack import supervisor as stack
from policies.attributes import LegalGround
from policies.errors import GongkaiError, Remedy

TIMEOUT_SECONDS = 600


class RemoteError(GongkaiError):
    """An error the web app answered with, carrying its exit code."""

    def __init__(self, message: str, exit_code: int) -> None:
        super().__init__(message)
        self.exit_code = exit_code


class ApiClient:
    """Calls the API as the local administrator acting for `--as USER`, on `--today` when set."""

    def __init__(self, runtime: Runtime, *, acting_as: str | None) -> None:
        self.runtime = runtime
        self.acting_as = acting_as

    def call(
        self, method: str, path: str, payload: dict[str, Any] | None = None, *, expected_version: int | None = None
    ) -> Any:
        """Send one request (a change with If-Match when it expects a version); the stack is started first."""
        settings = self.runtime.settings
        state = stack.ensure_up(settings)
        headers = {
            "Authorization": f"Local {stack.local_token(settings.home)}",
            "Content-Type": "application/json",
            "Accept": "application/json",
        }
        if self.acting_as:
            headers["X-Gongkai-As"] = quote(self.acting_as)
        if settings.today:
            headers["X-Gongkai-Today"] = settings.today.isoformat()
        if expected_version is not None:
            headers["If-Match"] = str(expected_version)
        body = None if payload is None else json.dumps(payload, ensure_ascii=False).encode("utf-8")
        request = urllib.request.Request(f"{state.api_url}{path}", data=body, headers=headers, method=method)
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:
                return json.loads(response.read() or b"null")
        except urllib.error.HTTPError as error:
            raise _remote_error(error) from None
        except urllib.error.URLError as error:
            raise RemoteError(f"无法连接本地服务 {state.api_url}：{error.reason}", 1) from None


CLI_REMEDIES: dict[Remedy, str] = {
    Remedy.ATTACH_INTERPRETATION_PLAN: "请用 --interpretation-plan 附上",
    Remedy.NAME_ATTRIBUTE: "请用 --attribute 指明",
    Remedy.SET_ATTRIBUTE: "请先用 gongkai attribute 设置",
    Remedy.JUSTIFY_FINDING: "说明理由请用 --justify 序号=理由",
    Remedy.NAME_REPLY_GROUND: "请用 --result withheld:<理由代码> 指明，理由代码可选 "
    + "、".join(ground.value for ground in LegalGround),
    Remedy.CHOOSE_SELF_AUDIT_DECISION: "保留请用 --keep --reason 理由，转换请用 --convert 属性",
}
"""How the command line says each remedy: the sentence added to the refusal, naming the flag or the command."""


def cli_message(message: str, remedy: str | None) -> str:
    """The refusal as the command line prints it: the web app's message, then how to remedy it here."""
    return f"{message}：{CLI_REMEDIES[Remedy(remedy)]}" if remedy in CLI_REMEDIES else message


def call(
    ctx: typer.Context,
    as_user: str | None,
    method: str,
    path: str,
    payload: dict[str, Any] | None = None,
    *,
    expected_version: int | None = None,
) -> Any:
    """One API call for a command, acting as `--as USER` when given."""
    client = ApiClient(runtime_of(ctx), acting_as=as_user)
    return client.call(method, path, payload, expected_version=expected_version)


def _remote_error(error: urllib.error.HTTPError) -> RemoteError:
    try:
        body = json.loads(error.read() or b"{}")
        return RemoteError(cli_message(str(body["error"]), body.get("remedy")), int(body.get("exit_code", 1)))
    except (ValueError, KeyError, TypeError):
        return RemoteError(f"服务返回 HTTP {error.code}", 1)
