"""Equivalence as a test (issue 13, item 2): an updated index answers as a rebuilt one.

A hypothesis state machine changes an archive at random — adds, modifies, deletes and
renames files of every format the indexer reads (.txt, .md with and without front
matter, .html, .json, .jsonl, .jsonl.gz, .docx, .pdf); JSON Lines records with and
without id, date and year; Kazakh, Russian, English and mixed documents; whole folders
of undated documents — and runs ``muragat index`` between the changes: ``jobs`` 1 or 2,
now and then ``--rebuild``, now and then killed with SIGKILL mid-run (the whole process
group) and run again. The index lives outside the archive or inside it (under a name
that does not say "index").

After every run, the index is verified against its checksums (full hashes), and a
battery of queries (``equivalence.py``: words in each language, prefixes, a misspelling,
phrases, an empty query with every filter, every sort, deep pages) must get the same
answers — hits, order, scores, totals, facets — from it as from a fresh build of the
same archive.

Bounded in CI (a few sequences, under two minutes); ``MURAGAT_PROPERTY_FULL=1`` runs
many more and longer ones. The counts of sequences, index runs and kills that passed
are printed (``-s``) and written to ``$MURAGAT_PROPERTY_REPORT`` when set.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import tempfile
import time
from pathlib import Path

import pytest
import reliability_archive_model as am
import reliability_equivalence as eq
import reliability_support as rs
from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, precondition, rule

FULL = os.environ.get("MURAGAT_PROPERTY_FULL") == "1"
SEQUENCES = 40 if FULL else 4
STEPS = 25 if FULL else 8
pytestmark = pytest.mark.slow

TOTALS = {"sequences": 0, "steps": 0, "index_runs": 0, "kills": 0, "rebuilds": 0,
          "queries": 0, "seconds": 0.0}


class IndexEquivalence(RuleBasedStateMachine):
    """An archive, its incrementally updated index and the runs between changes."""

    def __init__(self) -> None:
        super().__init__()
        self.tmp = Path(tempfile.mkdtemp(prefix="muragat-equiv-"))
        self.model = am.ArchiveModel(self.tmp / "archive")
        self.index = self.tmp / "updated"
        self.started = time.monotonic()
        self.steps = 0
        TOTALS["sequences"] += 1

    @initialize(inside=st.booleans(), seed=st.integers(0, 2**32 - 1))
    def start(self, inside: bool, seed: int) -> None:
        rng = random.Random(seed)
        if inside:  # the index inside the archive, named like archive content
            self.index = self.model.root / "north" / "data-store"
        for kind in am.KINDS:  # every format from the start
            self.model.add(self.model.free_name(rng, rng.choice(am.FOLDERS), kind),
                           am.new_file(rng, kind, self.model, dated=rng.random() < 0.7))
        self._index(jobs=2)

    # Changes

    @rule(kind=st.sampled_from(am.KINDS), folder=st.sampled_from(am.FOLDERS),
          dated=st.booleans(), seed=st.integers(0, 2**32 - 1), then_index=st.booleans())
    def add_file(self, kind, folder, dated, seed, then_index) -> None:
        rng = random.Random(seed)
        self.model.add(self.model.free_name(rng, folder, kind),
                       am.new_file(rng, kind, self.model, dated))
        self._maybe_index(then_index, seed)

    @rule(n=st.integers(1, 4), seed=st.integers(0, 2**32 - 1))
    def add_undated_folder(self, n, seed) -> None:
        rng = random.Random(seed)
        folder = f"undated-{rng.randint(0, 999)}"
        for _ in range(n):
            kind = rng.choice([".txt", ".md", ".html", ".jsonl"])
            self.model.add(self.model.free_name(rng, folder, kind),
                           am.new_file(rng, kind, self.model, dated=False))
        self._maybe_index(True, seed)

    @precondition(lambda self: self.model.files)
    @rule(seed=st.integers(0, 2**32 - 1), then_index=st.booleans())
    def modify_file(self, seed, then_index) -> None:
        rng = random.Random(seed)
        rel = rng.choice(sorted(self.model.files))
        am.modify(rng, self.model.files[rel], self.model)
        self.model.write(rel)
        self._maybe_index(then_index, seed)

    @precondition(lambda self: len(self.model.files) > 1)
    @rule(seed=st.integers(0, 2**32 - 1), then_index=st.booleans())
    def delete_file(self, seed, then_index) -> None:
        rng = random.Random(seed)
        self.model.delete(rng.choice(sorted(self.model.files)))
        self._maybe_index(then_index, seed)

    @precondition(lambda self: self.model.files)
    @rule(seed=st.integers(0, 2**32 - 1), folder=st.sampled_from(am.FOLDERS),
          then_index=st.booleans())
    def rename_file(self, seed, folder, then_index) -> None:
        rng = random.Random(seed)
        rel = rng.choice(sorted(self.model.files))
        self.model.rename(rel, self.model.free_name(rng, folder, self.model.files[rel].kind))
        self._maybe_index(then_index, seed)

    # Runs

    @rule(jobs=st.sampled_from([1, 2]), rebuild=st.sampled_from([False, False, True]))
    def run_index(self, jobs, rebuild) -> None:
        self._index(jobs=jobs, rebuild=rebuild)

    @rule(fraction=st.floats(0.05, 1.0), jobs=st.sampled_from([1, 2]), twice=st.booleans())
    def killed_run(self, fraction, jobs, twice) -> None:
        """SIGKILL ``muragat index`` (its process group) mid-run, maybe twice, then run again."""
        for _ in range(2 if twice else 1):
            result = rs.run_muragat(["index", str(self.model.root), "--index", str(self.index),
                                     "--jobs", str(jobs), "--quiet"],
                                    timeout_s=300, kill_after_s=0.3 + fraction * 3.0)
            if result.returncode is None:
                TOTALS["kills"] += 1
            else:
                assert result.returncode == 0, result.output[-3000:]
        self._index(jobs=jobs)

    def _maybe_index(self, then_index: bool, seed: int) -> None:
        if then_index:
            self._index(jobs=1 + seed % 2, rebuild=seed % 11 == 0)

    def _index(self, jobs: int, rebuild: bool = False) -> None:
        from muragat.indexer import index_paths
        from muragat.search.engine import SearchEngine
        from muragat.store.integrity import verify

        report = index_paths([self.model.root], self.index, jobs=jobs, rebuild=rebuild,
                             progress=False)
        assert not report.failed, report.failed
        TOTALS["index_runs"] += 1
        TOTALS["rebuilds"] += rebuild
        verdict, _ = verify(self.index, full=True)
        assert verdict.recorded and verdict.ok, verdict.describe()
        fresh = self.tmp / "fresh"
        shutil.rmtree(fresh, ignore_errors=True)
        assert not index_paths([self.model.root], fresh, jobs=1, progress=False).failed
        updated, rebuilt = SearchEngine(self.index), SearchEngine(fresh)
        try:
            assert updated.serving and updated.problem is None, updated.problem
            diffs = eq.differences(updated, rebuilt)
            TOTALS["queries"] += eq.LAST_COUNT[0]
        finally:
            updated.close()
            rebuilt.close()
        assert not diffs, (f"after {self.steps} steps ({self.model.describe()}):\n"
                           + "\n".join(diffs))
        self.steps += 1
        TOTALS["steps"] += 1

    def teardown(self) -> None:
        TOTALS["seconds"] += time.monotonic() - self.started
        shutil.rmtree(self.tmp, ignore_errors=True)


IndexEquivalence.TestCase.settings = settings(
    max_examples=SEQUENCES,
    stateful_step_count=STEPS,
    deadline=None,
    database=None,
    derandomize=not FULL,  # CI replays the same sequences; the full run explores
    phases=[Phase.explicit, Phase.generate],  # no shrinking: kills are not replayable
    suppress_health_check=list(HealthCheck),
    print_blob=True,
)


class TestIndexEquivalence(IndexEquivalence.TestCase):
    """The state machine as a pytest test."""

    @classmethod
    def teardown_class(cls) -> None:
        summary = (f"property test: {TOTALS['sequences']} sequences, {TOTALS['steps']} compared "
                   f"steps ({TOTALS['index_runs']} index runs, {TOTALS['rebuilds']} rebuilds, "
                   f"{TOTALS['kills']} SIGKILLs landed), {TOTALS['queries']} queries per side, "
                   f"{TOTALS['seconds']:.0f} s")
        print("\n" + summary)
        out = os.environ.get("MURAGAT_PROPERTY_REPORT")
        if out:
            Path(out).write_text(json.dumps(TOTALS, indent=2), encoding="utf-8")
