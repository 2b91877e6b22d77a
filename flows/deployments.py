"""The scheduled jobs of prefect.yaml, served by the local stack's runner (`python -m flows.deployments`, which
`gongkai up` starts when this module exists), so the schedules fire with no worker to set up.

The deployments are built from prefect.yaml itself — each entrypoint imported, each schedule a cron in its
timezone with its slug — so the runner and `prefect deploy --all` serve the same jobs on the same schedules. The
flow runs Prefect starts find the home's database through the stack's environment (tasks.context.ensure_configured).
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from loguru import logger
from prefect import Flow, serve
from prefect.deployments.runner import RunnerDeployment
from prefect.schedules import Cron, Schedule

PROJECT_FILE = Path(__file__).resolve().parents[1] / "prefect.yaml"


@dataclass(frozen=True, slots=True)
class DeploymentSpec:
    """One deployment as prefect.yaml declares it."""

    name: str
    entrypoint: str
    description: str
    tags: tuple[str, ...]
    schedules: tuple[dict[str, Any], ...]
    parameters: dict[str, Any]

    @property
    def module(self) -> str:
        """The entrypoint's module: flows/sweep.py:deadline_sweep → flows.sweep."""
        path = self.entrypoint.partition(":")[0]
        return path.removesuffix(".py").replace("/", ".")

    @property
    def function(self) -> str:
        """The flow's name in its module."""
        return self.entrypoint.partition(":")[2]

    def load_flow(self) -> Flow[..., Any]:
        """Import the entrypoint; it must be a Prefect flow."""
        found = getattr(importlib.import_module(self.module), self.function)
        if not isinstance(found, Flow):
            raise TypeError(f"{self.entrypoint} is not a Prefect flow")
        return found

    def cron_schedules(self) -> list[Schedule]:
        """Each schedule as a Prefect cron schedule, in its timezone, with its slug."""
        return [Cron(s["cron"], timezone=s["timezone"], slug=s["slug"]) for s in self.schedules]


def specs(path: Path = PROJECT_FILE) -> list[DeploymentSpec]:
    """The deployments declared in prefect.yaml (anchors resolved by the YAML loader)."""
    project = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [
        DeploymentSpec(
            name=entry["name"],
            entrypoint=entry["entrypoint"],
            description=entry.get("description", ""),
            tags=tuple(entry.get("tags", ())),
            schedules=tuple(entry.get("schedules", ())),
            parameters=dict(entry.get("parameters") or {}),
        )
        for entry in project["deployments"]
    ]


def runner_deployment(spec: DeploymentSpec) -> RunnerDeployment:
    """One deployment for the runner: the flow, its schedules and tags, as prefect.yaml has them."""
    built = spec.load_flow().to_deployment(
        name=spec.name,
        schedules=spec.cron_schedules(),
        description=spec.description,
        tags=list(spec.tags),
        parameters=spec.parameters,
    )
    if not isinstance(built, RunnerDeployment):
        raise TypeError(f"{spec.entrypoint}: build runner deployments outside an event loop")
    return built


def servable(declared: list[DeploymentSpec]) -> list[RunnerDeployment]:
    """The deployments whose flows import; one that does not is logged and left out, so that one broken job does
    not keep the others' schedules from firing."""
    built = []
    for spec in declared:
        try:
            built.append(runner_deployment(spec))
        except (ImportError, AttributeError, TypeError) as error:
            logger.error("deployment {} not served: {} ({})", spec.name, spec.entrypoint, error)
    return built


def main() -> None:
    """Serve the deployments of prefect.yaml until stopped (`gongkai down` stops the runner's process group)."""
    deployments = servable(specs())
    if deployments:
        serve(*deployments)


if __name__ == "__main__":
    main()
