"""Reading a BibTeX export as the outside world does: pybtex in strict mode (any
warning is an error, as BibTeX/biber would stop) and bibtexparser."""

from __future__ import annotations

import bibtexparser
import pybtex.errors
from bibtexparser import model
from pybtex.database import parse_string


def pybtex_keys(text: str) -> list[str]:
    """The citation keys pybtex reads in strict mode; raises on anything it rejects."""
    pybtex.errors.set_strict_mode(True)
    try:
        return list(parse_string(text, "bibtex").entries.keys())
    finally:
        pybtex.errors.set_strict_mode(False)


def bibtexparser_fields(text: str) -> list[dict[str, str]]:
    """Each entry's fields as bibtexparser reads them; a failed block is an error."""
    library = bibtexparser.parse_string(text)
    failed = [block for block in library.blocks if isinstance(block, model.ParsingFailedBlock)]
    assert failed == [], [block.error for block in failed]
    return [{field.key: str(field.value) for field in entry.fields} for entry in library.entries]
