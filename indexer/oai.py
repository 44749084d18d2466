"""An OAI-PMH 2.0 client: Identify and ListRecords (resumption tokens), oai_dc to ``Document``.

Repositories of DSpace, Koha, VuFind, Islandora and others answer the same six verbs; a
harvest needs two: ``Identify`` (the repository's name, its datestamp granularity) and
``ListRecords`` page after page, each page ending with a ``resumptionToken`` until the list
is done. Network errors and HTTP 5xx are retried a few times; ``503`` with ``Retry-After``
waits as asked (up to ``MAX_WAIT_S``). Every failure raises ``OaiError`` with the reason.
"""

from __future__ import annotations

import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field

from lxml import etree
from muragat.indexer.dates import parse_date_value
from muragat.indexer.document import Document
from muragat.indexer.langcodes import language_code

NS = {"oai": "http://www.openarchives.org/OAI/2.0/",
      "dc": "http://purl.org/dc/elements/1.1/",
      "oai_dc": "http://www.openarchives.org/OAI/2.0/oai_dc/"}
TIMEOUT_S = 60.0
RETRIES = 4
MAX_WAIT_S = 300.0
USER_AGENT = "Muragat OAI-PMH harvester"
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)


class OaiError(Exception):
    """A harvest that cannot go on (the message says why)."""


@dataclass
class OaiRecord:
    """One record of a ListRecords answer."""

    identifier: str
    datestamp: str
    deleted: bool = False
    sets: list[str] = field(default_factory=list)
    dc: dict[str, list[str]] = field(default_factory=dict)  # element name -> values


@dataclass
class Repository:
    """What ``Identify`` says."""

    name: str
    granularity: str  # "YYYY-MM-DD" or "YYYY-MM-DDThh:mm:ssZ"
    earliest: str = ""


