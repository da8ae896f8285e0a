"""The OCR models behind one small seam: find text lines in a page image, read cropped lines in batches.

rapidocr-onnxruntime ships PP-OCRv4's detection and recognition models in its wheel. Its all-in-one call
is driven part by part here, because a budget page does not need all of it:
- the angle classifier is skipped: the page was straightened before, no line is upside down;
- every crop of a page (the detected lines, and later the pieces and cells read again) is recognised in
  one batched call, rather than one model run (and one angle check) per crop;
- onnxruntime's worker threads do not spin while they wait: on a shared 2-core machine spinning burnt
  about as much CPU as the models themselves.
Tried and left out, because they changed what was read on the benchmark pages: detection on a page
downscaled to 0.75 (half the cost; `1,305.25` read as `1, 305. 25`), and recognition batches only as wide
as their widest line instead of rapidocr's 320 px (a third less; lone zeros read unsure, `1.` as `1．`).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import Any, Protocol

from budgetqa.ingest.errors import IngestError

__all__ = ["DET_SCALE", "MIN_SCORE", "Recogniser", "engine"]

DET_SCALE = 1.0
MIN_SCORE = 0.5  # rapidocr's own floor: a line read with less is noise, not text

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
        """Each crop's text and confidence, all in one batched call; a PIL image or a BGR array each."""
        if not crops:
            return []
        arrays = [c if hasattr(c, "shape") else _bgr(c) for c in crops]
        results, _ = self._ocr.text_rec(arrays)
        return [(str(text).strip(), float(score)) for text, score, *_ in results]


def _bgr(image: Any) -> Any:
    import numpy as np

    return np.ascontiguousarray(np.asarray(image.convert("RGB"))[:, :, ::-1])


@lru_cache(maxsize=1)
def engine() -> RapidEngine:
    return RapidEngine()
