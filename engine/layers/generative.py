"""Generative models: VAE, GAN, rectified flow, diffusion (lectures 13 and 14)."""

from __future__ import annotations

__all__: list[str] = []
