"""A small tolerant parser for the query language.

Syntax: plain words (all required), ``"exact phrase"``, ``OR`` (also ``|``),
``AND`` (optional), ``NOT`` / ``-word`` (and each language's operator words, such as
``ИЛИ`` and ``НЕМЕСЕ``: ``analysis.query_operators``), parentheses, ``prefix*``, and the fields
``title:``, ``lang:``, ``year:`` (``year:2021``, ``year:2019..2021``, ``year:..2010``)
and ``source:``.

The parser never raises: unbalanced parentheses are closed or dropped, dangling
operators ignored, unknown ``field:`` prefixes read as plain words; each repair
is reported in ``ParsedQuery.notes``. Only a query with nothing searchable left
gets an ``error``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from muragat.analysis import normalize_text, query_operators, tokenize
from muragat.store.query import And, Filter, Node, Not, Or, Phrase, Word

FIELDS = ("title", "lang", "year", "source")
_SYMBOLS = {"|": "or", "||": "or", "&": "and", "&&": "and"}
_YEAR_RE = re.compile(r"^(\d{1,4})?\s*(?:\.\.|-|–)?\s*(\d{1,4})?$")


# The parse tree is the engine-neutral query model of store/ (re-exported here).


@dataclass
class ParsedQuery:
    """The parse tree (``None`` if nothing searchable), notes about repairs, an error message."""

    node: Node | None
    notes: list[str] = field(default_factory=list)
    error: str | None = None
    # The query is plain text: words and quoted phrases only (no OR, NOT, parenthesis,
    # field or prefix; AND, which changes nothing, is a word of the text), as a question is
    # typed.
    plain: bool = False


@dataclass(frozen=True)
class _Tok:
    kind: str  # "word" "phrase" "field" "(" ")" "or" "and" "not"
    value: str = ""
    name: str = ""  # field name for "field"


def _lex(q: str, notes: list[str]) -> list[_Tok]:
    toks: list[_Tok] = []
    i, n = 0, len(q)
    while i < n:
        ch = q[i]
        if ch.isspace():
            i += 1
        elif ch in "()":
            toks.append(_Tok(ch))
            i += 1
        elif ch in "\"«»“”„":
            j = i + 1
            while j < n and q[j] not in "\"«»“”„":
                j += 1
            if j >= n:
                notes.append("closed an unbalanced quote")
            toks.append(_Tok("phrase", q[i + 1 : j]))
            i = j + 1
        else:
            j = i
            while j < n and not q[j].isspace() and q[j] not in "()\"«»“”„":
                j += 1
            _lex_word(q[i:j], toks)
            i = j
    return toks


def _operator(raw: str) -> str | None:
    """"or", "and" or "not" for an operator word or symbol. Operator words in ASCII letters
    count in any case (cats or dogs); others (ИЛИ, НЕ) only in capitals, since lowercase
    и and не are among the commonest words."""
    if raw in _SYMBOLS:
        return _SYMBOLS[raw]
    return query_operators().get(raw.upper() if raw.isascii() else raw)


def _lex_word(raw: str, toks: list[_Tok]) -> None:
    if (op := _operator(raw)) is not None:
        toks.append(_Tok(op))
    elif raw.startswith("-") and len(raw) > 1:
        toks.append(_Tok("not"))
        _lex_word(raw[1:], toks)
    elif raw.startswith("+") and len(raw) > 1:
        _lex_word(raw[1:], toks)
    elif ":" in raw and raw.split(":", 1)[0].lower() in FIELDS:
        name, value = raw.split(":", 1)
        toks.append(_Tok("field", value, name.lower()))
    else:
        toks.append(_Tok("word", raw))


class _Parser:
    def __init__(self, toks: list[_Tok], notes: list[str]):
        self.toks = toks
        self.i = 0
        self.notes = notes

    def peek(self) -> _Tok | None:
        return self.toks[self.i] if self.i < len(self.toks) else None

    def parse(self) -> Node | None:
        nodes = []
        while self.peek() is not None:
            node = self.or_expr()
            if node is not None:
                nodes.append(node)
            tok = self.peek()
            if tok is not None and tok.kind == ")":
                self.notes.append("ignored an unmatched ')'")
                self.i += 1
        return _and(nodes)

    def or_expr(self) -> Node | None:
        parts = [self.and_expr()]
        saw_or = False
        while (tok := self.peek()) is not None and tok.kind == "or":
            self.i += 1
            saw_or = True
            parts.append(self.and_expr())
        kept = [p for p in parts if p is not None]
        if saw_or and len(kept) < len(parts):
            self.notes.append("ignored an OR without a word on one side")
        if not kept:
            return None
        return kept[0] if len(kept) == 1 else Or(tuple(kept))

    def and_expr(self) -> Node | None:
        nodes = []
        while (tok := self.peek()) is not None and tok.kind not in ("or", ")"):
            if tok.kind == "and":
                self.i += 1
                continue
            node = self.unary()
            if node is not None:
                nodes.append(node)
        return _and(nodes)

    def unary(self) -> Node | None:
        tok = self.peek()
        if tok is not None and tok.kind == "not":
            self.i += 1
            nxt = self.peek()
            if nxt is None or nxt.kind in ("or", ")"):
                self.notes.append("ignored a NOT without a word after it")
                return None
            child = self.unary()
            return Not(child) if child is not None else None
        return self.primary()

    def primary(self) -> Node | None:
        tok = self.toks[self.i]
        self.i += 1
        if tok.kind == "(":
            node = self.or_expr()
            if self.peek() is not None and self.peek().kind == ")":
                self.i += 1
            else:
                self.notes.append("closed an unbalanced '('")
            return node
        if tok.kind == "phrase":
            return _phrase(tok.value, None)
        if tok.kind == "word":
            return _words(tok.value, None)
        if tok.kind == "field":
            return self.field(tok)
        return None  # a stray operator token

    def field(self, tok: _Tok) -> Node | None:
        value = tok.value
        if not value:  # title:"a b" or title:(a b)
            nxt = self.peek()
            if nxt is not None and nxt.kind in ("phrase", "(") and tok.name == "title":
                return _in_title(self.primary())
            if nxt is not None and nxt.kind == "phrase":
                self.i += 1
                value = nxt.value
            else:
                self.notes.append(f"ignored an empty '{tok.name}:'")
                return None
        if tok.name == "title":
            return _in_title(_words(value, None))
        if tok.name == "year":
            rng = parse_year_range(value)
            if rng is None:
                self.notes.append(f"ignored 'year:{value}' (expected year:2021 or year:2019..2021)")
                return None
            return Filter("year", rng)
        return Filter(tok.name, value.strip().lower() if tok.name == "lang" else value.strip())


def parse_year_range(value: str) -> tuple[int | None, int | None] | None:
    """``2021`` -> (2021, 2021); ``2019..2021`` -> (2019, 2021); ``..2010`` -> (None, 2010)."""
    m = _YEAR_RE.match(value.strip())
    if not m or not (m.group(1) or m.group(2)):
        return None
    lo = int(m.group(1)) if m.group(1) else None
    hi = int(m.group(2)) if m.group(2) else None
    single = not re.search(r"\.\.|-|–", value)
    if single:
        return lo, lo
    if lo is not None and hi is not None and lo > hi:
        lo, hi = hi, lo
    return lo, hi


def _and(nodes: list[Node]) -> Node | None:
    if not nodes:
        return None
    return nodes[0] if len(nodes) == 1 else And(tuple(nodes))


def _words(raw: str, fld: str | None) -> Node | None:
    prefix = raw.endswith("*")
    words = [t.text for t in tokenize(raw.rstrip("*"))]
    if not words:
        return None
    nodes = [Word(w, field=fld) for w in words]
    if prefix:
        nodes[-1] = replace(nodes[-1], prefix=True)
    return _and(list(nodes))


def _phrase(raw: str, fld: str | None) -> Node | None:
    words = tuple(t.text for t in tokenize(raw))
    if not words:
        return None
    if len(words) == 1:
        return Word(words[0], quoted=True, field=fld)
    return Phrase(words, fld)


def _in_title(node: Node | None) -> Node | None:
    """The same subtree restricted to titles."""
    if node is None:
        return None
    if isinstance(node, Word | Phrase):
        return replace(node, field="title")
    if isinstance(node, And | Or):
        return type(node)(tuple(_in_title(c) for c in node.children))  # type: ignore[misc]
    if isinstance(node, Not):
        return Not(_in_title(node.child))  # type: ignore[arg-type]
    return node


def parse(q: str) -> ParsedQuery:
    """Parse a query string; never raises.

    The text first goes through ``normalize_text``, the very normalization of document
    text: a word copied from a page (with a zero-width joiner, a decomposed letter or a
    stray control character) is read as the indexed word.
    """
    notes: list[str] = []
    q = normalize_text(q)
    toks = _lex(q, notes)
    node = _Parser(toks, notes).parse()
    notes = list(dict.fromkeys(notes))
    if node is None:
        return ParsedQuery(None, notes, "The query has no words to search for." if q.strip() else None)
    plain = all(t.kind in ("word", "phrase", "and") for t in toks) and not any(
        isinstance(w, Word) and w.prefix for w in positive_words(node))
    return ParsedQuery(node, notes, plain=plain)


def positive_words(node: Node | None) -> list[Word]:
    """Words the user looks for (not under NOT), in order: for highlighting and suggestions."""
    out: list[Word] = []
    if node is None or isinstance(node, Filter | Not):
        return out
    if isinstance(node, Word):
        return [node]
    if isinstance(node, Phrase):
        return [Word(w, quoted=True, field=node.field) for w in node.words]
    for child in node.children:
        out.extend(positive_words(child))
    return out
