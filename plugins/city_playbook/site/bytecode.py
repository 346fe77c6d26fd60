"""Compiled Jinja templates kept between runs, as Python keeps __pycache__: ours (render)
and the MkDocs theme's (the adapter), which MkDocs compiles again in every build and every
`mkdocs serve` rebuild. Light on purpose: a build answered by the output cache imports it.
Listed with every other cache in core/cache.py."""

from __future__ import annotations

import contextlib
import hashlib
from pathlib import Path

import jinja2
from jinja2.bccache import Bucket, FileSystemBytecodeCache

from ..core.cache import on_disk

_BYTECODE_PREFIX = "__city_playbook_"


def _bytecode_folder() -> Path | None:
    with contextlib.suppress(OSError, RuntimeError):
        return Path(FileSystemBytecodeCache().directory)
    return None


class _BytecodeCache(FileSystemBytecodeCache):
    """Compiled templates kept between runs, as Python keeps __pycache__. A cache that
    cannot be written is skipped."""

    def dump_bytecode(self, bucket: Bucket) -> None:
        with contextlib.suppress(OSError):
            super().dump_bytecode(bucket)


def bytecode_cache(kind: str, *fingerprint: object) -> FileSystemBytecodeCache | None:
    """A Jinja bytecode cache for one kind of environment (ours, the MkDocs theme's), its
    files named after `fingerprint`: what the compiled code depends on besides the
    template's source, which Jinja checks itself. None where no private folder can be made."""
    digest = hashlib.sha256(repr((jinja2.__version__, *fingerprint)).encode()).hexdigest()[:16]
    try:  # a private folder of this user's in the temporary directory
        return _BytecodeCache(pattern=f"{_BYTECODE_PREFIX}{kind}_{digest}_%s.cache")
    except (OSError, RuntimeError):
        return None


def _clear_bytecode() -> None:
    folder = _bytecode_folder()
    for compiled in folder.glob(f"{_BYTECODE_PREFIX}*.cache") if folder else ():
        compiled.unlink(missing_ok=True)


on_disk(_clear_bytecode)
