"""The development SolrCloud of ``muragat solr start``: ZooKeeper and N Solr nodes, each a JVM.

The Java side is deploy/solr-launcher (built with Maven on first use; solr-core and
solr-test-framework 9.10.1 from Maven Central). A node runs Solr's own Jetty runner
(``JettySolrRunner``: the servlet and core container of a production node) against a
standalone ZooKeeper. Each role is its own process, so one node can be stopped, or killed with
SIGKILL, while the others go on. A cluster folder holds::

    cluster.json            ports and heap of the cluster
    zk/  zk.pid  zk.log     ZooKeeper's data, pid and log
    nodeN/  nodeN.pid  nodeN.log   Solr home (cores, indexes, transaction logs) of node N

``start`` on an existing folder starts whatever is not running (a stopped node rejoins with
its cores); ``stop`` stops every node and ZooKeeper, or only node N.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import time
import urllib.request
from dataclasses import asdict, dataclass
from pathlib import Path

from muragat.store.solr.admin import CONFIGSET, configsets, repository_root, upload_configset
from muragat.store.solr.client import SolrClient

MAIN_CLASS = "org.muragat.solr.Launcher"
DEFAULT_PORT = 8983
DEFAULT_HEAP = "512m"


class ClusterError(RuntimeError):
    """The cluster could not be started or stopped (the message says why)."""


@dataclass
class ClusterInfo:
    """Ports of a development cluster (saved as cluster.json)."""

    port: int  # node 1; node N listens on port + N - 1
    nodes: int
    zk_port: int
    heap: str = DEFAULT_HEAP

    def node_port(self, n: int) -> int:
        return self.port + n - 1

    def node_url(self, n: int) -> str:
        return f"http://127.0.0.1:{self.node_port(n)}/solr"

    @property
    def urls(self) -> list[str]:
        return [self.node_url(n) for n in range(1, self.nodes + 1)]


# -- the Java launcher -----------------------------------------------------------------------

def launcher_dir() -> Path:
    """deploy/solr-launcher of the checkout (or ``$MURAGAT_SOLR_LAUNCHER``)."""
    env = os.environ.get("MURAGAT_SOLR_LAUNCHER")
    path = Path(env) if env else repository_root() / "deploy" / "solr-launcher"
    if not (path / "pom.xml").is_file():
        raise ClusterError(f"no Solr launcher at {path} (it is part of Muragat's source checkout)")
    return path


def java_missing() -> str | None:
    """Why the development cluster cannot run here (no java or mvn on PATH), else None."""
    for tool in ("java", "mvn"):
        if shutil.which(tool) is None:
            return f"{tool} is not installed (the Solr cluster needs Java 17 and Maven 3.8)"
    return None


def build_launcher(quiet: bool = True) -> Path:
    """Build the launcher with Maven unless it is built and newer than its sources; returns
    target/classpath.txt."""
    root = launcher_dir()
    target = root / "target"
    cp = target / "classpath.txt"
    jar = target / "classes" / "org" / "muragat" / "solr" / "Launcher.class"
    sources = [root / "pom.xml", *root.joinpath("src").rglob("*")]
    if cp.is_file() and jar.is_file():
        built = min(cp.stat().st_mtime, jar.stat().st_mtime)
        if all(s.stat().st_mtime <= built for s in sources if s.is_file()):
            return cp
    why = java_missing()
    if why:
        raise ClusterError(why)
    cmd = ["mvn", "-B", "-q", "package", "-DskipTests"]
    proc = subprocess.run(cmd, cwd=root, capture_output=True, text=True, timeout=1800)
    if proc.returncode != 0 or not cp.is_file():
        tail = (proc.stdout + proc.stderr).strip().splitlines()[-15:]
        raise ClusterError("building the Solr launcher failed (mvn package in "
                           f"{root}):\n" + "\n".join(tail))
    return cp


def _java_cmd(info: ClusterInfo, role: list[str], log_dir: Path) -> list[str]:
    root = launcher_dir()
    classpath = str(root / "target" / "classes") + os.pathsep + \
        (root / "target" / "classpath.txt").read_text(encoding="utf-8").strip()
    return ["java", f"-Xmx{info.heap}", "-Xss1m", "-XX:+UseG1GC",
            "-Djava.net.preferIPv4Stack=true", "-Dhost=127.0.0.1",
            f"-Dsolr.log.dir={log_dir}",
            f"-Dlog4j2.configurationFile={root / 'target' / 'classes' / 'log4j2.xml'}",
            "-Dsolr.max.booleanClauses=8192", "-Dsolr.disable.allowUrls=true",
            "-cp", classpath, MAIN_CLASS, *role]


# -- processes -------------------------------------------------------------------------------

def _pid(path: Path) -> int | None:
    try:
        pid = int(path.read_text().strip())
    except (OSError, ValueError):
        return None
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            cmdline = f.read()
    except OSError:
        return None
    return pid if MAIN_CLASS.encode() in cmdline else None  # never another program's pid


def _pidfile_value(path: Path) -> int:
    try:
        return int(path.read_text().strip())
    except (OSError, ValueError):
        return -1


def _spawn(cmd: list[str], log: Path, pidfile: Path) -> int:
    with open(log, "ab") as out:
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                start_new_session=True, close_fds=True)
    pidfile.write_text(str(proc.pid))
    return proc.pid


def _port_open(port: int) -> bool:
    with socket.socket() as s:
        s.settimeout(0.5)
        return s.connect_ex(("127.0.0.1", port)) == 0


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _node_up(url: str) -> bool:
    try:
        with urllib.request.urlopen(url + "/admin/info/system?wt=json", timeout=5) as r:
            return r.status == 200
    except OSError:
        return False


def load_info(cluster_dir: Path) -> ClusterInfo | None:
    """The saved ports of the cluster in ``cluster_dir`` (None when there is none)."""
    try:
        return ClusterInfo(**json.loads((cluster_dir / "cluster.json").read_text()))
    except (OSError, ValueError, TypeError):
        return None


def running_nodes(cluster_dir: Path) -> list[int]:
    """Numbers of the nodes whose process is alive."""
    info = load_info(Path(cluster_dir))
    if info is None:
        return []
    return [n for n in range(1, info.nodes + 1) if _pid(Path(cluster_dir) / f"node{n}.pid")]


def start(cluster_dir: str | Path, nodes: int = 2, port: int = DEFAULT_PORT,
          heap: str = DEFAULT_HEAP, timeout: float = 180.0) -> ClusterInfo:
    """Start ZooKeeper and every node of the cluster in ``cluster_dir`` that is not running
    (a new folder: ``nodes`` nodes on ``port``, ``port + 1``, ...); upload the configset.
    Returns when every node is up."""
    cluster_dir = Path(cluster_dir).resolve()
    cluster_dir.mkdir(parents=True, exist_ok=True)
    info = load_info(cluster_dir)
    if info is None:
        for n in range(nodes):
            if _port_open(port + n):
                raise ClusterError(f"port {port + n} is in use (choose another with --port)")
        info = ClusterInfo(port=port, nodes=nodes, zk_port=_free_port(), heap=heap)
        (cluster_dir / "cluster.json").write_text(json.dumps(asdict(info)))
    build_launcher()
    if not _pid(cluster_dir / "zk.pid"):
        if _port_open(info.zk_port):
            raise ClusterError(f"ZooKeeper's port {info.zk_port} is in use by another program")
        _spawn(_java_cmd(info, ["zk", str(info.zk_port), str(cluster_dir / "zk")], cluster_dir),
               cluster_dir / "zk.log", cluster_dir / "zk.pid")
        _wait(lambda: _port_open(info.zk_port), timeout, "ZooKeeper", cluster_dir / "zk.log",
              cluster_dir / "zk.pid")
    zk_host = f"127.0.0.1:{info.zk_port}"
    started = []
    for n in range(1, info.nodes + 1):
        if _pid(cluster_dir / f"node{n}.pid"):
            continue
        if _port_open(info.node_port(n)):
            raise ClusterError(f"port {info.node_port(n)} of node {n} is in use by another program")
        home = cluster_dir / f"node{n}"
        _spawn(_java_cmd(info, ["node", str(info.node_port(n)), str(home), zk_host], cluster_dir),
               cluster_dir / f"node{n}.log", cluster_dir / f"node{n}.pid")
        started.append(n)
    for n in started:
        _wait(lambda n=n: _node_up(info.node_url(n)), timeout, f"Solr node {n}",
              cluster_dir / f"node{n}.log", cluster_dir / f"node{n}.pid")
    client = SolrClient(info.urls, timeout=30)
    if CONFIGSET not in configsets(client):
        upload_configset(client, CONFIGSET)
    return info


def _wait(check, timeout: float, what: str, log: Path, pidfile: Path | None = None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        if pidfile is not None and not _alive(_pidfile_value(pidfile)):
            break
        time.sleep(0.5)
    tail = ""
    try:
        tail = "\n".join(log.read_text(errors="replace").splitlines()[-20:])
    except OSError:
        pass
    raise ClusterError(f"{what} did not start (log {log}):\n{tail}")


def stop(cluster_dir: str | Path, node: int | None = None, kill: bool = False,
         timeout: float = 60.0) -> list[str]:
    """Stop node ``node``, or every node and then ZooKeeper; ``kill``: SIGKILL at once (a crash).
    Returns what was stopped."""
    cluster_dir = Path(cluster_dir).resolve()
    info = load_info(cluster_dir)
    if info is None:
        raise ClusterError(f"no development cluster in {cluster_dir}")
    if node is not None and not 1 <= node <= info.nodes:
        raise ClusterError(f"the cluster has nodes 1..{info.nodes}, not {node}")
    names = [f"node{node}"] if node is not None else \
        [f"node{n}" for n in range(1, info.nodes + 1)] + ["zk"]
    stopped = []
    procs = [(name, _pid(cluster_dir / f"{name}.pid")) for name in names]
    for _name, pid in procs:
        if pid:
            os.kill(pid, signal.SIGKILL if kill else signal.SIGTERM)
    for name, pid in procs:
        if not pid:
            continue
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and _alive(pid):
            time.sleep(0.2)
        if _alive(pid):
            os.kill(pid, signal.SIGKILL)
            while _alive(pid):
                time.sleep(0.1)
        (cluster_dir / f"{name}.pid").unlink(missing_ok=True)
        stopped.append(name)
    return stopped


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().split(")")[-1].split()[0] != "Z"
    except OSError:
        return False


def pids(cluster_dir: str | Path) -> dict[str, int]:
    """Live processes of the cluster by role (``zk``, ``node1``, ...)."""
    cluster_dir = Path(cluster_dir)
    out = {}
    for p in sorted(cluster_dir.glob("*.pid")):
        pid = _pid(p)
        if pid:
            out[p.stem] = pid
    return out
