"""A small SolrCloud HTTP client: JSON over keep-alive connections, failing over between nodes.

Any node of a SolrCloud cluster answers for every collection (it forwards to the replicas that
hold the shards), so a request that cannot reach one node (refused, reset, timed out, or a 503
while the node shuts down) is sent to the next live node. The live nodes are read from the
cluster state (``CLUSTERSTATUS``) when all known nodes fail.
"""

from __future__ import annotations

import http.client
import json
import threading
import time
import urllib.parse
from collections.abc import Iterable
from typing import Any


class SolrError(RuntimeError):
    """Solr answered with an error (``status``: the HTTP status, 0 when no node answered)."""

    def __init__(self, message: str, status: int = 0):
        super().__init__(message)
        self.status = status


class SolrUnavailable(SolrError):
    """No node of the cluster could be reached."""


_RETRY_STATUS = {502, 503, 504}


class SolrClient:
    """Requests to a SolrCloud cluster (thread-safe: one connection per thread and node)."""

    def __init__(self, urls: Iterable[str], timeout: float = 60.0, attempts: int = 3):
        self.urls = [u.rstrip("/") for u in urls]
        if not self.urls:
            raise ValueError("no Solr URL given")
        self.timeout = timeout
        self.attempts = attempts
        self._local = threading.local()
        self._lock = threading.Lock()
        self._preferred = 0

    # -- connections -------------------------------------------------------------------

    def _conn(self, base: str) -> tuple[http.client.HTTPConnection, str]:
        conns = getattr(self._local, "conns", None)
        if conns is None:
            conns = self._local.conns = {}
        parsed = urllib.parse.urlsplit(base)
        conn = conns.get(base)
        if conn is None:
            cls = http.client.HTTPSConnection if parsed.scheme == "https" else http.client.HTTPConnection
            conn = conns[base] = cls(parsed.hostname, parsed.port, timeout=self.timeout)
        return conn, parsed.path

    def _drop(self, base: str) -> None:
        conn = getattr(self._local, "conns", {}).pop(base, None)
        if conn is not None:
            conn.close()

    def close(self) -> None:
        """Close this thread's connections."""
        for base in list(getattr(self._local, "conns", {})):
            self._drop(base)

    # -- requests ------------------------------------------------------------------------

    def request(self, path: str, params: dict[str, Any] | list[tuple[str, Any]] | None = None,
                body: Any = None, method: str | None = None, raw: bytes | None = None,
                content_type: str = "application/json", timeout: float | None = None) -> dict:
        """Send ``path`` (below a node's base URL, e.g. ``/muragat/select``) to a live node and
        return the decoded JSON answer. ``body`` is sent as JSON, ``raw`` as it is."""
        items = list(params.items()) if isinstance(params, dict) else list(params or [])
        items = [(k, _text(v)) for k, v in items if v is not None]
        if not any(k == "wt" for k, _ in items):
            items.append(("wt", "json"))
        query = urllib.parse.urlencode(items)
        data = raw if raw is not None else (
            json.dumps(body, ensure_ascii=False).encode("utf-8") if body is not None else None)
        # Long parameter lists (queries with many terms) go in a form body.
        if data is None and len(query) > 4000:
            data, query, content_type = query.encode("utf-8"), "", "application/x-www-form-urlencoded"
        verb = method or ("POST" if data is not None else "GET")
        errors: list[str] = []
        for attempt in range(self.attempts):
            order = self._order()
            for base in order:
                conn, prefix = self._conn(base)
                url = prefix + path + ("?" + query if query else "")
                headers = {"Content-Type": content_type} if data is not None else {}
                try:
                    if timeout is not None:
                        conn.timeout = timeout
                        if conn.sock is not None:
                            conn.sock.settimeout(timeout)
                    conn.request(verb, url, body=data, headers=headers)
                    resp = conn.getresponse()
                    payload = resp.read()
                except (TimeoutError, OSError, http.client.HTTPException) as exc:
                    self._drop(base)
                    errors.append(f"{base}: {type(exc).__name__}: {exc}")
                    continue
                finally:
                    if timeout is not None and conn.sock is not None:
                        conn.sock.settimeout(self.timeout)
                        conn.timeout = self.timeout
                if resp.status in _RETRY_STATUS:
                    errors.append(f"{base}: HTTP {resp.status}")
                    self._drop(base)
                    continue
                self._prefer(base)
                try:
                    answer = json.loads(payload.decode("utf-8")) if payload else {}
                except ValueError:
                    raise SolrError(f"{base}{path}: HTTP {resp.status}, not JSON: "
                                    f"{payload[:200]!r}", resp.status) from None
                if resp.status >= 400:
                    raise SolrError(f"{base}{path}: HTTP {resp.status}: {_message(answer)}",
                                    resp.status)
                return answer
            if attempt + 1 < self.attempts:
                self._discover()
                time.sleep(0.5 * (attempt + 1))
        raise SolrUnavailable("no Solr node answered: " + "; ".join(errors[-4:]))

    def _order(self) -> list[str]:
        with self._lock:
            i = self._preferred % len(self.urls)
            return self.urls[i:] + self.urls[:i]

    def _prefer(self, base: str) -> None:
        with self._lock:
            if base in self.urls:
                self._preferred = self.urls.index(base)

    def _discover(self) -> None:
        """Add the cluster's live nodes to the known URLs (asked of any node that answers)."""
        for base in list(self.urls):
            conn, prefix = self._conn(base)
            try:
                conn.request("GET", prefix + "/admin/collections?action=CLUSTERSTATUS&wt=json")
                resp = conn.getresponse()
                data = json.loads(resp.read().decode("utf-8"))
            except (OSError, http.client.HTTPException, ValueError):
                self._drop(base)
                continue
            live = data.get("cluster", {}).get("live_nodes", [])
            scheme = urllib.parse.urlsplit(base).scheme
            with self._lock:
                for node in live:
                    url = node_url(node, scheme)
                    if url not in self.urls:
                        self.urls.append(url)
            return

    def live_nodes(self) -> list[str]:
        """Base URLs of the cluster's live nodes."""
        data = self.request("/admin/collections", {"action": "CLUSTERSTATUS"})
        scheme = urllib.parse.urlsplit(self.urls[0]).scheme
        return [node_url(n, scheme) for n in data.get("cluster", {}).get("live_nodes", [])]


def node_url(node_name: str, scheme: str = "http") -> str:
    """``127.0.0.1:8983_solr`` -> ``http://127.0.0.1:8983/solr``."""
    host, _, context = node_name.partition("_")
    return f"{scheme}://{host}/{urllib.parse.unquote(context)}".rstrip("/")


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _message(answer: dict) -> str:
    err = answer.get("error") if isinstance(answer, dict) else None
    if isinstance(err, dict):
        return str(err.get("msg") or err)
    return str(answer)[:300]
