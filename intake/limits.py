"""The bounds on what intake reads: the one upload size limit, and the zip-bomb guards for .docx and .ofd."""

MAX_UPLOAD_BYTES = 50 * 1024 * 1024
MAX_UNPACKED_BYTES = 256 * 1024 * 1024
MAX_ZIP_MEMBERS = 10_000


def readable_size(limit: int) -> str:
    """A byte count as a person reads it: 50 MiB, 64 KiB, 100 B."""
    for unit, factor in (("MiB", 1024 * 1024), ("KiB", 1024)):
        if limit >= factor and limit % factor == 0:
            return f"{limit // factor} {unit}"
    return f"{limit} B"
