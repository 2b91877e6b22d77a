"""Reproducible benchmarks: each `bench_*.py` module has a `main()` that measures itself and its baseline."""
