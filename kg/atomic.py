"""Files that appear only when they were written whole."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from kg.problems import InputError


@contextmanager
def atomic_output(path: Path, binary: bool = False) -> Iterator[IO[Any]]:
    """A file that appears at `path` only when writing succeeded."""
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}-", suffix=".tmp")
    except OSError as exc:
        raise InputError(f"{path}: cannot write there: {exc.strerror}") from None
    try:
        fh: IO[Any]
        if binary:
            fh = os.fdopen(fd, "wb")
        else:
            fh = os.fdopen(fd, "w", encoding="utf-8", newline="")
        with fh:
            yield fh
        os.chmod(tmp, 0o666 & ~umask())
        os.replace(tmp, path)
    except OSError as exc:
        # a full disk or a file-size limit: nothing appears at `path`
        Path(tmp).unlink(missing_ok=True)
        raise InputError(f"{path}: cannot write the file ({exc.strerror or exc}); nothing "
                         "was written") from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def umask() -> int:
    """The process's umask (read by setting it, and set back at once)."""
    mask = os.umask(0)
    os.umask(mask)
    return mask
