"""The W3 block decoder (segments written by Whoosh, or by Muragat before its own codec)."""

from __future__ import annotations

import pickle

import pytest
from muragat.store.format import decode_block_head, head_bytes


@pytest.mark.parametrize("n", [1, 2, 3, 4, 9, 128])
@pytest.mark.parametrize("protocol", [2, 4])
@pytest.mark.parametrize("weights", ["none", "one", "varied"])
@pytest.mark.parametrize("gap", [1, 300, 70_000])
def test_decoder_on_every_shape(n, protocol, weights, gap):
    ids = tuple(gap * (k + 1) if k % 2 else k + 1 for k in range(n))
    w = {"none": None, "one": 2.0, "varied": tuple(float(k % 3 + 1) for k in range(n))}[weights]
    raw = pickle.dumps((ids, w, tuple(b"\x01\x02" for _ in range(n))), protocol)
    decoded = decode_block_head(raw[: head_bytes(n)], n)
    assert decoded is not None
    assert decoded[0].tolist() == list(ids)
    expected = [1.0] * n if w is None else [w] * n if isinstance(w, float) else list(w)
    assert decoded[1].tolist() == expected


def test_decoder_refuses_what_it_does_not_know():
    assert decode_block_head(b"", 3) is None
    assert decode_block_head(pickle.dumps(([1, 2], None, ()), 4), 2) is None  # a list, not a tuple
    assert decode_block_head(pickle.dumps(((1, 2), None, ()), 4), 3) is None  # wrong count
