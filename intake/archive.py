"""Opening the zip package a .docx or an .ofd is, checked against the zip-bomb limits before anything is unpacked."""

import io
import zipfile
import zlib

from intake import limits
from intake.limits import readable_size
from policies.errors import BadInput

UNZIP_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, RuntimeError, NotImplementedError)


def open_archive(data: bytes, kind: str) -> zipfile.ZipFile:
    """Open a zip package after checking it is one and is not a zip bomb."""
    if not data.startswith(b"PK"):
        hint = "（可能是旧版 .doc）" if data.startswith(b"\xd0\xcf\x11\xe0") else ""
        raise BadInput(f"无法读取 {kind}：文件不是 {kind} 格式{hint}")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except UNZIP_ERRORS as error:
        raise BadInput(f"无法读取 {kind}：文件已损坏") from error
    if len(members) > limits.MAX_ZIP_MEMBERS:
        raise BadInput(f"无法读取 {kind}：压缩包成员过多（超过 {limits.MAX_ZIP_MEMBERS} 个）")
    if sum(member.file_size for member in members) > limits.MAX_UNPACKED_BYTES:
        raise BadInput(f"无法读取 {kind}：解压后超过 {readable_size(limits.MAX_UNPACKED_BYTES)}（疑似压缩炸弹）")
    return archive
