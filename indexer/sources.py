"""Sources: a folder of the archive described by a ``muragat-source.yaml`` (or ``.json``).

A library or website's folder may carry a small file naming the source::

    id: nlrk                      # the source key (default: the folder's name)
    name:                         # display names, shown in the UI's language
      kk: Ұлттық кітапхана
      ru: Национальная библиотека
      en: National Library
    homepage: https://nlrk.example.kz/
    lang: kk                      # language of its documents when they do not say
    url: https://nlrk.example.kz/news/{stem}.html   # a file's original page

The file applies to every file below its folder (the nearest one wins). ``url`` is a pattern
of the file's path relative to that folder: ``{path}`` (``2021/news.html``), ``{stem}``
(``2021/news``), ``{name}`` (``news.html``), ``{stem_name}`` (``news``); it gives the
document's link to the original when the document itself has none. A document's own metadata
(front matter, JSON fields) comes first, as everywhere.

The indexer keeps every source it has seen in ``muragat-sources.json`` in the index directory
(``load_registry``): the site shows the display names instead of the folder's slug. A source
file that changes makes the files below it be read again.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

SOURCE_FILES = ("muragat-source.yaml", "muragat-source.yml", "muragat-source.json")
REGISTRY = "muragat-sources.json"
UI_LANGS = ("kk", "ru", "en")


class SourceFileError(ValueError):
    """A source file that cannot be used (the message says why)."""


@dataclass
class Source:
    """One source: its key, display names, homepage, default language and URL pattern."""

    id: str
    names: dict[str, str] = field(default_factory=dict)  # lang -> display name
    homepage: str | None = None
    lang: str | None = None
    url: str | None = None  # pattern of the original page's URL
    folder: str = ""  # the folder (relative to the archive root) holding the source file
    root: str | None = None  # the archive root (resolved), None for harvested sources
    digest: str = ""  # hash of the source file (a change makes its files be read again)
    kind: str = "folder"  # "folder" or "oai"

    def display(self, lang: str) -> str:
        """The name to show in the UI language ``lang`` (then kk, ru, en; else the id)."""
        for key in (lang, *UI_LANGS):
            if self.names.get(key):
                return self.names[key]
        return next(iter(self.names.values()), self.id)

    def url_for(self, rel_in_folder: str) -> str | None:
        """The original page of a file at ``rel_in_folder`` (None without a pattern)."""
        if not self.url:
            return None
        p = PurePosixPath(rel_in_folder)
        stem = str(p.with_suffix("")) if p.suffix else str(p)
        try:
            return self.url.format(path=str(p), stem=stem, name=p.name, stem_name=p.stem)
        except (KeyError, IndexError, ValueError):
            return None


def parse_source_file(path: Path, folder_name: str) -> Source:
    """Read a source file; raise ``SourceFileError`` with the reason when it is unusable."""
    import yaml

    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SourceFileError(exc.strerror or str(exc)) from exc
    try:
        meta = yaml.safe_load(data.decode("utf-8-sig"))
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise SourceFileError(f"not valid YAML/JSON: {exc}") from exc
    if not isinstance(meta, dict):
        raise SourceFileError("expected a mapping (id, name, homepage, lang, url)")
    names = meta.get("name") or meta.get("names") or {}
    if isinstance(names, str):
        names = {lang: names for lang in UI_LANGS}
    if not isinstance(names, dict):
        raise SourceFileError("'name' must be a text or a mapping kk/ru/en -> name")
    url = meta.get("url")
    if url is not None and (not isinstance(url, str) or "://" not in url):
        raise SourceFileError("'url' must be a URL pattern such as https://site/{stem}.html")
    source = Source(
        id=str(meta.get("id") or folder_name).strip() or folder_name,
        names={str(k).lower(): str(v).strip() for k, v in names.items() if v},
        homepage=str(meta["homepage"]).strip() if meta.get("homepage") else None,
        lang=str(meta["lang"]).strip().lower()[:3] if meta.get("lang") else None,
        url=url,
        digest=hashlib.blake2b(data, digest_size=12).hexdigest(),
    )
    if source.url and source.url_for("a/b.html") is None:
        raise SourceFileError(f"bad placeholder in url {url!r} (use {{path}}, {{stem}}, {{name}})")
    return source


class SourceMap:
    """The source files found while walking the archive, by folder (used in one run)."""

    def __init__(self) -> None:
        self.found: dict[tuple[str, str], Path] = {}  # (root, folder rel) -> source file
        self.sources: dict[tuple[str, str], Source] = {}
        self._roots: dict[Path, str] = {}

    def root_key(self, root: Path) -> str:
        """The resolved form of an archive root (resolved once per run)."""
        key = self._roots.get(root)
        if key is None:
            key = self._roots[root] = str(root.resolve())
        return key

    def add(self, root: Path, folder: str, path: Path) -> None:
        """A source file seen in ``folder`` (relative to ``root``); the first name wins."""
        self.found.setdefault((self.root_key(root), folder), path)

    def load(self, fail: Any) -> None:
        """Parse the files found; ``fail(path, reason)`` is called for an unusable one."""
        for (root, folder), path in sorted(self.found.items()):
            name = folder.rpartition("/")[2] or Path(root).name
            try:
                source = parse_source_file(path, name)
            except SourceFileError as exc:
                fail(str(path), f"source file ignored: {exc}")
                continue
            source.folder, source.root = folder, root
            self.sources[(root, folder)] = source

    def for_file(self, root: Path | str, rel: str) -> Source | None:
        """The source of a file (the nearest source file above it), or None."""
        if not self.sources:
            return None
        root_key = self.root_key(Path(root)) if not isinstance(root, str) else root
        folder = rel.rpartition("/")[0]
        while True:
            found = self.sources.get((root_key, folder))
            if found is not None:
                return found
            if not folder:
                return None
            folder = folder.rpartition("/")[0]


def apply_source(doc: Any, source: Source | None) -> None:
    """Give ``doc`` its source's key, default language and link to the original page."""
    if source is None:
        return
    if not doc.source or doc.source == _top_folder(doc.file):
        doc.source = source.id
    if not doc.lang and source.lang:
        doc.lang = source.lang
    if not doc.url and source.kind == "folder":
        inner = doc.file[len(source.folder) + 1:] if source.folder else doc.file
        doc.url = source.url_for(inner)


