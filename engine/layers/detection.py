"""Detection and segmentation helpers: IoU, NMS, RoI pooling, saliency (lecture 9)."""

from __future__ import annotations

__all__: list[str] = []
