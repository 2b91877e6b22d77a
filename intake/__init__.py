"""Reading submitted files: `intake.extract.extract_text` and one module per format, each within the bounds of
`intake.limits`. Importing the package loads no parser, so the bounds can be read without them."""
