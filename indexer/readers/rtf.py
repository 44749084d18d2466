"""Rich Text Format (``.rtf``): the text of the body, its paragraphs and table rows.

A small RTF reader of its own (no dependency): groups, ``\\uN`` Unicode letters (with the
``\\ucN`` fallback skipped), ``\\'hh`` bytes in the code page of the document (``\\ansicpg``)
or of the current font (``\\fcharset``: Russian documents of the 1990s-2000s say
``\\fcharset204`` = cp1251), paragraphs, line breaks, tabs and table cells. Font, colour and
style tables, pictures, embedded objects, field instructions, headers and footers are left
out. The title comes from ``{\\info{\\title ...}}``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from muragat.indexer.document import Document
from muragat.indexer.readers.base import ReadContext, ReadError

_TOKEN_RE = re.compile(
    rb"\\([a-zA-Z]{1,32})(-?\d{1,10})? ?|\\'([0-9a-fA-F]{2})|\\([^a-zA-Z])|([{}])|([^\\{}\r\n]+)|[\r\n]+"
)
# Destinations whose text is not part of the body.
_SKIP = frozenset({
    "fonttbl", "colortbl", "stylesheet", "listtable", "listoverridetable", "rsidtbl", "pict",
    "object", "objdata", "themedata", "colorschememapping", "latentstyles", "datastore",
    "xmlnstbl", "generator", "header", "headerl", "headerr", "headerf", "footer", "footerl",
    "footerr", "footerf", "fldinst", "bkmkstart", "bkmkend", "filetbl", "revtbl", "pgdsctbl",
    "xe", "tc", "info", "mmathPr", "wgrffmtfilter", "shpinst", "nonshppict", "userprops",
    "docvar", "operator", "author", "company", "comment", "keywords", "subject", "doccomm",
    "category", "manager", "hlinkbase", "template", "passwordhash", "atnid", "atnauthor",
    "annotation", "private", "listtext", "pntext", "pntxta", "pntxtb", "ftnsep", "ftnsepc",
    "aftnsep", "aftnsepc", "blipuid", "sp", "sn", "sv", "factoidname", "formfield",
})
_CHARSETS = {0: "cp1252", 204: "cp1251", 238: "cp1250", 161: "cp1253", 162: "cp1254",
             186: "cp1257", 177: "cp1255", 178: "cp1256", 163: "cp1258", 222: "cp874",
             128: "cp932", 129: "cp949", 134: "gbk", 136: "big5"}
_SPECIAL = {"par": "\n\n", "line": "\n", "sect": "\n\n", "page": "\n\n", "tab": "\t", "cell": " | ",
            "row": "\n", "emdash": "\u2014", "endash": "\u2013", "bullet": "\u2022",
            "lquote": "\u2018", "rquote": "\u2019", "ldblquote": "\u201c", "rdblquote": "\u201d",
            "emspace": " ", "enspace": " ", "qmspace": " ", "nestcell": " | ", "nestrow": "\n"}
_SYMBOLS = {"~": "\u00a0", "_": "\u2011", "-": "", "\\": "\\", "{": "{", "}": "}"}


class _State:
    __slots__ = ("skip", "uc", "codepage", "dest")

    def __init__(self, skip: bool = False, uc: int = 1, codepage: str = "cp1252", dest: str = ""):
        self.skip, self.uc, self.codepage, self.dest = skip, uc, codepage, dest

    def copy(self) -> _State:
        return _State(self.skip, self.uc, self.codepage, self.dest)


def _font_codepages(data: bytes) -> dict[int, str]:
    """Font number -> code page, from the font table's ``\\fN ... \\fcharsetM`` entries."""
    out = {}
    start = data.find(b"\\fonttbl")
    if start < 0:
        return out
    for m in re.finditer(rb"\\f(\d+)[^{}]*?\\fcharset(\d+)", data[start:start + 200_000]):
        cp = _CHARSETS.get(int(m.group(2)))
        if cp:
            out[int(m.group(1))] = cp
    return out


