"""Benchmark the image check of a post: OCR with tesseract, then the guard
on the text read, on 1080x1080 images (the square a post image usually is).

    python bench/publishing_ocr.py [--images 6] [--runs 3] [--threads 1]

Images are made here with Pillow: a wristband, a whiteboard and a name badge
with made-up names and numbers, and photo-like ones with no text. The anchor
is tesseract alone (pytesseract.image_to_string, one call) on the same
images in the same run; Bedside's check is ``media.ocr`` (image_to_data, with
word boxes) plus ``guard.scan`` on its text. Tesseract is pinned to
``--threads`` cores with OMP_THREAD_LIMIT. Figures are the median over
``--runs`` runs of the wall time per image (tesseract is a child process, so
this process's CPU time would miss it). The target in the issue is under 2 s
per 1080x1080 image on one core. No assertion on timings: reported, not tested.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
for path in (str(ROOT), str(ROOT / "src")):
    if path not in sys.path:
        sys.path.insert(0, path)


def _images(n: int) -> list[object]:
    from PIL import Image, ImageDraw, ImageFont

    rng = random.Random(23)
    first = ["JANE", "OMAR", "LUCIA", "DEV", "MARGO", "TOBIAS"]
    last = ["FAKENAME", "EXAMPLEO", "SAMPLETON", "TESTWELL", "MADEUPSKI", "PLACEHOLD"]
    out = []
    for i in range(n):
        picture = Image.new("RGB", (1080, 1080), (rng.randint(150, 250), rng.randint(150, 250), rng.randint(150, 250)))
        draw = ImageDraw.Draw(picture)
        for _ in range(30):  # photo-like clutter
            x, y = rng.randint(0, 1000), rng.randint(0, 1000)
            draw.ellipse((x, y, x + rng.randint(20, 200), y + rng.randint(20, 200)),
                         fill=(rng.randint(0, 255), rng.randint(0, 255), rng.randint(0, 255)))
        if i % 3 != 2:  # two in three carry text
            font = ImageFont.load_default(size=rng.choice([40, 52, 64]))
            draw.rectangle((80, 380, 1000, 700), fill=(255, 255, 255))
            lines = [f"PATIENT: {rng.choice(first)} {rng.choice(last)}", f"MRN {rng.randint(10**7, 10**8 - 1)}",
                     f"DOB {rng.randint(1, 12):02d}/{rng.randint(1, 28):02d}/{rng.randint(1930, 2020)}"]
            for j, line in enumerate(lines):
                draw.text((110, 400 + j * 95), line, fill=(0, 0, 0), font=font)
        out.append(picture)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--images", type=int, default=6)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--threads", type=int, default=1)
    args = parser.parse_args()
    os.environ["OMP_THREAD_LIMIT"] = str(args.threads)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
    import django

    django.setup()
    import pytesseract

    from bedside.guard import Context, scan
    from bedside.publishing import media

    images = _images(args.images)
    context = Context(direction="outbound", kind="post")
    flagged = 0

    def ours(picture: object) -> None:
        nonlocal flagged
        read = media.ocr(picture)  # type: ignore[arg-type]
        assert read is not None, "tesseract is not installed"
        if read.text.strip() and scan(read.text, context).verdict != "allow":
            flagged += 1

    rows: dict[str, list[float]] = {"tesseract alone (image_to_string)": [],
                                    "Bedside: OCR with word boxes + guard": []}
    for _ in range(args.runs):
        start = time.perf_counter()
        for picture in images:
            pytesseract.image_to_string(picture)
        rows["tesseract alone (image_to_string)"].append((time.perf_counter() - start) / len(images))
        flagged = 0
        start = time.perf_counter()
        for picture in images:
            ours(picture)
        rows["Bedside: OCR with word boxes + guard"].append((time.perf_counter() - start) / len(images))
    with_text = sum(1 for i in range(args.images) if i % 3 != 2)
    print(f"{args.images} images of 1080x1080 ({with_text} with a wristband's text), {args.threads} core(s) for "
          f"tesseract {pytesseract.get_tesseract_version()}, median of {args.runs} runs, "
          f"1-minute load {os.getloadavg()[0]:.1f}; flagged by the guard: {flagged} of {with_text}")
    print("| check | seconds per image (wall) |")
    print("|---|---:|")
    for name, values in rows.items():
        print(f"| {name} | {statistics.median(values):.2f} |")


if __name__ == "__main__":
    main()
