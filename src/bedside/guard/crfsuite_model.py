"""Read a CRFsuite model file (crf1d, as python-crfsuite writes it): its
labels, attributes and exact feature weights.

python-crfsuite's Tagger.info() parses a text dump that rounds every weight
to six decimals; the guard computes state scores itself (state_scores.py) and
needs the doubles the tagger uses, which only the file holds.

The layout, from CRFsuite's crf1d_model.c and cqdb.c (little-endian):
- a header: b"lCRF", size, b"FOMC", version, then the number of features,
  labels and attributes and the offsets of the feature chunk, the label and
  attribute string tables and their reference chunks (uint32 each);
- b"FEAT", chunk size, count, then per feature: type (0 state, 1 transition),
  source (attribute or label id), destination (label id), weight (double);
- each string table is a CQDB chunk: b"CQDB", size, flag, byte order, the
  number of ids and the offset of an id -> record table; a record is id, key
  size and the NUL-terminated key.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from pathlib import Path

import numpy as np


class ModelFormatError(ValueError):
    """The file is not a CRFsuite crf1d model this reader understands."""


@dataclass(frozen=True)
class CRFModel:
    labels: list[str]
    attributes: list[str]
    state: np.ndarray  # [attribute id, label id] -> weight (0 where the model has none)
    transitions: np.ndarray  # [label id, label id] -> weight


_FEATURES = np.dtype([("type", "<u4"), ("src", "<u4"), ("dst", "<u4"), ("weight", "<f8")])


_HEADER = struct.Struct("<4sI4s9I")
_CQDB = struct.Struct("<4s5I")


def _strings(buf: bytes, base: int, what: str) -> list[str]:
    magic, _size, _flag, _order, count, table = _CQDB.unpack_from(buf, base)
    if magic != b"CQDB":
        raise ModelFormatError(f"the {what} table at byte {base} is not a CQDB chunk")
    # The table of offsets and each record's (id, size) header read with
    # numpy, not one struct call each: this was a fifth of `bedside scan`'s
    # start-up. Records need not be aligned, so the headers are put together
    # from their bytes.
    offsets = np.frombuffer(buf, dtype="<u4", count=count, offset=base + table).astype(np.int64) + base
    raw = np.frombuffer(buf, dtype=np.uint8)
    if count and int(offsets.max()) + 8 > len(raw):
        raise ModelFormatError(f"{what}: a record lies past the end of the model")

    def u32(at: np.ndarray) -> np.ndarray:
        out: np.ndarray = (raw[at].astype(np.int64) | raw[at + 1].astype(np.int64) << 8 | raw[at + 2].astype(np.int64) << 16
                               | raw[at + 3].astype(np.int64) << 24)
        return out

    rids, sizes = u32(offsets), u32(offsets + 4)
    bad = np.flatnonzero((rids != np.arange(count)) | (sizes < 1))
    if bad.size:
        i = int(bad[0])
        raise ModelFormatError(f"{what} {i}: its record says id {int(rids[i])}, size {int(sizes[i])}")
    starts = offsets + 8
    return [buf[a:b].decode("utf-8") for a, b in zip(starts.tolist(), (starts + sizes - 1).tolist(), strict=True)]


def read_model(path: str | Path) -> CRFModel:
    buf = Path(path).read_bytes()
    if len(buf) < _HEADER.size:
        raise ModelFormatError(f"{path}: too short for a CRFsuite model ({len(buf)} bytes)")
    magic, _size, kind, _version, _nf, n_labels, n_attrs, off_feat, off_labels, off_attrs, _lr, _ar = (
        _HEADER.unpack_from(buf, 0)
    )
    if magic != b"lCRF" or kind != b"FOMC":
        raise ModelFormatError(f"{path}: not a CRFsuite crf1d model (starts {magic!r}, type {kind!r})")
    labels = _strings(buf, off_labels, "label")
    attributes = _strings(buf, off_attrs, "attribute")
    if len(labels) != n_labels or len(attributes) != n_attrs:
        raise ModelFormatError(f"{path}: the header counts {n_labels} labels and {n_attrs} attributes, "
                               f"the tables hold {len(labels)} and {len(attributes)}")
    chunk, size, count = struct.unpack_from("<4s2I", buf, off_feat)
    if chunk != b"FEAT" or size != 12 + _FEATURES.itemsize * count:
        raise ModelFormatError(f"{path}: no feature chunk at byte {off_feat}")
    feats = np.frombuffer(buf, dtype=_FEATURES, count=count, offset=off_feat + 12)
    is_state, is_transition = feats["type"] == 0, feats["type"] == 1
    sources = np.where(is_state, n_attrs, np.where(is_transition, n_labels, 0))
    if not (is_state | is_transition).all() or (feats["src"] >= sources).any() or (feats["dst"] >= n_labels).any():
        raise ModelFormatError(f"{path}: a feature's type, source or label is out of range")
    state = np.zeros((n_attrs, n_labels))
    transitions = np.zeros((n_labels, n_labels))
    state[feats["src"][is_state], feats["dst"][is_state]] = feats["weight"][is_state]
    transitions[feats["src"][is_transition], feats["dst"][is_transition]] = feats["weight"][is_transition]
    return CRFModel(labels, attributes, state, transitions)