def rtf_text(data: bytes) -> tuple[str, str]:
    """``(title, body text)`` of an RTF document."""
    if not data.lstrip().startswith(b"{\\rtf"):
        raise ReadError("not an RTF file (no {\\rtf header)")
    fonts = _font_codepages(data)
    state = _State()
    stack: list[_State] = []
    out: list[str] = []
    titles: list[list[str]] = []  # one per \title group (Word/LibreOffice write an ANSI one
    # and a Unicode one, {\upr{\title ...}{\*\ud{\title ...}}}): the last one wins
    pending = bytearray()
    skip_chars = 0  # fallback characters after a \uN still to skip
    new_group = False  # the last token opened a group (for \* destinations)

    def flush() -> None:
        if pending:
            text = bytes(pending).decode(state.codepage, "replace")
            (titles[-1] if state.dest == "title" and titles else out).append(text)
            pending.clear()

    def emit(text: str) -> None:
        flush()
        if state.dest == "title":
            if titles:
                titles[-1].append(text)
        elif not state.skip:
            out.append(text)

    for m in _TOKEN_RE.finditer(data):
        word, arg, hexbyte, symbol, brace, text = m.groups()
        if brace is not None:
            flush()
            if brace == b"{":
                stack.append(state)
                state = state.copy()
                new_group = True
                continue
            state = stack.pop() if stack else state
            new_group = False
            skip_chars = 0
            continue
        opened, new_group = new_group, False
        if word is not None:
            name = word.decode("ascii")
            if name == "u" and arg is not None:
                n = int(arg)
                emit(chr(n + 65536 if n < 0 else n) if 0 <= (n + 65536 if n < 0 else n) < 0x110000 else "")
                skip_chars = state.uc
            elif name == "uc" and arg is not None:
                state.uc = max(0, int(arg))
            elif name == "ansicpg" and arg is not None:
                flush()
                state.codepage = _valid_codepage(f"cp{int(arg)}", state.codepage)
            elif name == "f" and arg is not None and not state.skip:
                flush()
                state.codepage = fonts.get(int(arg), state.codepage)
            elif name == "title" and state.dest == "info":
                flush()
                state.dest = "title"
                titles.append([])
            elif name in _SKIP:
                flush()
                state.skip = True
                if name == "info":
                    state.dest = "info"
            elif name in _SPECIAL and not state.skip:
                emit(_SPECIAL[name])
            continue
        if symbol is not None:
            sym = symbol.decode("latin-1")
            if sym == "*" and opened:
                state.skip = True  # an optional destination this reader does not know
            elif sym in _SYMBOLS and not state.skip:
                emit(_SYMBOLS[sym])
            elif sym in "\r\n" and not state.skip:
                emit("\n")
            continue
        if hexbyte is not None:
            if skip_chars:
                skip_chars -= 1
            elif not state.skip or state.dest == "title":
                pending.append(int(hexbyte, 16))
            continue
        if text is not None and (not state.skip or state.dest == "title"):
            if skip_chars:
                cut = min(skip_chars, len(text))
                text = text[cut:]
                skip_chars -= cut
            if text:
                pending.extend(text)
    flush()
    body = "".join(out)
    body = re.sub(r"[ \t]+\n", "\n", body)
    body = re.sub(r"\n{3,}", "\n\n", body)
    title = next((t for t in ("".join(p).strip() for p in reversed(titles)) if t), "")
    return " ".join(title.split()), body.strip()


def _valid_codepage(name: str, default: str) -> str:
    import codecs

    try:
        codecs.lookup(name)
        return name
    except LookupError:
        return default


def read(ctx: ReadContext) -> Iterator[Document]:
    """One document with the body text of the RTF file."""
    data = ctx.read_bytes()
    try:
        title, body = rtf_text(data)
    except (IndexError, ValueError) as exc:
        raise ReadError(f"unreadable RTF: {exc}") from exc
    if not body and not title:
        raise ReadError("RTF has no text")
    yield Document(id="", text=ctx.cap_text(body), title=title, file=ctx.rel)
