"""Perceptual hashes of profile photos, with Pillow and numpy alone.

The hash is pHash as ``imagehash.phash`` computes it (and as stored hashes
were made before issue 19): the picture in grey, resized to 32x32 with
Lanczos, a two-dimensional DCT-II (scipy's unnormalised form), the top-left
8x8 low frequencies, each bit set where a coefficient is above their median,
the 64 bits read row by row as 16 hex digits. The DCT is one matrix product
each way, so scipy is not needed.
"""

from __future__ import annotations

import io

import numpy as np
from PIL import Image, UnidentifiedImageError

SIDE = 32  # the picture is reduced to SIDE x SIDE before the DCT
BITS = 8  # BITS x BITS low frequencies make the hash


def _dct_matrix(n: int) -> np.ndarray:
    """DCT-II without normalisation: y[k] = 2 * sum x[i] cos(pi k (2i + 1) / 2n)."""
    k = np.arange(n).reshape(-1, 1)
    i = np.arange(n).reshape(1, -1)
    return 2 * np.cos(np.pi * k * (2 * i + 1) / (2 * n))


_DCT = _dct_matrix(SIDE)


def phash(picture: Image.Image) -> str:
    """64-bit perceptual hash of a picture, as 16 hex digits."""
    grey = picture.convert("L").resize((SIDE, SIDE), Image.Resampling.LANCZOS)
    pixels = np.asarray(grey, dtype=np.float64)
    # Rounded so that what is zero in exact arithmetic (a plain colour's AC
    # terms) is zero here too, not float noise on either side of the median.
    low = np.round((_DCT @ pixels @ _DCT.T)[:BITS, :BITS], 6)
    bits = (low > np.median(low)).flatten()
    value = int("".join("1" if b else "0" for b in bits), 2)
    return f"{value:0{BITS * BITS // 4}x}"


def photo_hash(image: bytes) -> str:
    """pHash of an encoded image (PNG, JPEG...); '' when it cannot be read."""
    try:
        with Image.open(io.BytesIO(image)) as picture:
            return phash(picture.convert("RGB"))
    except (UnidentifiedImageError, OSError, ValueError):
        return ""


def distance(a: str, b: str) -> int:
    """Number of differing bits between two hashes of equal length."""
    if len(a) != len(b):
        raise ValueError(f"hashes of different lengths: {len(a)} and {len(b)} hex digits")
    return (int(a, 16) ^ int(b, 16)).bit_count()
