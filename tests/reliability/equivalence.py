"""A battery of queries and the comparison of two indexes' answers to it.

Two indexes of the same archive must answer every query alike: the same total, the same
hits in the same order (with their metadata and scores), the same facets, errors and
suggestions. The battery covers words of each language, an empty query with each filter
the indexes know (every language, year, year range and source), every sort, deep pages,
a prefix and a misspelling.
"""

from __future__ import annotations

from typing import Any

WORDS = ["кітапхана", "кітаптар", "оқырмандар", "библиотека", "книги", "читатели",
         "library", "books", "readers", "көрме", "выставка", "exhibition", "конференция",
         "кітап*", "библиот*", "libr*", "библеотека", "librery", "қолжазбалар рукописей",
         "\"reading room\"", "поэзия OR poetry", "кітапхана -көрме"]
SORTS = ("relevance", "newest", "oldest")
PAGE_SIZE = 4
LAST_COUNT = [0]  # queries of the last ``differences`` call (for the property test's report)


def _answer(engine: Any, **kw: Any) -> tuple:
    from muragat.search.models import SearchRequest

    resp = engine.search(SearchRequest(size=PAGE_SIZE, snippets=False, **kw))
    hits = [(h.id, h.year, h.date, h.lang, tuple(h.langs), h.source, h.title, round(h.score, 4))
            for h in resp.hits]
    return (resp.total, hits, resp.facets, resp.error, resp.error_code, resp.suggestion)


def filters(*engines: Any) -> list[dict[str, Any]]:
    """Every filter the engines' facets offer (languages, single years, a range, sources)."""
    from muragat.search.models import SearchRequest

    langs, years, sources = set(), set(), set()
    for engine in engines:
        # The language facet ignores the language filter: it lists every language.
        first = engine.search(SearchRequest(q="", langs=["kk"], size=1, snippets=False))
        codes = sorted(first.facets.get("lang", {})) or ["kk"]
        every = engine.search(SearchRequest(q="", langs=codes, size=1, snippets=False)).facets
        langs.update(codes)
        years.update(every.get("year", {}))
        sources.update(every.get("source", {}))
    out: list[dict[str, Any]] = [{"langs": [code]} for code in sorted(langs)]
    out += [{"year_from": int(y), "year_to": int(y), "langs": sorted(langs)} for y in sorted(years)]
    if years:
        ys = sorted(int(y) for y in years)
        out.append({"year_from": ys[0], "year_to": ys[len(ys) // 2], "langs": sorted(langs)})
    out += [{"sources": [s]} for s in sorted(sources)]
    return out


def battery(engine: Any, filter_list: list[dict[str, Any]]) -> dict[str, tuple]:
    """The engine's answers to every query of the battery, by a readable key."""
    out: dict[str, tuple] = {}
    for word in WORDS:
        for sort in SORTS:
            for page in (1, 2, 3):
                out[f"{word!r} sort={sort} page={page}"] = _answer(engine, q=word, sort=sort,
                                                                   page=page)
    for flt in filter_list:
        for sort in ("newest", "oldest"):
            for page in (1, 3):
                out[f"'' {flt} sort={sort} page={page}"] = _answer(engine, q="", sort=sort,
                                                                   page=page, **flt)
        out[f"'library' {flt}"] = _answer(engine, q="library", **flt)
    return out


def differences(a: Any, b: Any, limit: int = 5) -> list[str]:
    """Where engines ``a`` and ``b`` answer differently (empty: the same answers)."""
    flt = filters(a, b)
    ours, theirs = battery(a, flt), battery(b, flt)
    LAST_COUNT[0] = len(ours)
    diffs = []
    for key, answer in ours.items():
        if answer != theirs[key]:
            diffs.append(f"{key}:\n    got      {answer}\n    expected {theirs[key]}")
            if len(diffs) >= limit:
                break
    return diffs
