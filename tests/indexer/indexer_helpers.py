"""Helpers of the indexer tests (loaded as ``indexer_test_helpers`` by conftest)."""

from __future__ import annotations

from pathlib import Path


def make_pdf(text_lines: list[str]) -> bytes:
    """A minimal one-page PDF whose text layer holds ``text_lines`` (ASCII, Helvetica)."""
    ops = ["BT", "/F1 12 Tf", "72 720 Td", "14 TL"]
    for line in text_lines:
        escaped = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        ops.append(f"({escaped}) Tj T*")
    ops.append("ET")
    stream = "\n".join(ops).encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for off in offsets:
        out += f"{off:010d} 00000 n \n".encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def write(root: Path, rel: str, data: str | bytes) -> Path:
    """Write ``data`` to ``root/rel`` (text as UTF-8)."""
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def stored_docs(index_dir: Path) -> dict[str, dict]:
    """Every document's stored fields, by id."""
    from muragat.store import open_index

    with open_index(index_dir).searcher() as s:
        return {d["id"]: d for d in s.all_stored_fields()}


def ids_with_word(index_dir: Path, word: str, field: str = "exact") -> set[str]:
    """Ids of the documents whose ``field`` holds the term ``word``."""
    from muragat.store import open_index
    from whoosh.query import Term

    with open_index(index_dir).searcher() as s:
        return {hit["id"] for hit in s.search(Term(field, word), limit=None)}