class Client:
    """OAI-PMH requests to one base URL (``sleep`` is replaceable in tests)."""

    def __init__(self, base_url: str, timeout: float = TIMEOUT_S, retries: int = RETRIES,
                 max_wait: float = MAX_WAIT_S, sleep=time.sleep):
        parts = urllib.parse.urlsplit(base_url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ValueError(f"not an http(s) URL: {base_url!r}")
        self.base_url = base_url
        self.timeout, self.retries, self.max_wait, self.sleep = timeout, retries, max_wait, sleep
        self.response_date = ""  # of the last answer

    def request(self, **params: str) -> etree._Element:
        """One OAI-PMH request; the parsed ``OAI-PMH`` root element."""
        sep = "&" if "?" in self.base_url else "?"
        url = self.base_url + sep + urllib.parse.urlencode(params)
        last = ""
        for attempt in range(self.retries + 1):
            wait = min(2.0 ** attempt, self.max_wait)
            try:
                req = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
                with urllib.request.urlopen(req, timeout=self.timeout) as resp:
                    data = resp.read()
                break
            except urllib.error.HTTPError as exc:
                last = f"HTTP {exc.code} {exc.reason}"
                if exc.code not in (429, 500, 502, 503, 504):
                    raise OaiError(f"{params.get('verb')}: {last}") from exc
                retry_after = exc.headers.get("Retry-After") if exc.headers else None
                if retry_after and retry_after.strip().isdigit():
                    wait = float(retry_after.strip())
                    if wait > self.max_wait:
                        raise OaiError(f"{params.get('verb')}: {last}, Retry-After {wait:.0f} s is "
                                       f"longer than {self.max_wait:.0f} s") from exc
            except (urllib.error.URLError, TimeoutError, OSError) as exc:
                reason = getattr(exc, "reason", exc)
                last = f"{type(reason).__name__}: {reason}" if not isinstance(reason, str) else reason
            if attempt == self.retries:
                raise OaiError(f"{params.get('verb')}: {last} (after {self.retries + 1} tries)")
            self.sleep(wait)
        try:
            root = etree.fromstring(data, _PARSER)
        except etree.XMLSyntaxError as exc:
            raise OaiError(f"{params.get('verb')}: the answer is not XML: {exc}") from exc
        if root.tag != f"{{{NS['oai']}}}OAI-PMH":
            raise OaiError(f"{params.get('verb')}: the answer is not OAI-PMH (root <{root.tag}>)")
        self.response_date = (root.findtext("oai:responseDate", namespaces=NS) or "").strip()
        return root

    def identify(self) -> Repository:
        """The repository's name and datestamp granularity."""
        root = self.request(verb="Identify")
        _raise_errors(root, "Identify")
        ident = root.find("oai:Identify", NS)
        if ident is None:
            raise OaiError("Identify: no <Identify> element in the answer")
        return Repository(
            name=(ident.findtext("oai:repositoryName", namespaces=NS) or "").strip(),
            granularity=(ident.findtext("oai:granularity", namespaces=NS) or "YYYY-MM-DD").strip(),
            earliest=(ident.findtext("oai:earliestDatestamp", namespaces=NS) or "").strip(),
        )

    def list_records(self, prefix: str = "oai_dc", set_spec: str | None = None,
                     from_: str | None = None) -> Iterator[OaiRecord]:
        """Every record of the list, page after page (resumption tokens)."""
        params = {"verb": "ListRecords", "metadataPrefix": prefix}
        if set_spec:
            params["set"] = set_spec
        if from_:
            params["from"] = from_
        seen_tokens: set[str] = set()
        while True:
            root = self.request(**params)
            if _raise_errors(root, "ListRecords", allow=("noRecordsMatch",)):
                return
            listing = root.find("oai:ListRecords", NS)
            if listing is None:
                raise OaiError("ListRecords: no <ListRecords> element in the answer")
            for rec in listing.findall("oai:record", NS):
                yield parse_record(rec)
            token_el = listing.find("oai:resumptionToken", NS)
            token = (token_el.text or "").strip() if token_el is not None else ""
            if not token:
                return
            if token in seen_tokens:
                raise OaiError(f"ListRecords: the repository sent the resumption token {token!r} twice")
            seen_tokens.add(token)
            params = {"verb": "ListRecords", "resumptionToken": token}


def _raise_errors(root: etree._Element, verb: str, allow: tuple[str, ...] = ()) -> bool:
    """Raise ``OaiError`` for an OAI error answer; True for an allowed one (no records)."""
    errors = root.findall("oai:error", NS)
    if not errors:
        return False
    codes = [e.get("code", "") for e in errors]
    if all(c in allow for c in codes):
        return True
    text = "; ".join(f"{e.get('code')}: {(e.text or '').strip()}" for e in errors)
    raise OaiError(f"{verb}: the repository answered {text}")


def parse_record(rec: etree._Element) -> OaiRecord:
    """One ``<record>``: header, and the Dublin Core elements of its metadata (any prefix)."""
    header = rec.find("oai:header", NS)
    if header is None:
        raise OaiError("a record without a header")
    out = OaiRecord(
        identifier=(header.findtext("oai:identifier", namespaces=NS) or "").strip(),
        datestamp=(header.findtext("oai:datestamp", namespaces=NS) or "").strip(),
        deleted=header.get("status") == "deleted",
        sets=[(s.text or "").strip() for s in header.findall("oai:setSpec", NS)],
    )
    meta = rec.find("oai:metadata", NS)
    if meta is not None:
        for el in meta.iter(f"{{{NS['dc']}}}*"):
            name = etree.QName(el).localname
            value = " ".join("".join(el.itertext()).split())
            if value:
                out.dc.setdefault(name, []).append(value)
    return out


def record_document(record: OaiRecord, file_key: str, source: str | None) -> Document:
    """An oai_dc record as a ``Document``: title, creators, subjects and descriptions as text;
    the first usable date; the language code; the first http(s) identifier as the link."""
    dc = record.dc
    title = dc.get("title", [""])[0]
    parts = list(dc.get("description", []))
    if dc.get("creator"):
        parts.append("; ".join(dc["creator"]))
    if dc.get("subject"):
        parts.append("; ".join(dc["subject"]))
    date = year = None
    for value in dc.get("date", []):
        date, year = parse_date_value(value)
        if date or year:
            break
    lang = next((c for c in (language_code(v) for v in dc.get("language", [])) if c), None)
    url = next((v for v in dc.get("identifier", []) if v.startswith(("http://", "https://"))), None)
    return Document(id=record.identifier, text="\n\n".join(parts), title=title, date=date,
                    year=year, source=source, url=url, lang=lang, file=file_key)
