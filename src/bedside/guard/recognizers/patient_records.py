"""A name, MRN, or name and date of birth in an outbound text that matches a
patient of the hospital's own patient index (Context.patient_index; see
guard/patient_index.py). Only candidate spans are asked about: the names the
guard found, id-like tokens and dates, so one lookup of a handful of keys a
text, however large the index."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bedside.guard.context import Context
from bedside.guard.patient_index import mrn_key, name_dob_key, name_key
from bedside.guard.recognizers.base import Doc, Recognizer
from bedside.guard.result import Finding

# A token with at least four digits, maybe led by a few letters ("MR-0012345").
ID_LIKE_RE = re.compile(r"(?<![\w-])(?=[A-Za-z-]{0,4}\d)[A-Za-z]{0,3}-?\d[\d-]{2,18}[A-Za-z]{0,2}(?![\w-])")
WHY = "Matches a patient record in the hospital's patient index: certain PHI."
_LABEL = {"name": "PERSON", "mrn": "ID", "dob": "PERSON"}


@dataclass
class PatientRecordRecognizer(Recognizer):
    label: str = "PERSON"
    name: str = "patient_index"

    def applies_to(self, context: Context) -> bool:
        return context.outbound and context.patient_index is not None

    def analyze(self, doc: Doc) -> list[Finding]:
        lookup = doc.context.patient_index
        if lookup is None:
            return []
        spans: dict[str, list[tuple[int, int]]] = {}

        def add(key: str | None, start: int, end: int) -> None:
            if key is not None:
                spans.setdefault(key, []).append((start, end))

        names = [f for f in doc.identifiers if f.label == "PERSON"]
        dates = [f for f in doc.identifiers if f.label == "DATE"]
        for n in names:
            add(name_key(n.text), n.start, n.end)
            for d in dates:
                add(name_dob_key(n.text, d.text), min(n.start, d.start), max(n.end, d.end))
        if doc.has_digit:
            for m in ID_LIKE_RE.finditer(doc.text):
                add(mrn_key(m.group()), m.start(), m.end())
        if not spans:
            return []
        found = lookup.matches(list(spans))
        out = []
        for key in sorted(found):
            kind = key.split(":", 1)[0]
            for start, end in spans[key]:
                out.append(Finding(_LABEL[kind], start, end, doc.text[start:end], 1.0, f"patient_index:{kind}",
                                   WHY))
        return out
