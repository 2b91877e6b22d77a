"""`make demo` / `gongkai demo`: from nothing, a dozen realistic documents through every path of the lifecycle.

Each step goes over HTTP to the web app as the person named, on the day named (X-Gongkai-Today), so each is a
real Prefect flow run; refusals are expected where the rules say so, and the demo fails if one does not come.
Then the public site is built and the demo says where to look.
"""

from __future__ import annotations

import dataclasses
import json
import time
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Final

from sqlmodel import select

from app.cli.client import ApiClient, RemoteError
from app.demo.scenario import LAST_DAY, ORGANISATION, SCENARIO, USERS, Step
from app.home import admin
from app.home.runtime import Runtime
from app.public.build import build_site
from app.stack import supervisor as stack
from policies.errors import BadInput, GongkaiError
from storage.models import User

Say = Callable[[str], None]


class DemoFailed(GongkaiError):
    """The scenario did not go as the rules say it must."""


class Demo:
    """Plays the scenario against the running web app, one HTTP call per step, in date order."""

    def __init__(self, runtime: Runtime, say: Say) -> None:
        self.runtime = runtime
        self.say = say
        self.documents: dict[str, int] = {}
        self.details: dict[str, dict[str, Any]] = {}

    def play(self, steps: Sequence[Step]) -> None:
        """Every step in date order (steps of the same day in the order written)."""
        for step in sorted(steps, key=lambda step: step.day):
            self.perform(step)

    def perform(self, step: Step) -> None:
        """One step: the call it makes, then a line saying what happened."""
        method, path, payload = self.request(step)
        client = ApiClient(Runtime(dataclasses.replace(self.runtime.settings, today=step.day)), acting_as=step.actor)
        heading = f"{step.day:%Y-%m-%d} {step.actor} {VERBS[step.verb]}【{step.story}】"
        try:
            detail = client.call(method, path, payload)
        except RemoteError as error:
            if not step.refused or error.exit_code != 3:
                raise DemoFailed(f"{heading}失败：{error}") from error
            self.say(f"{heading} → 按规则拒绝：{error}")
            return
        if step.refused:
            raise DemoFailed(f"{heading}本应被拒绝，却成功了")
        self.documents[step.story] = detail["id"]
        self.details[step.story] = detail
        self.say(f"{heading} → 公文 {detail['id']}：{detail['state_label']}{_note(step.verb, detail)}")

    def request(self, step: Step) -> tuple[str, str, dict[str, Any] | None]:
        """The API call a step makes."""
        upload = step.paper.upload() if step.paper else {}
        if step.verb == "submit":
            options = dict(step.options)
            plan = options.pop("interpretation_plan", None)
            payload = {**upload, **options, "interpretation_plan": plan.upload() if plan else None}
            return "POST", "/api/documents", payload
        path = f"/api/documents/{self.documents[step.story]}"
        if step.verb == "approve":
            justify = self.justifications(step.story, step.options.get("justify", {}))
            return "POST", f"{path}/review", {"decision": "approve", "justify": justify}
        if step.verb == "return":
            return "POST", f"{path}/review", {"decision": "return", "comment": step.options["comment"]}
        if step.verb in ("resubmit", "amend", "interpret"):
            return "POST", f"{path}/{step.verb}", {**upload, **step.options}
        if step.verb in ("attribute", "withdraw"):
            return "POST", f"{path}/{step.verb}", step.options
        return "POST", f"{path}/{step.verb}", None

    def justifications(self, story: str, reasons: dict[str, str]) -> dict[str, str]:
        """The reviewer's reasons for keeping personal data, by kind, turned into the finding numbers of the API."""
        findings = self.details[story]["findings"] if reasons else []
        return {
            str(finding["number"]): reasons[finding["kind"]]
            for finding in findings
            if finding["kind"] in reasons and finding["resolution"] is None
        }


