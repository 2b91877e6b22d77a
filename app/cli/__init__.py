"""The `gongkai` command line: one module per command group, the HTTP client, output rendering."""

from app.cli.main import main

__all__ = ["main"]
