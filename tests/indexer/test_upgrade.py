"""An index written by an older Muragat (another ``SCHEMA_VERSION``) is rebuilt, not reused:
its documents lack what the current schema holds (e.g. the ``idkey`` tie-break column)."""

from __future__ import annotations

import json

from indexer_test_helpers import write
from muragat.indexer import index_paths
from muragat.store import SCHEMA_VERSION


def test_an_older_schema_version_is_rebuilt(tmp_path):
    archive = tmp_path / "archive"
    write(archive, "lib/kk.txt", "Кітапхана жаңалықтары\n\nЖаңа оқу залы ашылды.")
    write(archive, "lib/en.txt", "Library news\n\nA new reading room opened.")
    index = tmp_path / "index"
    assert index_paths([archive], index, jobs=1, progress=False).added == 2
    manifest = next(index.glob("muragat-manifest-*.json"))
    data = json.loads(manifest.read_text(encoding="utf-8"))
    data["schema_version"] = SCHEMA_VERSION - 1
    manifest.write_text(json.dumps(data), encoding="utf-8")
    for record in index.glob("muragat-checksums-*.json"):  # an older Muragat recorded none
        record.unlink()
    report = index_paths([archive], index, jobs=1, progress=False, check=False)
    assert any("older Muragat" in n for n in report.notes), report.notes
    assert report.added == 2 and report.committed
    again = index_paths([archive], index, jobs=1, progress=False)
    assert not again.changed and not any("older" in n for n in again.notes)
