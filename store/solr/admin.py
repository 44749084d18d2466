"""Cluster administration: the configset, collections, waiting for their replicas."""

from __future__ import annotations

import io
import time
import zipfile
from pathlib import Path

from muragat.store.solr.client import SolrClient, SolrError

import muragat

CONFIGSET = "muragat"


def repository_root() -> Path:
    """The source checkout Muragat runs from (deploy/ lives there, not in the package)."""
    return Path(muragat.__file__).resolve().parent.parent


def configset_dir() -> Path:
    """deploy/solr/conf of the checkout (``FileNotFoundError`` without one)."""
    conf = repository_root() / "deploy" / "solr" / "conf"
    if not (conf / "schema.xml").is_file():
        raise FileNotFoundError(
            f"no Solr configset at {conf}: upload deploy/solr/conf of Muragat's source to your "
            "cluster as configset 'muragat' (docs/SCALE.md)")
    return conf


def configset_zip(conf: Path | None = None) -> bytes:
    """The configset folder as a zip archive (what the Configsets API takes)."""
    conf = conf or configset_dir()
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for p in sorted(conf.rglob("*")):
            if p.is_file():
                z.write(p, p.relative_to(conf).as_posix())
    return buf.getvalue()


def configsets(client: SolrClient) -> list[str]:
    """Names of the configsets in the cluster."""
    return list(client.request("/admin/configs", {"action": "LIST"}).get("configSets", []))


def upload_configset(client: SolrClient, name: str = CONFIGSET, overwrite: bool = True) -> None:
    """Upload deploy/solr/conf as configset ``name``."""
    client.request("/admin/configs", {"action": "UPLOAD", "name": name, "overwrite": overwrite,
                                      "cleanup": True},
                   raw=configset_zip(), content_type="application/octet-stream")


def collections(client: SolrClient) -> list[str]:
    """Names of the cluster's collections."""
    return list(client.request("/admin/collections", {"action": "LIST"}).get("collections", []))


def ensure_collection(client: SolrClient, name: str, shards: int = 1, replicas: int = 1,
                      config: str = CONFIGSET, timeout: float = 120.0) -> bool:
    """Create collection ``name`` (uploading the configset first when the cluster lacks it);
    True when it was created now. Waits until every replica is active."""
    if name in collections(client):
        wait_active(client, name, timeout)
        return False
    if config not in configsets(client):
        upload_configset(client, config)
    try:
        client.request("/admin/collections", {
            "action": "CREATE", "name": name, "numShards": shards, "replicationFactor": replicas,
            "collection.configName": config, "waitForFinalState": "true"}, timeout=timeout)
    except SolrError as exc:
        if name not in collections(client):
            raise
        del exc  # created by a concurrent call
    wait_active(client, name, timeout)
    return True


def delete_collection(client: SolrClient, name: str) -> None:
    """Delete collection ``name`` if it exists."""
    if name in collections(client):
        client.request("/admin/collections", {"action": "DELETE", "name": name})


def replica_states(client: SolrClient, name: str) -> list[tuple[str, str, str, bool]]:
    """``(shard, node, state, live)`` of every replica of collection ``name``."""
    data = client.request("/admin/collections", {"action": "CLUSTERSTATUS", "collection": name})
    cluster = data.get("cluster", {})
    live = set(cluster.get("live_nodes", []))
    coll = cluster.get("collections", {}).get(name, {})
    out = []
    for shard, sdata in coll.get("shards", {}).items():
        for rep in sdata.get("replicas", {}).values():
            node = rep.get("node_name", "")
            out.append((shard, node, rep.get("state", ""), node in live))
    return out


def wait_active(client: SolrClient, name: str, timeout: float = 120.0,
                need_all: bool = True) -> None:
    """Wait until every replica (``need_all``) or at least one per shard is active on a live
    node; ``TimeoutError`` past ``timeout``."""
    deadline = time.monotonic() + timeout
    states: list[tuple[str, str, str, bool]] = []
    while time.monotonic() < deadline:
        states = replica_states(client, name)
        active = [s for s in states if s[2] == "active" and s[3]]
        shards = {s[0] for s in states}
        if states and (len(active) == len(states) if need_all
                       else {s[0] for s in active} == shards):
            return
        time.sleep(0.5)
    raise TimeoutError(f"collection {name}: replicas not active after {timeout:g} s: {states}")
