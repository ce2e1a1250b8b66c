"""The TF-IDF vectors kept on disk beside the library, so that no command rebuilds them.

``vectors.npz`` in the data folder (``paths.VECTORS_FILE``) is derived, never a
source of truth: it holds the sparse matrix, the vocabulary and a stamp: for the
papers of a library, its corpus generation with the papers' keys
(:func:`generation_stamp`), otherwise the hash of everything the vectors are made
from (each paper's key, title, abstract, organisation, author names and categories,
in order: :func:`corpus_stamp`); both with ``FEATURES_VERSION``.
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
import struct
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
# A zip member's local header: 30 bytes, then its name and extra field.
_LOCAL_HEADER = 30
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


def generation_stamp(generation: int, papers: Sequence[Paper]) -> str:
    """A cheap stamp for the papers of a library's corpus at ``generation``.

    Every import that changes the corpus writes it with a higher generation
    (``library/corpus_file.py``), so the generation says which corpus the papers came
    from without hashing 100 MB of text on every command (0.2 s at 100,000 papers;
    this takes a tenth of that). The keys, their count and the text length join it:
    papers not from that generation (a list caught between an import's two
    assignments) are told apart all but always, and no file stamped by
    :func:`corpus_stamp` (a hash of the text) can match."""
    digest = hashlib.blake2b(FEATURES_VERSION.encode(), digest_size=16)
    digest.update(f"generation {generation} of {len(papers)} papers\x1e".encode())
    digest.update("\x1f".join(paper.key for paper in papers).encode("utf-8", "surrogatepass"))
    length = sum(len(paper.title) + len(paper.abstract) for paper in papers)
    digest.update(f"\x1e{length}".encode())
    return "g" + digest.hexdigest()


def load_vectors(path: Path, stamp: str, rows: int) -> Vectors | None:
    """The vectors in ``path`` when the file is whole and made with ``stamp`` for
        ``rows`` papers; otherwise None (missing, stale or damaged: rebuild).

        The arrays are mapped from the file, not read (``np.savez`` stores them
        uncompressed): at 100,000 papers reading and checking 130 MB was most of a cold
        command's wait, and a mapped page is read only when a product needs it. The file
        is only ever replaced whole (``save_vectors``), so a mapping stays valid; it is
    mapped copy-on-write, so that nothing scipy does in place can reach the file."""
    try:
        with zipfile.ZipFile(path) as archive:
            if set(_FIELDS) - {name.removesuffix(".npy") for name in archive.namelist()}:
                return None
            if bytes(_member(path, archive, "stamp")).decode("ascii") != stamp:
                return None
            shape = tuple(int(n) for n in _member(path, archive, "shape"))
            data = _member(path, archive, "data")
            indices = _member(path, archive, "indices")
            indptr = _member(path, archive, "indptr")
            blob = bytes(_member(path, archive, "vocabulary"))
    except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile, UnicodeDecodeError):
        return None
    vocabulary = tuple(blob.decode("utf-8").split("\n")) if blob else ()
    if not _consistent(shape, data, indices, indptr, len(vocabulary), rows):
        return None
    matrix = sp.csr_matrix((data, indices, indptr), shape=shape)
    return Vectors(matrix, vocabulary)


def _member(path: Path, archive: zipfile.ZipFile, name: str) -> np.ndarray:
    """The array ``name`` of the archive, mapped read-only from the file when it is
    stored as it is (what ``np.savez`` writes), else read (a compressed member)."""
    info = archive.getinfo(f"{name}.npy")
    if info.compress_type != zipfile.ZIP_STORED:
        with archive.open(info) as member:
            return np.asarray(np.lib.format.read_array(member, allow_pickle=False))
    with open(path, "rb") as file:
        file.seek(info.header_offset)
        local = file.read(_LOCAL_HEADER)
        if len(local) != _LOCAL_HEADER or local[:4] != b"PK\x03\x04":
            raise ValueError("not a zip member header")
        name_length, extra_length = struct.unpack("<HH", local[26:30])
        file.seek(info.header_offset + _LOCAL_HEADER + name_length + extra_length)
        version = np.lib.format.read_magic(file)
        if version == (1, 0):
            shape, fortran, dtype = np.lib.format.read_array_header_1_0(file)
        elif version == (2, 0):
            shape, fortran, dtype = np.lib.format.read_array_header_2_0(file)
        else:
            raise ValueError(f"an array format {version} not known")
        offset = file.tell()
    if fortran or dtype.hasobject or len(shape) != 1:
        raise ValueError("not a flat array")
    if offset + shape[0] * dtype.itemsize > os.path.getsize(path):
        raise ValueError("an array past the end of the file")
    if shape[0] == 0:
        return np.zeros(0, dtype=dtype)
    return np.memmap(path, dtype=dtype, mode="c", offset=offset, shape=shape)


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