def _top_folder(rel: str) -> str | None:
    parts = rel.split("/")
    return parts[0] if len(parts) > 1 else None


def load_registry(index_dir: str | Path) -> dict[str, Source]:
    """The sources recorded in an index directory (empty when none or unreadable)."""
    try:
        with open(Path(index_dir) / REGISTRY, encoding="utf-8") as f:
            data = json.load(f)
        return {k: Source(**v) for k, v in data.get("sources", {}).items()}
    except (OSError, ValueError, TypeError):
        return {}


def save_registry(index_dir: str | Path, sources: dict[str, Source]) -> None:
    """Write the registry atomically."""
    path = Path(index_dir) / REGISTRY
    fd, tmp = tempfile.mkstemp(prefix=".sources-", dir=path.parent)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        json.dump({"sources": {k: asdict(v) for k, v in sorted(sources.items())}}, f,
                  ensure_ascii=False, indent=1)
    os.replace(tmp, path)


def merged_registry(old: dict[str, Source], found: SourceMap, roots: set[str]) -> dict[str, Source]:
    """The registry after a run over ``roots``: their sources as found now, the rest kept."""
    out = {k: v for k, v in old.items() if v.root is None or v.root not in roots}
    for source in found.sources.values():
        out[source.id] = source
    return out


def changed_folders(old: dict[str, Source], found: SourceMap) -> set[tuple[str, str]]:
    """(root, folder) of the source files that are new, changed or gone since the last run."""
    before = {(s.root, s.folder): s.digest for s in old.values() if s.kind == "folder" and s.root}
    now = {key: s.digest for key, s in found.sources.items()}
    return {key for key in before.keys() | now.keys() if before.get(key) != now.get(key)}
