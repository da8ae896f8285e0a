"""The OCR models behind one small seam: find text lines in a page image, read cropped lines in batches.

rapidocr-onnxruntime ships PP-OCRv4's detection and recognition models in its wheel. Its all-in-one call
is driven part by part here, because a budget page does not need all of it:
- the angle classifier is skipped: the page was straightened before, no line is upside down;
- every crop of a page (the detected lines, and later the pieces and cells read again) is recognised in
  one batched call, rather than one model run (and one angle check) per crop;
- onnxruntime's worker threads do not spin while they wait: on a shared 2-core machine spinning burnt
  about as much CPU as the models themselves.
- a short line is first read padded to NARROW px, not 320: kept when it reads as a confident figure,
  read again at 320 otherwise (read narrow, lone zeros come back unsure, `一、` as `1`, `一般` as `-般`).
Tried and left out, because it changed what was read on the benchmark pages: detection on a page
downscaled to 0.75 (half the cost; `1,305.25` read as `1, 305. 25`).
"""

from __future__ import annotations

import re
import threading
from collections.abc import Sequence
from functools import lru_cache
from typing import Any, Protocol

from budgetqa.ingest.errors import IngestError

__all__ = ["DET_SCALE", "MIN_SCORE", "Recogniser", "engine"]

DET_SCALE = 1.0
MIN_SCORE = 0.5  # rapidocr's own floor: a line read with less is noise, not text
NARROW = 128  # px: the padded width a short line is read at first (rapidocr pads to 320)
SURE = 0.95  # a figure read narrow at least this sure is kept; anything less is read again at full width
_FIGURE = re.compile(r"[-\d,.\s]*\d[-\d,.\s]*")

Quad = Any  # a 4 x 2 float array of a text line's corners, in pixels of the full-size image


class Recogniser(Protocol):
    """What the page reader needs of an engine (tests pass a deterministic fake)."""

    def recognise(self, crops: Sequence[Any]) -> list[tuple[str, float]]: ...


class RapidEngine:
    def __init__(self) -> None:
        try:
            from rapidocr_onnxruntime import RapidOCR
        except ImportError as exc:  # pragma: no cover - the default install has it
            raise IngestError(
                "OCR needs rapidocr-onnxruntime: pip install rapidocr-onnxruntime==1.4.4, or ingest with --ocr off"
            ) from exc
        self._ocr = RapidOCR()
        self._rec_shape = tuple(self._ocr.text_rec.rec_image_shape)  # channels, 48 px high, 320 px wide
        self._lock = threading.Lock()  # the recogniser's padding width is set per call
        self._quiet_threads()

    def _quiet_threads(self) -> None:
        """The two models' sessions again, with threads that sleep rather than spin while waiting."""
        from pathlib import Path

        import onnxruntime as ort
        import rapidocr_onnxruntime

        models = Path(rapidocr_onnxruntime.__file__).parent / "models"
        for holder, name in (
            (self._ocr.text_det.infer, "ch_PP-OCRv4_det_infer.onnx"),
            (self._ocr.text_rec.session, "ch_PP-OCRv4_rec_infer.onnx"),
        ):
            options = ort.SessionOptions()
            options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
            options.inter_op_num_threads = 1
            options.add_session_config_entry("session.intra_op.allow_spinning", "0")
            holder.session = ort.InferenceSession(
                str(models / name), sess_options=options, providers=["CPUExecutionProvider"]
            )

    def detect(self, image: Any) -> list[Quad]:
        """Text lines of a greyscale PIL page image, found on a downscaled copy."""
        import numpy as np
        from PIL import Image

        small = image.resize(
            (max(1, round(image.width * DET_SCALE)), max(1, round(image.height * DET_SCALE))),
            Image.Resampling.BILINEAR,
        )
        pixels = _bgr(small)
        detector = self._ocr.text_det
        detector.limit_side_len = min(pixels.shape[:2])  # "min" limit: run at this size, no rescaling
        quads, _ = detector(pixels)
        if quads is None or len(quads) == 0:
            return []
        return [np.asarray(q, dtype=np.float32) / DET_SCALE for q in self._ocr.sorted_boxes(quads)]

    def crops(self, image: Any, quads: Sequence[Quad]) -> list[Any]:
        """The lines cut out of the full-size image (straightened along their own box)."""
        return list(self._ocr.get_crop_img_list(_bgr(image), list(quads))) if quads else []

    def recognise(self, crops: Sequence[Any]) -> list[tuple[str, float]]:
        """Each crop's text and confidence; a PIL image or a BGR array each.

        rapidocr pads every line to at least 320 px (at 48 px high), and most lines of a table (its figures)
        are far shorter: half the recogniser's work was padding. So short lines are read first padded only
        to NARROW; what does not come back as a confident figure of three digits or more (a name, a lone
        0, the 一 of 一、 read as 1) is read again the usual way, and long lines are read the usual way."""
        if not crops:
            return []
        arrays = [c if hasattr(c, "shape") else _bgr(c) for c in crops]
        with self._lock:
            full = self._rec_shape[2] / self._rec_shape[1]
            short = [i for i, a in enumerate(arrays) if a.shape[1] / a.shape[0] < full]
            out: list[tuple[str, float] | None] = [None] * len(arrays)
            for i, read in zip(short, self._read([arrays[i] for i in short], NARROW), strict=True):
                if _FIGURE.fullmatch(read[0]) and sum(c.isdigit() for c in read[0]) >= 3 and read[1] >= SURE:
                    out[i] = read
            again = [i for i, read in enumerate(out) if read is None]
            for i, read in zip(again, self._read([arrays[i] for i in again], None), strict=True):
                out[i] = read
        return [read for read in out if read is not None]

    def _read(self, arrays: list[Any], width: int | None) -> list[tuple[str, float]]:
        """One batched recognition, lines padded to at least `width` px (None: rapidocr's own)."""
        if not arrays:
            return []
        recogniser = self._ocr.text_rec
        recogniser.rec_image_shape = [*self._rec_shape[:2], width or self._rec_shape[2]]
        try:
            results, _ = recogniser(arrays)
        finally:
            recogniser.rec_image_shape = list(self._rec_shape)
        return [(str(text).strip(), float(score)) for text, score, *_ in results]


def _bgr(image: Any) -> Any:
    import numpy as np

    return np.ascontiguousarray(np.asarray(image.convert("RGB"))[:, :, ::-1])


@lru_cache(maxsize=1)
def engine() -> RapidEngine:
    return RapidEngine()
