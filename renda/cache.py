"""Files a process builds once and later processes read back (the gazetteer, its villages, jieba's
lexicon): kept in the user's own cache folder, never in a shared temporary one, written atomically,
and always optional: a missing, unreadable or stale file only costs the build again. A file is
replaced, never rewritten in place, so one a process has mapped into memory stays as it was."""

from __future__ import annotations

import os
from pathlib import Path


def cache_dir() -> Path:
    """``$RENDA_CACHE``, else ``$XDG_CACHE_HOME/renda``, else ``~/.cache/renda``."""
    env = os.environ.get("RENDA_CACHE")
    if env:
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "renda"


def cache_file(name: str) -> Path:
    """Where cache file ``name`` is kept (it may not exist), for a reader that maps it into memory."""
    return cache_dir() / name


def read_cache(name: str) -> bytes | None:
    """The bytes of cache file ``name``, None when there is none (or it cannot be read)."""
    try:
        return cache_file(name).read_bytes()
    except OSError:
        return None


def write_cache(name: str, data: bytes) -> None:
    """Write cache file ``name`` whole or not at all (a temporary file renamed into place); a
    folder that cannot be written is no error."""
    folder = cache_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        tmp = folder / f".{name}.{os.getpid()}"
        tmp.write_bytes(data)
        os.replace(tmp, folder / name)
    except OSError:
        pass
