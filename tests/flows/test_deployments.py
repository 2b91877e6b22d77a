"""prefect.yaml: the four scheduled jobs load from it, their entrypoints import as flows, the runner builds them
with their schedules, and `prefect deploy` registers them with a real Prefect server (the shared test server)."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import replace
from typing import Any

import pytest
import yaml
from prefect import Flow
from prefect.client.orchestration import get_client
from prefect.settings import PREFECT_API_URL

from flows.deployments import PROJECT_FILE, runner_deployment, servable, specs

ROOT = PROJECT_FILE.parent
EXPECTED = {
    "daily-deadline-sweep": ("flows/sweep.py:deadline_sweep", "30 8 * * *", "daily-0830"),
    "november-self-audit": ("flows/self_audit.py:open_self_audit", "0 9 1 11 *", "november-1st-0900"),
    "annual-report": ("flows/reports.py:annual_report", "0 9 5 1 *", "january-5th-0900"),
    "weekly-cycle-times": ("flows/reports.py:cycle_time_report", "0 9 * * 1", "monday-0900"),
}
POOL = "gongkai-process"

pytestmark = pytest.mark.anyio


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


def test_prefect_yaml_declares_the_four_jobs_on_beijing_time() -> None:
    declared = {spec.name: spec for spec in specs()}
    assert set(declared) == set(EXPECTED)
    for name, (entrypoint, cron, slug) in EXPECTED.items():
        assert declared[name].entrypoint == entrypoint
        assert declared[name].schedules == ({"cron": cron, "timezone": "Asia/Shanghai", "slug": slug},)


def test_the_work_pool_and_schedules_come_from_the_definitions_block() -> None:
    text = PROJECT_FILE.read_text(encoding="utf-8")
    project: dict[str, Any] = yaml.safe_load(text)
    assert project["definitions"]["work_pools"]["process"]["name"] == POOL
    assert all(entry["work_pool"]["name"] == POOL for entry in project["deployments"])
    assert text.count("*process_pool") == 4 and text.count("&process_pool") == 1
    for anchor in ("daily_sweep", "self_audit", "annual_report", "weekly_cycle_times"):
        assert f"&{anchor}" in text and f"- *{anchor}" in text


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_entrypoint_imports_as_a_flow(name: str) -> None:
    spec = next(spec for spec in specs() if spec.name == name)
    assert isinstance(spec.load_flow(), Flow)


def test_the_runner_builds_the_sweep_with_its_schedule_and_slug() -> None:
    spec = next(spec for spec in specs() if spec.name == "daily-deadline-sweep")
    deployment = runner_deployment(spec)
    assert deployment.name == "daily-deadline-sweep" and deployment.flow_name == "deadline-sweep"
    [schedule] = deployment.schedules or []
    assert (schedule.slug, schedule.schedule.cron, schedule.schedule.timezone) == (  # type: ignore[union-attr]
        "daily-0830", "30 8 * * *", "Asia/Shanghai",
    )  # fmt: skip


def _prefect(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PREFECT_API_URL": str(PREFECT_API_URL.value()), "GONGKAI_SOURCE_DIR": str(ROOT),
           "PYTHONPATH": str(ROOT), "PREFECT_SERVER_ANALYTICS_ENABLED": "false", "DO_NOT_TRACK": "1"}  # fmt: skip
    return subprocess.run(
        [sys.executable, "-m", "prefect", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )


@pytest.fixture(scope="module")
def process_pool() -> str:
    created = _prefect("work-pool", "create", POOL, "--type", "process", "--overwrite")
    assert created.returncode == 0, created.stdout + created.stderr
    return POOL


async def _deployment(name: str, flow_name: str) -> Any:
    async with get_client() as client:
        return await client.read_deployment_by_name(f"{flow_name}/{name}")


KNOWN_422 = "/workers/filter' - Response: {'exception_message': 'Invalid request received.'"
"""Prefect 3.8.8's `prefect deploy`, after registering a deployment, asks for the pool's workers with limit and
offset sent as null, which its server on FastAPI 0.154 refuses (422): the deployment is registered, the command
then exits 1 (and `--all` stops after the first deployment)."""


def _deploy(name: str) -> None:
    deployed = _prefect("--no-prompt", "deploy", "--name", name)
    output = deployed.stdout + deployed.stderr
    assert deployed.returncode == 0 or KNOWN_422 in output, output
    assert "successfully created" in output or "successfully updated" in output, output


@pytest.mark.parametrize("name", sorted(EXPECTED))
async def test_prefect_deploy_registers_each_job_on_the_process_pool(process_pool: str, name: str) -> None:
    spec = next(spec for spec in specs() if spec.name == name)
    _deploy(name)
    deployment = await _deployment(name, spec.load_flow().name)
    assert deployment.work_pool_name == process_pool
    [schedule] = deployment.schedules
    entrypoint, cron, slug = EXPECTED[name]
    assert deployment.entrypoint == entrypoint
    assert (schedule.slug, schedule.schedule.cron, schedule.schedule.timezone) == (slug, cron, "Asia/Shanghai")
    assert deployment.pull_steps == [{"prefect.deployments.steps.set_working_directory": {"directory": str(ROOT)}}]


@pytest.mark.xfail(strict=True, reason="Prefect 3.8.8 deploy × FastAPI 0.154 server: see KNOWN_422")
def test_prefect_deploy_all_exits_cleanly(process_pool: str) -> None:
    deployed = _prefect("--no-prompt", "deploy", "--all")
    assert deployed.returncode == 0, deployed.stdout + deployed.stderr


def test_a_job_whose_flow_does_not_import_is_left_out_of_the_runner() -> None:
    sweep = next(spec for spec in specs() if spec.name == "daily-deadline-sweep")
    broken = replace(sweep, name="broken", entrypoint="flows/no_such_module.py:nothing")
    assert [deployment.name for deployment in servable([broken, sweep])] == ["daily-deadline-sweep"]


def test_a_worker_loading_the_sweep_by_file_path_still_finds_the_requests_library() -> None:
    # Prefect puts an entrypoint's directory first on sys.path: no module in flows/ may stand in for a library (as a
    # flows/requests.py once stood in for `requests`, which apprise imports when it sends)
    script = (
        "from prefect.flows import load_flow_from_entrypoint\n"
        f"load_flow_from_entrypoint({str(ROOT / 'flows/sweep.py')!r} + ':deadline_sweep')\n"
        "import requests\n"
        "print(requests.__file__)\n"
    )
    loaded = subprocess.run([sys.executable, "-c", script], cwd="/", env={**os.environ, "PYTHONPATH": str(ROOT)},
                            capture_output=True, text=True, timeout=120)  # fmt: skip
    assert loaded.returncode == 0, loaded.stderr
    assert "site-packages" in loaded.stdout and "flows" not in loaded.stdout