VERBS: Final = {
    "submit": "提交",
    "approve": "审查通过",
    "return": "退回",
    "resubmit": "重新提交",
    "sign": "签发",
    "publish": "发布",
    "interpret": "发布解读",
    "amend": "修改",
    "withdraw": "撤回",
    "attribute": "更改公开属性",
}


def _note(verb: str, detail: dict[str, Any]) -> str:
    """What is worth saying after a step: the findings at intake, the 索引号 and timeliness at publication."""
    if verb in ("submit", "resubmit", "amend") and detail["findings"]:
        kinds = "、".join(sorted({finding["label"] for finding in detail["findings"]}))
        return f"（预检发现：{kinds}）"
    if verb == "publish":
        late = "，逾期发布" if detail["published_on_time"] is False else ""
        return f"（索引号 {detail['index_no']}{late}）"
    if verb == "interpret" and detail["interpretations"][-1]["on_time"] is False:
        return "（解读逾期）"
    return ""


def run_demo(runtime: Runtime, say: Say) -> dict[str, Any]:
    """From nothing: init, users, the scenario through the web app, the public site; what to look at, timed."""
    started = time.perf_counter()
    admin.initialise(runtime, org_code=ORGANISATION["org_code"], org_name=ORGANISATION["org_name"],
                     org_kind=ORGANISATION["org_kind"])  # fmt: skip
    with runtime.unit_of_work(readonly=True) as uow:
        if uow.session.exec(select(User)).first() is not None:
            raise BadInput(f"演示需要全新的数据目录：{runtime.settings.home} 已有数据，请用 --home 指定一个新目录")
    for name, role, department in USERS:
        admin.add_user(runtime, name=name, role=role, department=department)
    say(f"已初始化 {runtime.settings.home}：机关 {ORGANISATION['org_name']}，{len(USERS)} 名用户；正在启动本地服务……")
    state = stack.ensure_up(runtime.settings)
    demo = Demo(runtime, say)
    demo.play(SCENARIO)
    last = Runtime(dataclasses.replace(runtime.settings, today=LAST_DAY))
    built = build_site(last, runtime.settings.home / "site")
    with runtime.unit_of_work(readonly=True) as uow:
        events = uow.audit.verify().events
    states = Counter(detail["state_label"] for detail in demo.details.values())
    return {
        "documents": demo.documents,
        "states": dict(states),
        "site": built["index"],
        "web": state.api_url,
        "api_docs": f"{state.api_url}/api/docs",
        "prefect_api": state.prefect_api_url,
        "audit_events": events,
        "seconds": round(time.perf_counter() - started, 1),
    }


def where_to_look(result: dict[str, Any], home: Path) -> str:
    """The closing words: what happened, and where to look."""
    states = "，".join(f"{label} {count} 件" for label, count in result["states"].items())
    amended = result["documents"]["救灾预案"]
    runs_filter = json.dumps({"flow_runs": {"tags": {"all_": [f"document:{amended}"]}}})
    return "\n".join(
        [
            f"演示完成，用时 {result['seconds']} 秒：{len(result['documents'])} 件公文（{states}），"
            f"审计日志 {result['audit_events']} 条事件，哈希链完整。",
            f"公开栏目（静态站点）：{result['site']}",
            f"网页与 API：{result['web']}（API 文档：{result['api_docs']}）",
            f"Prefect 网页界面：{result['prefect_api'].removesuffix('/api')}（每一步都是一次流程运行，"
            f"带标签 document:编号；公文 {amended} 的运行可按标签 document:{amended} 筛选）",
            f"公文 {amended} 的流程运行（命令行）：curl -s -X POST {result['prefect_api']}/flow_runs/filter "
            f"-H 'Content-Type: application/json' -d '{runs_filter}'",
            f"查看一件公文：gongkai --home {home} --today {LAST_DAY} show {amended}",
            f"校验审计链：gongkai --home {home} audit verify",
            f"停止本地服务：gongkai --home {home} down",
        ]
    )
