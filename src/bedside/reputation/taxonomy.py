"""NUCC Health Care Provider Taxonomy codes: their form, and the names of the
specialties a health system's physicians most often hold.

The code set (https://taxonomy.nucc.org, public) has some 870 codes; a code of
the right form that is not named below is kept and shown as its code. The
words are what review sites print for the specialty ("Cardiology",
"Cardiologist"), so a listing's specialty can be checked against the roster.
"""

from __future__ import annotations

import re

CODE = re.compile(r"[0-9]{3}[0-9A-Z]{6}X")

#: code -> (name, words a review site may use for it, lower case)
NAMES: dict[str, tuple[str, tuple[str, ...]]] = {
    "207Q00000X": ("Family Medicine", ("family",)),
    "208D00000X": ("General Practice", ("general practice", "primary care")),
    "207R00000X": ("Internal Medicine", ("internal medicine", "internist", "primary care")),
    "207RC0000X": ("Cardiovascular Disease", ("cardio", "cardiology", "cardiologist", "heart")),
    "207RI0011X": ("Interventional Cardiology", ("cardio", "cardiology", "cardiologist", "interventional")),
    "207RC0001X": ("Clinical Cardiac Electrophysiology", ("cardio", "electrophysiology", "cardiologist")),
    "207RG0100X": ("Gastroenterology", ("gastro",)),
    "207RE0101X": ("Endocrinology, Diabetes & Metabolism", ("endocrin", "diabetes")),
    "207RH0003X": ("Hematology & Oncology", ("oncolog", "hematolog", "cancer")),
    "207RX0202X": ("Medical Oncology", ("oncolog", "cancer")),
    "207RN0300X": ("Nephrology", ("nephrolog", "kidney")),
    "207RP1001X": ("Pulmonary Disease", ("pulmon", "lung")),
    "207RR0500X": ("Rheumatology", ("rheumatolog",)),
    "207RI0200X": ("Infectious Disease", ("infectious",)),
    "208000000X": ("Pediatrics", ("pediatric", "paediatric")),
    "207V00000X": ("Obstetrics & Gynecology", ("obstetric", "gynecolog", "ob/gyn", "obgyn")),
    "207X00000X": ("Orthopaedic Surgery", ("orthop",)),
    "208600000X": ("Surgery", ("surgery", "surgeon")),
    "2086S0129X": ("Vascular Surgery", ("vascular",)),
    "208G00000X": ("Thoracic Surgery", ("thoracic", "cardiothoracic")),
    "207T00000X": ("Neurological Surgery", ("neurosurg", "neurological surg")),
    "2084N0400X": ("Neurology", ("neurolog",)),
    "2084P0800X": ("Psychiatry", ("psychiatr",)),
    "207N00000X": ("Dermatology", ("dermatolog", "skin")),
    "207W00000X": ("Ophthalmology", ("ophthalmolog", "eye")),
    "207Y00000X": ("Otolaryngology", ("otolaryngolog", "ear, nose")),
    "208800000X": ("Urology", ("urolog",)),
    "207P00000X": ("Emergency Medicine", ("emergency",)),
    "207L00000X": ("Anesthesiology", ("anesthesi", "anaesthesi")),
    "2085R0202X": ("Diagnostic Radiology", ("radiolog",)),
    "207ZP0102X": ("Anatomic & Clinical Pathology", ("patholog",)),
    "363LF0000X": ("Nurse Practitioner, Family", ("nurse practitioner", "family")),
    "363A00000X": ("Physician Assistant", ("physician assistant",)),
}


def is_code(code: str) -> bool:
    return bool(CODE.fullmatch(code))


def name(code: str) -> str:
    return NAMES.get(code, (code, ()))[0]


def words(code: str) -> tuple[str, ...]:
    entry = NAMES.get(code)
    if entry is None:
        return ()
    return (entry[0].lower(), *entry[1])


def matches(codes: list[str], text: str) -> bool | None:
    """Whether a site's specialty ``text`` names one of ``codes``; None when
    none of the codes has words to compare by (nothing can be said)."""
    known = [words(c) for c in codes if c in NAMES]
    if not known:
        return None
    lowered = text.lower()
    return any(w in lowered for group in known for w in group)


def code_for(words_: str) -> str:
    """The code whose name a free-text specialty ("CARDIOVASCULAR DISEASE
    (CARDIOLOGY)", as CMS writes it) contains, else "" (not guessed wider)."""
    lowered = words_.lower()
    for code, (label, _) in NAMES.items():
        if label.lower() in lowered:
            return code
    return ""
