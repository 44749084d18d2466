"""Harvesting an OAI-PMH repository into the index (``muragat harvest``).

Records live in the index beside the documents of ``muragat index`` runs: the manifest
holds them under one entry per harvest (``oai-pmh:<base URL>[#set]``) that has no archive
root, so an ``index`` run never deletes them, and a harvest touches only its own records.
``--rebuild`` of an index run starts the index afresh, harvested records included (the next
harvest is then a full one).

Incremental: each successful harvest remembers the repository's ``responseDate`` of its
first request in ``muragat-harvest.json`` in the index directory; the next harvest of the
same base URL (and set, and metadata format) asks only for records changed ``from`` that
date. Deleted records (``status="deleted"``) are removed. A harvest that fails half-way
commits what it read but does not move the date, so the next one covers the rest again.
"""

from __future__ import annotations

import json
import os
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from muragat.indexer.manifest import FileEntry
from muragat.indexer.metadata import complete
from muragat.indexer.oai import Client, OaiError, record_document
from muragat.indexer.prepare import document_hash, prepare_document
from muragat.indexer.report import IndexReport
from muragat.indexer.sources import Source, load_registry, save_registry
from muragat.indexer.writer import IndexSession

STATE = "muragat-harvest.json"


@dataclass
class HarvestReport(IndexReport):
    """An ``IndexReport`` with what the repository said."""

    repository: str = ""
    records: int = 0  # records listed (deleted ones included)
    deleted_records: int = 0
    from_date: str | None = None
    response_date: str = ""
    errors: list[str] = field(default_factory=list)


def harvest_key(base_url: str, set_spec: str | None, prefix: str) -> str:
    """The manifest entry (and ``file`` field) of one harvest's records."""
    key = f"oai-pmh:{base_url}"
    if set_spec:
        key += f"#{set_spec}"
    if prefix != "oai_dc":
        key += f"@{prefix}"
    return key


def load_state(index_dir: str | Path) -> dict[str, dict]:
    """The remembered harvests: key -> {"from": date, "source": name, ...}."""
    try:
        with open(Path(index_dir) / STATE, encoding="utf-8") as f:
            data = json.load(f)
        return data if isinstance(data, dict) else {}
    except (OSError, ValueError):
        return {}


def _save_state(index_dir: Path, state: dict[str, dict]) -> None:
    fd, tmp = tempfile.mkstemp(prefix=".harvest-", dir=index_dir)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        json.dump(state, f, ensure_ascii=False, indent=1)
    os.replace(tmp, index_dir / STATE)


def _granular(date: str, granularity: str) -> str:
    """A responseDate cut to what the repository accepts as ``from``."""
    return date if "T" in granularity else date[:10]


def harvest(
    base_url: str,
    index_dir: str | Path,
    *,
    set_spec: str | None = None,
    prefix: str = "oai_dc",
    from_date: str | None = None,
    source: str | None = None,
    timeout: float = 60.0,
    lock_timeout: float = 30.0,
    progress: TextIO | None = None,
    client: Client | None = None,
) -> HarvestReport:
    """Harvest ``base_url`` into ``index_dir``. Raises ``ValueError`` for a bad URL and
    ``store.IndexLockedError`` when another writer holds the index; repository and network
    failures are in ``report.errors`` (what was read before them is kept)."""
    index_dir = Path(index_dir)
    client = client or Client(base_url, timeout=timeout)
    report = HarvestReport()
    start = time.monotonic()
    key = harvest_key(base_url, set_spec, prefix)
    try:
        repo = client.identify()
    except OaiError as exc:
        report.errors.append(str(exc))
        report.fail(base_url, str(exc))
        report.elapsed = time.monotonic() - start
        return report
    report.repository = repo.name
    name = source or repo.name or urllib_host(base_url)
    index_dir.mkdir(parents=True, exist_ok=True)
    state = load_state(index_dir)
    with IndexSession(index_dir, report, lock_timeout=lock_timeout) as session:
        manifest = session.manifest
        entry = manifest.files.get(key)
        known = dict(entry.docs) if entry else {}
        remembered = state.get(key, {}).get("from") if entry is not None else None
        report.from_date = from_date or remembered
        docs = dict(known)
        first_response = ""
        ok = True
        try:
            for record in client.list_records(prefix, set_spec, report.from_date):
                first_response = first_response or client.response_date
                report.records += 1
                if not record.identifier:
                    report.fail(f"{key} record {report.records}", "record without an identifier")
                    continue
                if record.deleted:
                    report.deleted_records += 1
                    if record.identifier in docs:
                        session.delete(record.identifier)
                        del docs[record.identifier]
                    continue
                doc = record_document(record, key, name)
                if not doc.text.strip() and not doc.title:
                    report.fail(record.identifier, "record has no title and no text")
                    continue
                complete(doc, key, source_from_folder=False)
                digest = document_hash(doc)
                docs[doc.id] = digest
                if known.get(doc.id) == digest:
                    report.unchanged += 1
                    continue
                session.write(prepare_document(doc, digest))
                if progress is not None and report.records % 100 == 0:
                    print(f"harvested {report.records} records", file=progress, flush=True)
        except OaiError as exc:
            ok = False
            report.errors.append(str(exc))
            report.fail(base_url, str(exc))
        report.response_date = first_response or client.response_date
        manifest.files[key] = FileEntry(None, None, docs)
        session.commit(manifest, [])
    if ok:
        state[key] = {"base_url": base_url, "set": set_spec, "prefix": prefix, "source": name,
                      "from": _granular(report.response_date, repo.granularity),
                      "harvested": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}
        _save_state(index_dir, state)
    registry = load_registry(index_dir)
    names = {lang: repo.name for lang in ("kk", "ru", "en")} if repo.name and not source else {}
    registry[name] = Source(id=name, names=names, homepage=base_url, kind="oai")
    save_registry(index_dir, registry)
    report.elapsed = time.monotonic() - start
    return report


def urllib_host(url: str) -> str:
    """The host of a URL (a source name when the repository gives none)."""
    from urllib.parse import urlsplit

    return urlsplit(url).hostname or url


def summary_lines(report: HarvestReport) -> list[str]:
    """The human summary of ``muragat harvest``."""
    lines = [f"repository: {report.repository or '?'}"
             + (f" (records changed from {report.from_date})" if report.from_date else " (full harvest)"),
             f"records {report.records}: added {report.added}, updated {report.updated}, "
             f"deleted {report.deleted}, unchanged {report.unchanged}, failed {len(report.failed)}"]
    if report.langs:
        lines.append("languages: " + ", ".join(f"{k} {v}" for k, v in report.langs.most_common()))
    if report.year_min is not None:
        lines.append(f"years: {report.year_min}-{report.year_max}")
    lines.append(f"{report.elapsed:.1f} s")
    lines.extend(f"FAILED {f.path}: {f.reason}" for f in report.failed[:50])
    return lines
