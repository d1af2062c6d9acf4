"""Generative models: VAE, GAN, rectified flow, diffusion (lectures 13 and 14).

Batch conventions: per-example sums over every non-batch axis, then the mean over the batch
(the first axis), unless a docstring says otherwise.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import Any

import numpy as np

from engine.layers.linear import sigmoid

__all__ = [
    "alphas_cumprod_from_betas",
    "classifier_free_guidance",
    "cosine_beta_schedule",
    "ddpm_q_sample",
    "euler_step",
    "gan_discriminator_loss",
    "gan_generator_loss",
    "gan_generator_loss_saturating",
    "gaussian_kl",
    "linear_beta_schedule",
    "logit_normal_timesteps",
    "optimal_discriminator",
    "rectified_flow_interpolate",
    "rectified_flow_loss",
    "rectified_flow_sample",
    "vae_negative_elbo",
    "vae_reparameterize_backward",
    "vae_reparameterize_forward",
]


def _softplus(x: np.ndarray) -> np.ndarray:
    """log(1 + e^x) without overflow for |x| ~ 1e3."""
    softplus_x: np.ndarray = np.logaddexp(0.0, x)
    return softplus_x


def _per_example(x: np.ndarray) -> np.ndarray:
    """(N, ...) -> (N, rest): one row per example."""
    return x.reshape(x.shape[0], -1)


# ---------------------------------------------------------------- VAE (lecture 13)


def vae_reparameterize_forward(
    mu: np.ndarray, logvar: np.ndarray, eps: np.ndarray
) -> tuple[np.ndarray, tuple[Any, ...]]:
    """Reparameterisation trick: z = mu + std * eps with std = exp(0.5 * logvar).

    mu: (N, Z) means of q(z|x); logvar: (N, Z) log variances; eps: (N, Z) draws from N(0, I),
    passed in so that the noise is explicit and reproducible.
    Returns z: (N, Z) and a cache for vae_reparameterize_backward.
    """
    std = np.exp(0.5 * logvar)
    return mu + std * eps, (std, eps)


def vae_reparameterize_backward(
    dz: np.ndarray, cache: tuple[Any, ...]
) -> tuple[np.ndarray, np.ndarray]:
    """Backward of vae_reparameterize_forward.

    dz: (N, Z) upstream gradient; cache: from the forward.
    Returns (dmu, dlogvar), both (N, Z). eps is sampled noise and gets no gradient.
    """
    std, eps = cache
    return dz, dz * eps * 0.5 * std


def gaussian_kl(mu: np.ndarray, logvar: np.ndarray) -> tuple[float, tuple[np.ndarray, np.ndarray]]:
    """KL(N(mu, diag(exp(logvar))) || N(0, I)), the VAE's prior term, in closed form.

    mu: (N, Z) means; logvar: (N, Z) log variances.
    KL per example = -0.5 * sum_j (1 + logvar_j - mu_j^2 - exp(logvar_j)), averaged over N.
    Returns (kl, (dmu, dlogvar)).
    """
    n = mu.shape[0]
    kl = -0.5 * np.sum(1.0 + logvar - mu**2 - np.exp(logvar)) / n
    return float(kl), (mu / n, 0.5 * (np.exp(logvar) - 1.0) / n)


def vae_negative_elbo(
    x: np.ndarray,
    x_recon: np.ndarray,
    mu: np.ndarray,
    logvar: np.ndarray,
    likelihood: str = "bernoulli",
) -> tuple[float, tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """Negative ELBO of a VAE: reconstruction -E[log p(x|z)] (one sample of z) + KL(q(z|x) || p(z)).

    x: (N, ...) data; x_recon: (N, ...) decoder output for the sampled z: logits of p(x|z) when
    likelihood="bernoulli" (x in [0, 1]; binary cross-entropy with logits), the mean of a unit
    variance Gaussian when likelihood="gaussian" (0.5 * ||x - mean||^2 + 0.5 * D * log(2 pi) per
    example, D pixels: the notes' L2 reconstruction plus the constant that makes it a true
    negative log-likelihood); mu, logvar: (N, Z) outputs of the encoder.
    Returns (loss, (dx_recon, dmu, dlogvar)), the loss averaged over the batch. The gradients
    through z (decoder -> reparameterisation) are the caller's: add them to dmu and dlogvar.
    """
    n = x.shape[0]
    if likelihood == "bernoulli":
        recon = np.sum(_softplus(x_recon) - x * x_recon) / n
        drecon = (sigmoid(x_recon) - x) / n
    elif likelihood == "gaussian":
        diff = x_recon - x
        recon = 0.5 * np.sum(diff**2) / n + 0.5 * _per_example(x).shape[1] * np.log(2 * np.pi)
        drecon = diff / n
    else:
        raise ValueError(f"likelihood must be 'bernoulli' or 'gaussian', got {likelihood!r}")
    kl, (dmu, dlogvar) = gaussian_kl(mu, logvar)
    return float(recon) + kl, (drecon, dmu, dlogvar)


# ---------------------------------------------------------------- GAN (lecture 14)


def gan_discriminator_loss(
    logits_real: np.ndarray, logits_fake: np.ndarray
) -> tuple[float, tuple[np.ndarray, np.ndarray]]:
    """Discriminator loss: mean -log D(x) + mean -log(1 - D(G(z))), with D = sigmoid(logits).

    logits_real: (N,) discriminator logits on real images; logits_fake: (M,) on generated ones.
    Minimising it is the max_D of the GAN objective. -log sigmoid(s) = softplus(-s) and
    -log(1 - sigmoid(s)) = softplus(s), stable for logits of +-1e3.
    Returns (loss, (dlogits_real, dlogits_fake)).
    """
    loss = _softplus(-logits_real).mean() + _softplus(logits_fake).mean()
    dreal = -sigmoid(-logits_real) / logits_real.size
    dfake = sigmoid(logits_fake) / logits_fake.size
    return float(loss), (dreal, dfake)


def gan_generator_loss(logits_fake: np.ndarray) -> tuple[float, np.ndarray]:
    """Non-saturating generator loss: mean -log D(G(z)) = mean softplus(-logits).

    logits_fake: (M,) discriminator logits on generated images.
    Its gradient stays near -1/M when D confidently rejects the fakes (logits << 0), which is
    why the notes replace log(1 - D(G(z))) by it. Returns (loss, dlogits_fake).
    """
    return float(_softplus(-logits_fake).mean()), -sigmoid(-logits_fake) / logits_fake.size


def gan_generator_loss_saturating(logits_fake: np.ndarray) -> tuple[float, np.ndarray]:
    """The original minimax generator loss: mean log(1 - D(G(z))) = mean -softplus(logits).

    logits_fake: (M,) discriminator logits on generated images. The generator minimises it.
    Its gradient -sigmoid(logits) / M vanishes when D confidently rejects the fakes, the
    situation early in training. Returns (loss, dlogits_fake).
    """
    return float(-_softplus(logits_fake).mean()), -sigmoid(logits_fake) / logits_fake.size


def optimal_discriminator(p_data: np.ndarray, p_model: np.ndarray) -> np.ndarray:
    """The best discriminator for a fixed generator: D*(x) = p_data(x) / (p_data(x) + p_G(x)).

    p_data, p_model: densities at the same points (any shape), >= 0 and not both 0.
    Returns D* of that shape; it is 1/2 wherever p_G = p_data (the global optimum).
    """
    total = p_data + p_model
    if np.any(p_data < 0) or np.any(p_model < 0) or np.any(total <= 0):
        raise ValueError("densities must be >= 0 and not both 0")
    d_star: np.ndarray = p_data / total
    return d_star


# ---------------------------------------------------------------- rectified flow (lecture 14)


def _per_example_t(t: float | np.ndarray, x: np.ndarray) -> np.ndarray:
    """Broadcast a scalar or (N,) time over an (N, ...) batch."""
    t = np.asarray(t, dtype=np.float64)
    return t.reshape(t.shape + (1,) * (x.ndim - t.ndim)) if t.ndim else t


def rectified_flow_interpolate(
    x: np.ndarray, z: np.ndarray, t: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Training pair of rectified flow: x_t = (1 - t) x + t z and its velocity target v = z - x.

    x: (N, ...) data; z: (N, ...) noise; t: (N,) times in [0, 1] (or a scalar).
    t = 0 is the data, t = 1 the noise. Returns (x_t, v), both (N, ...).
    """
    t = _per_example_t(t, x)
    return (1.0 - t) * x + t * z, z - x


