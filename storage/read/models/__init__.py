"""The read models' shapes: pydantic only, so the CLI can validate what the API sends without loading a database."""
