"""Letting go of mapped pages (``store.codec.release_mapped``) never changes what is read:
the pages come back from the file when read again, through the mapping or through arrays
that point into it."""

from __future__ import annotations

import mmap

import numpy as np
from muragat.store.codec import release_mapped


def test_released_pages_read_back_the_same(tmp_path):
    data = np.arange(3 * mmap.PAGESIZE, dtype=np.uint32)
    path = tmp_path / "column.bin"
    path.write_bytes(data.tobytes())
    with open(path, "rb") as f:
        m = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
    view = np.frombuffer(m, dtype=np.uint32)
    assert int(view.sum()) == int(data.sum())
    release_mapped(m, 5, len(m) - 7)  # unaligned: widened to whole pages inside the file
    release_mapped(m)
    assert np.array_equal(view, data) and bytes(m[:8]) == data[:2].tobytes()
    del view
    m.close()
    release_mapped(m)  # a closed mapping is left alone


def test_a_numpy_memmap_and_other_buffers(tmp_path):
    path = tmp_path / "stored.bin"
    payload = bytes(range(256)) * 64
    path.write_bytes(payload)
    mm = np.memmap(path, dtype=np.uint8, mode="r")
    assert mm[:16].tobytes() == payload[:16]
    release_mapped(mm, 100, 9000)
    assert mm.tobytes() == payload
    release_mapped(b"not a mapping")
    release_mapped(np.zeros(4, dtype=np.uint8))
