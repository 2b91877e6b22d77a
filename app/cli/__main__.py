"""`python -m app.cli`: the same as the `gongkai` command."""

from app.cli.main import main

main()