def rectified_flow_loss(
    v_pred: np.ndarray, x: np.ndarray, z: np.ndarray
) -> tuple[float, np.ndarray]:
    """Rectified flow loss |f(x_t, t) - (z - x)|^2 as a mean over all elements (F.mse_loss).

    v_pred: (N, ...) predicted velocity f(x_t, t); x: (N, ...) data; z: (N, ...) noise.
    Returns (loss, dv_pred).
    """
    diff = v_pred - (z - x)
    return float(np.mean(diff**2)), 2.0 * diff / diff.size


def classifier_free_guidance(v_cond: np.ndarray, v_uncond: np.ndarray, w: float) -> np.ndarray:
    """Classifier-free guidance in the notes' form: v_cfg = v_cond + w * (v_cond - v_uncond).

    v_cond: (N, ...) velocity f(x_t, t, y); v_uncond: (N, ...) velocity f(x_t, t, null) of the
    same network (trained with y dropped to the null label part of the time); w: guidance
    weight, w = 0 gives the conditional velocity. Returns v_cfg: (N, ...).
    """
    v_guided: np.ndarray = v_cond + w * (v_cond - v_uncond)
    return v_guided


def euler_step(
    x_t: np.ndarray, v: np.ndarray, t: float | np.ndarray, t_next: float | np.ndarray
) -> np.ndarray:
    """One Euler step of dx/dt = v: x_(t_next) = x_t + (t_next - t) * v.

    x_t: (N, ...) current sample; v: (N, ...) velocity at (x_t, t); t, t_next: scalars or (N,).
    Sampling integrates from t = 1 (noise) down to t = 0 (data), so t_next < t and the step
    moves against v = z - x, towards the data. Returns x at t_next: (N, ...).
    """
    x_next: np.ndarray = x_t + (_per_example_t(t_next, x_t) - _per_example_t(t, x_t)) * v
    return x_next


