"""Run every `benchmarks/bench_*.py` module's `main()` in turn, or only those named: `python -m benchmarks workdays`."""

import importlib
import pkgutil
import sys

import benchmarks

PREFIX = "bench_"


def available() -> list[str]:
    """The benchmark names, `bench_workdays.py` giving `workdays`."""
    return sorted(
        module.name.removeprefix(PREFIX)
        for module in pkgutil.iter_modules(benchmarks.__path__)
        if module.name.startswith(PREFIX)
    )


def main(argv: list[str]) -> int:
    """Run the named benchmarks (all when none are named); exit 2 on an unknown name."""
    names = argv or available()
    unknown = sorted(set(names) - set(available()))
    if unknown:
        print(f"unknown benchmark: {', '.join(unknown)}; available: {', '.join(available())}", file=sys.stderr)
        return 2
    for name in names:
        print(f"== {name} ==", flush=True)
        importlib.import_module(f"benchmarks.{PREFIX}{name}").main()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
