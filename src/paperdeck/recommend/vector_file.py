"""The TF-IDF vectors kept on disk beside the library, so that no command rebuilds them.

``vectors.npz`` in the data folder (``paths.VECTORS_FILE``) is derived, never a
source of truth: it holds the sparse matrix, the vocabulary and a stamp, the hash of
everything the vectors are made from (each paper's key, title, abstract,
organisation, author names and categories, in order, and ``FEATURES_VERSION``).
:func:`load_vectors` gives
None for a file that is missing, stale (another stamp), damaged or inconsistent,
and the caller builds the vectors again and saves them with :func:`save_vectors`:
to a temporary file in the same folder, then moved over the old one, so that a
reader never sees half a file. A folder that cannot be written only costs the
rebuild next time.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
import time
import zipfile
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import scipy.sparse as sp

from ..models import Paper
from .features import Vectors

# Bump when features.py makes other vectors from the same papers.
FEATURES_VERSION = "4"
_TEMP_PREFIX = ".vectors-"
_TEMP_SUFFIX = ".tmp"
# A temporary file this old is a writer that died mid-write: removed on the next save.
_STALE_SECONDS = 3600.0
_FIELDS = ("stamp", "shape", "data", "indices", "indptr", "vocabulary")


def corpus_stamp(papers: Sequence[Paper]) -> str:
    """The hash of what the vectors of ``papers`` are made from (see the module notes)."""
    digest = hashlib.blake2b(FEATURES_VERSION.encode(), digest_size=16)
    for paper in papers:
        digest.update(
            "\x1f".join(
                (
                    paper.key,
                    paper.title,
                    paper.abstract,
                    paper.org or "",
                    "\x1d".join(paper.author_names),
                    " ".join(paper.categories),
                    "\x1e",
                )
            ).encode("utf-8", "surrogatepass")
        )
    return digest.hexdigest()


def load_vectors(path: Path, stamp: str, rows: int) -> Vectors | None:
    """The vectors in ``path`` when the file is whole and made with ``stamp`` for
    ``rows`` papers; otherwise None (missing, stale or damaged: rebuild)."""
    try:
        with np.load(path, allow_pickle=False) as stored:
            if set(_FIELDS) - set(stored.files):
                return None
            if bytes(stored["stamp"]).decode("ascii") != stamp:
                return None
            shape = tuple(int(n) for n in stored["shape"])
            data, indices, indptr = stored["data"], stored["indices"], stored["indptr"]
            blob = bytes(stored["vocabulary"])
    except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile, UnicodeDecodeError):
        return None
    vocabulary = tuple(blob.decode("utf-8").split("\n")) if blob else ()
    if not _consistent(shape, data, indices, indptr, len(vocabulary), rows):
        return None
    matrix = sp.csr_matrix((data, indices, indptr), shape=shape)
    return Vectors(matrix, vocabulary)


def _consistent(
    shape: tuple[int, ...],
    data: np.ndarray,
    indices: np.ndarray,
    indptr: np.ndarray,
    columns: int,
    rows: int,
) -> bool:
    """True when the arrays make a CSR matrix of ``rows`` x ``columns``."""
    if shape != (rows, columns) or len(indptr) != rows + 1:
        return False
    if data.ndim != 1 or indices.ndim != 1 or len(data) != len(indices):
        return False
    if data.dtype.kind != "f" or indices.dtype.kind not in "iu" or indptr.dtype.kind not in "iu":
        return False
    if int(indptr[0]) != 0 or int(indptr[-1]) != len(indices):
        return False
    if rows and np.any(np.diff(indptr) < 0):
        return False
    if len(indices) and (int(indices.min()) < 0 or int(indices.max()) >= columns):
        return False
    return bool(np.all(np.isfinite(data)))


def save_vectors(path: Path, stamp: str, vectors: Vectors) -> bool:
    """Write ``vectors`` to ``path`` atomically; False when the folder refuses."""
    matrix = vectors.matrix
    blob = "\n".join(vectors.vocabulary).encode("utf-8")
    _remove_stale_temp_files(path.parent)
    temp: Path | None = None
    try:
        with tempfile.NamedTemporaryFile(
            dir=path.parent, prefix=_TEMP_PREFIX, suffix=_TEMP_SUFFIX, delete=False
        ) as handle:
            temp = Path(handle.name)
            np.savez(
                handle,
                stamp=np.frombuffer(stamp.encode("ascii"), dtype=np.uint8),
                shape=np.asarray(matrix.shape, dtype=np.int64),
                data=matrix.data,
                indices=matrix.indices,
                indptr=matrix.indptr,
                vocabulary=np.frombuffer(blob, dtype=np.uint8),
            )
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, path)
    except OSError:
        if temp is not None:
            with contextlib.suppress(OSError):
                temp.unlink()
        return False
    return True


def _remove_stale_temp_files(folder: Path) -> None:
    now = time.time()
    for stale in folder.glob(f"{_TEMP_PREFIX}*{_TEMP_SUFFIX}"):
        with contextlib.suppress(OSError):
            if now - stale.stat().st_mtime > _STALE_SECONDS:
                stale.unlink()
