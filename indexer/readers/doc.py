"""Word 97-2003 documents (``.doc``): the main text, read from the file's piece table.

A reader of its own on ``olefile`` (pure Python): the File Information Block of the
``WordDocument`` stream gives the length of the main text and where the piece table (CLX)
lies in the table stream (``0Table`` or ``1Table``); each piece is 8-bit (cp1252) or UTF-16
text. Paragraph marks become blank lines, table cells ``|``, field codes are dropped and
their results kept. The title comes from the SummaryInformation properties.

Chosen over Debian's antiword and catdoc and over a LibreOffice conversion for robustness and
speed; the comparison, with figures, is in docs/INDEXER.md (``python -m bench.doc_readers``).
Word 6/95 files and encrypted documents are reported as such.
"""

from __future__ import annotations

import re
import struct
from collections.abc import Iterator

from muragat.indexer.document import Document
from muragat.indexer.readers.base import ReadContext, ReadError

_FIELD_BEGIN, _FIELD_SEP, _FIELD_END = "\x13", "\x14", "\x15"
_CONTROL = str.maketrans({
    "\r": "\n\n", "\x0b": "\n", "\x0c": "\n\n", "\x0e": "\n\n", "\x07": " | ", "\x1e": "-",
    "\x1f": "", "\xa0": " ", "\x01": "", "\x02": "", "\x03": "", "\x04": "", "\x05": "",
    "\x08": "",
})


def _fields_resolved(text: str) -> str:
    """Field codes removed, field results kept (fields nest)."""
    if _FIELD_BEGIN not in text:
        return text
    out: list[str] = []
    stack: list[bool] = []  # per open field: in its result part?
    for ch in text:
        if ch == _FIELD_BEGIN:
            stack.append(False)
        elif ch == _FIELD_SEP and stack:
            stack[-1] = True
        elif ch == _FIELD_END and stack:
            stack.pop()
        elif not stack or all(stack):
            out.append(ch)
    return "".join(out)


def word_text(ole) -> str:
    """The main text of an open Word 97-2003 ``olefile.OleFileIO``."""
    if not ole.exists("WordDocument"):
        raise ReadError("not a Word document (no WordDocument stream)")
    word = ole.openstream("WordDocument").read()
    if len(word) < 0x1AA:
        raise ReadError("damaged Word document (File Information Block too short)")
    ident, nfib = struct.unpack_from("<HH", word, 0)
    if ident != 0xA5EC:
        raise ReadError("not a Word 97-2003 document (bad signature)")
    flags = struct.unpack_from("<H", word, 0x0A)[0]
    if flags & 0x0100:
        raise ReadError("encrypted Word document (password needed)")
    if nfib < 101:
        raise ReadError("Word 6/95 document: not supported (save it as .doc 97-2003 or .docx)")
    table_name = "1Table" if flags & 0x0200 else "0Table"
    if not ole.exists(table_name):
        raise ReadError(f"damaged Word document (no {table_name} stream)")
    table = ole.openstream(table_name).read()
    ccp_text = struct.unpack_from("<i", word, 0x4C)[0]
    fc_clx, lcb_clx = struct.unpack_from("<II", word, 0x1A2)
    if lcb_clx == 0 or fc_clx + lcb_clx > len(table) or ccp_text < 0:
        raise ReadError("damaged Word document (no piece table)")
    clx = table[fc_clx:fc_clx + lcb_clx]
    pos = 0
    while pos < len(clx) and clx[pos] == 0x01:  # Prc: property modifiers, skipped
        if pos + 3 > len(clx):
            raise ReadError("damaged Word document (piece table)")
        pos += 3 + struct.unpack_from("<H", clx, pos + 1)[0]
    if pos + 5 > len(clx) or clx[pos] != 0x02:
        raise ReadError("damaged Word document (piece table)")
    lcb = struct.unpack_from("<I", clx, pos + 1)[0]
    plc = clx[pos + 5:pos + 5 + lcb]
    n = (len(plc) - 4) // 12
    if n <= 0:
        raise ReadError("damaged Word document (empty piece table)")
    cps = struct.unpack_from(f"<{n + 1}i", plc, 0)
    parts: list[str] = []
    remaining = ccp_text
    for i in range(n):
        if remaining <= 0:
            break
        start, end = cps[i], cps[i + 1]
        count = min(max(end - start, 0), remaining)
        fc = struct.unpack_from("<I", plc, (n + 1) * 4 + i * 8 + 2)[0]
        if fc & 0x40000000:  # 8-bit text at fc / 2
            offset = (fc & 0x3FFFFFFF) // 2
            parts.append(word[offset:offset + count].decode("cp1252", "replace"))
        else:
            offset = fc & 0x3FFFFFFF
            parts.append(word[offset:offset + 2 * count].decode("utf-16-le", "replace"))
        remaining -= count
    # A cell ends with \x07 and a table row with one more (after its last cell's).
    text = _fields_resolved("".join(parts)).replace("\x07\x07", "\n").translate(_CONTROL)
    text = re.sub(r"[ \t]+\n", "\n", text)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def _title(ole) -> str:
    try:
        meta = ole.get_metadata()
    except Exception:  # noqa: BLE001 - damaged properties: no title, the text is still read
        return ""
    raw = meta.title
    if not raw:
        return ""
    if isinstance(raw, bytes):
        # A signed 16-bit property: 65001 (UTF-8) is read as -535.
        codepage = (meta.codepage & 0xFFFF) if isinstance(meta.codepage, int) and meta.codepage else 1252
        codec = {1200: "utf-16-le", 65001: "utf-8"}.get(codepage, f"cp{codepage}")
        try:
            raw = raw.decode(codec, "replace")
        except LookupError:
            raw = raw.decode("cp1252", "replace")
    title = " ".join(str(raw).replace("\x00", "").split())
    lower = title.lower()
    return "" if not title or lower.endswith((".doc", ".dot")) else title


def read(ctx: ReadContext) -> Iterator[Document]:
    """One document with the text of the Word file."""
    import olefile

    try:
        if not olefile.isOleFile(str(ctx.path)):
            head = ctx.path.open("rb").read(8)
            if head.startswith(b"{\\rtf"):
                from muragat.indexer.readers import rtf

                yield from rtf.read(ctx)  # an RTF file named .doc (Word saved many such)
                return
            raise ReadError("not a Word 97-2003 document (not an OLE file)")
        ctx.bytes_read += ctx.path.stat().st_size
        with olefile.OleFileIO(str(ctx.path)) as ole:
            text = word_text(ole)
            title = _title(ole)
    except ReadError:
        raise
    except (OSError, struct.error, ValueError, IndexError) as exc:
        raise ReadError(f"unreadable Word document: {exc}") from exc
    except Exception as exc:  # olefile raises its own errors on damaged containers
        raise ReadError(f"unreadable Word document: {type(exc).__name__}: {exc}") from exc
    if not text and not title:
        raise ReadError("Word document has no text")
    yield Document(id="", text=ctx.cap_text(text), title=title, file=ctx.rel)