def rectified_flow_sample(
    velocity_fn: Callable[[np.ndarray, np.ndarray], np.ndarray], z: np.ndarray, num_steps: int
) -> np.ndarray:
    """Generate samples: Euler integration from noise z at t = 1 to t = 0 in equal steps.

    velocity_fn: (x_t (N, ...), t (N,)) -> v (N, ...), the trained f; z: (N, ...) noise;
    num_steps: number of Euler steps (>= 1). Returns x_0: (N, ...).
    """
    times = np.linspace(1.0, 0.0, num_steps + 1)
    x = z
    for t, t_next in itertools.pairwise(times):
        x = euler_step(x, velocity_fn(x, np.full(len(z), t)), t, t_next)
    return x


def logit_normal_timesteps(
    n: int, mean: float = 0.0, std: float = 1.0, rng: np.random.Generator | None = None
) -> np.ndarray:
    """Logit-normal training times t = sigmoid(u), u ~ N(mean, std^2) (the notes' noise schedule).

    n: number of times; mean, std: of the normal in logit space; rng: a numpy Generator.
    mean = 0 concentrates t around its median 0.5, where the best velocity is hardest to learn;
    a positive mean (median sigmoid(mean), e.g. log 3 for 0.75) favours noisier times, as for
    high resolutions. Returns t: (n,) in (0, 1).
    """
    rng = np.random.default_rng() if rng is None else rng
    return sigmoid(rng.normal(mean, std, size=n))


# ---------------------------------------------------------------- DDPM (lecture 14)


def linear_beta_schedule(
    num_steps: int, beta_start: float = 1e-4, beta_end: float = 0.02
) -> np.ndarray:
    """DDPM's linear noise schedule (Ho et al.).

    num_steps: T diffusion steps; beta_start, beta_end: first and last beta.
    Returns betas: (T,) evenly spaced from beta_start to beta_end.
    """
    return np.linspace(beta_start, beta_end, num_steps)


def cosine_beta_schedule(num_steps: int, s: float = 0.008, max_beta: float = 0.999) -> np.ndarray:
    """Improved DDPM's cosine schedule (Nichol & Dhariwal): betas: (T,).

    num_steps: T; s: small offset keeping beta_1 from being tiny; max_beta: clip near t = T.
    alpha_bar(t) = f(t) / f(0) with f(t) = cos((t / T + s) / (1 + s) * pi / 2)^2 and
    beta_t = 1 - alpha_bar(t) / alpha_bar(t - 1), t = 1..T.
    """
    f = np.cos((np.arange(num_steps + 1) / num_steps + s) / (1 + s) * np.pi / 2) ** 2
    alpha_bar = f / f[0]
    betas: np.ndarray = np.clip(1.0 - alpha_bar[1:] / alpha_bar[:-1], 0.0, max_beta)
    return betas


def alphas_cumprod_from_betas(betas: np.ndarray) -> np.ndarray:
    """alpha_bar_t = prod_(s <= t) (1 - beta_s). betas: (T,). Returns alphas_cumprod: (T,)."""
    return np.cumprod(1.0 - betas)


def ddpm_q_sample(
    x0: np.ndarray, t: np.ndarray, alphas_cumprod: np.ndarray, eps: np.ndarray
) -> np.ndarray:
    """DDPM forward noising q(x_t | x_0): x_t = sqrt(alpha_bar_t) x0 + sqrt(1 - alpha_bar_t) eps.

    x0: (N, ...) clean data; t: (N,) integer steps, 0-based indices into alphas_cumprod;
    alphas_cumprod: (T,) alpha_bar; eps: (N, ...) N(0, I) noise.
    A variance-preserving process (the notes' a^2 + b^2 = 1). Returns x_t: (N, ...).
    """
    alpha_bar = _per_example_t(alphas_cumprod[np.asarray(t)], x0)
    x_t: np.ndarray = np.sqrt(alpha_bar) * x0 + np.sqrt(1.0 - alpha_bar) * eps
    return x_t
