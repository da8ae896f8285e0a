"""Turn any PDF into a realistic scan: pages rendered at 150–200 dpi, greyscale, slightly rotated, with
noise, saved as JPEG inside an image-only PDF (no text layer). The original's text layer is the truth.

    python bench/make_scan.py IN.pdf OUT.pdf [--pages 1,3-5] [--dpi 170] [--seed 0]

Generated scans stay out of git; tests build the few pages they need.
"""

from __future__ import annotations

import argparse
import io
import random
import sys
from collections.abc import Sequence
from pathlib import Path


def make_scan(
    src: Path, dst: Path, pages: Sequence[int] | None = None, dpi: int = 170, seed: int = 0
) -> Path:
    import numpy
    import pypdfium2 as pdfium
    from PIL import Image, ImageFilter

    rng = random.Random(seed)
    document = pdfium.PdfDocument(str(src))
    numbers = list(pages) if pages else list(range(1, len(document) + 1))
    images = []
    try:
        for number in numbers:
            page = document[number - 1]
            image = page.render(scale=dpi / 72).to_pil().convert("L")
            image = image.rotate(rng.uniform(-0.6, 0.6), resample=Image.Resampling.BICUBIC, fillcolor=255)
            # seeded noise (PIL's effect_noise draws from C's rand(): another scan on every run)
            pixels = numpy.random.default_rng(seed * 1000 + number).normal(
                128, 12, (image.height, image.width)
            )
            noise = Image.fromarray(pixels.clip(0, 255).astype("uint8"), "L")
            image = Image.blend(image, noise, 0.04)
            image = image.filter(ImageFilter.GaussianBlur(0.3))
            buffer = io.BytesIO()
            image.save(buffer, "JPEG", quality=75)
            images.append(Image.open(io.BytesIO(buffer.getvalue())))
    finally:
        document.close()
    dst.parent.mkdir(parents=True, exist_ok=True)
    images[0].save(dst, "PDF", resolution=dpi, save_all=True, append_images=images[1:])
    return dst


def _pages(spec: str | None) -> list[int] | None:
    if not spec:
        return None
    out: list[int] = []
    for part in spec.split(","):
        a, _, b = part.partition("-")
        out += list(range(int(a), int(b or a) + 1))
    return out


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("src", type=Path)
    parser.add_argument("dst", type=Path)
    parser.add_argument("--pages", default=None)
    parser.add_argument("--dpi", type=int, default=170)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    make_scan(args.src, args.dst, _pages(args.pages), args.dpi, args.seed)
    print(args.dst)
    return 0


if __name__ == "__main__":
    sys.exit(main())
