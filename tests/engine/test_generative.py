"""Tests for engine.layers.generative: VAE, GAN losses, rectified flow, DDPM (lectures 13-14)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from engine.layers.generative import (
    alphas_cumprod_from_betas,
    classifier_free_guidance,
    cosine_beta_schedule,
    ddpm_q_sample,
    euler_step,
    gan_discriminator_loss,
    gan_generator_loss,
    gan_generator_loss_saturating,
    gaussian_kl,
    linear_beta_schedule,
    logit_normal_timesteps,
    optimal_discriminator,
    rectified_flow_interpolate,
    rectified_flow_loss,
    rectified_flow_sample,
    vae_negative_elbo,
    vae_reparameterize_backward,
    vae_reparameterize_forward,
)
from tests.engine.conftest import assert_close, leaves, to_numpy


def torch_kl(torch, mu, logvar):
    return -0.5 * torch.sum(1 + logvar - mu**2 - logvar.exp()) / mu.shape[0]


# ---------------------------------------------------------------- VAE


@pytest.mark.parametrize("n", [1, 4])
def test_reparameterize_matches_torch(torch, rng, n):
    mu, logvar, eps = rng.normal(size=(3, n, 5))
    logvar[0, :2] = [-10.0, 10.0]  # tiny and huge variances
    z, cache = vae_reparameterize_forward(mu, logvar, eps)
    mu_t, lv_t = leaves(torch, mu, logvar)
    z_t = mu_t + torch.exp(0.5 * lv_t) * torch.from_numpy(eps)
    assert_close(z, to_numpy(z_t), what="z")
    dz = rng.normal(size=z.shape)
    z_t.backward(torch.from_numpy(dz))
    dmu, dlogvar = vae_reparameterize_backward(dz, cache)
    assert_close(dmu, to_numpy(mu_t.grad), what="dmu")
    assert_close(dlogvar, to_numpy(lv_t.grad), what="dlogvar")


def test_reparameterize_is_mu_plus_std_eps():
    z, _ = vae_reparameterize_forward(
        np.array([[1.0]]), np.array([[np.log(4.0)]]), np.array([[0.5]])
    )
    assert z[0, 0] == pytest.approx(1.0 + 2.0 * 0.5)  # std = sqrt(4) = 2


@pytest.mark.parametrize("n", [1, 3])
def test_gaussian_kl_matches_torch(torch, rng, n):
    mu, logvar = rng.normal(size=(2, n, 4)) * 2
    kl, (dmu, dlogvar) = gaussian_kl(mu, logvar)
    mu_t, lv_t = leaves(torch, mu, logvar)
    ref = torch_kl(torch, mu_t, lv_t)
    ref.backward()
    assert kl == pytest.approx(ref.item(), rel=1e-12)
    assert_close(dmu, to_numpy(mu_t.grad))
    assert_close(dlogvar, to_numpy(lv_t.grad))
    # independent formula: torch.distributions' KL of diagonal Gaussians, summed, batch mean
    from torch.distributions import Normal, kl_divergence

    q = Normal(torch.from_numpy(mu), torch.from_numpy(np.exp(0.5 * logvar)))
    prior = Normal(torch.zeros(n, 4), torch.ones(n, 4))
    assert kl == pytest.approx(kl_divergence(q, prior).sum().item() / n, rel=1e-12)


def test_gaussian_kl_hand_cases():
    kl, (dmu, dlogvar) = gaussian_kl(np.zeros((2, 3)), np.zeros((2, 3)))
    assert kl == 0.0 and np.all(dmu == 0) and np.all(dlogvar == 0)  # q = prior
    # one dimension, mu = 1, var = 1: KL = 0.5 * mu^2 = 0.5
    assert gaussian_kl(np.array([[1.0]]), np.array([[0.0]]))[0] == pytest.approx(0.5)
    # mu = 0, var = e: -0.5 * (1 + 1 - e)
    assert gaussian_kl(np.array([[0.0]]), np.array([[1.0]]))[0] == pytest.approx(0.5 * (math.e - 2))


def test_gaussian_kl_matches_monte_carlo():
    rng = np.random.default_rng(7)
    mu = np.array([[0.5, -1.0, 0.0], [1.5, 0.2, -0.3]])
    logvar = np.array([[0.0, -1.0, 0.7], [-0.5, 0.3, 0.0]])
    kl, _ = gaussian_kl(mu, logvar)
    eps = rng.normal(size=(200_000, *mu.shape))
    z = mu + np.exp(0.5 * logvar) * eps
    # log q(z) - log p(z); the 2 pi constants cancel
    log_ratio = (-0.5 * eps**2 - 0.5 * logvar + 0.5 * z**2).sum(axis=2).mean(axis=1)
    stderr = log_ratio.std() / math.sqrt(len(log_ratio))
    assert abs(log_ratio.mean() - kl) < 5 * stderr
    assert abs(log_ratio.mean() - kl) < 0.02


def torch_neg_elbo(torch, x, recon, mu, logvar, likelihood):
    import torch.nn.functional as F
    from torch.distributions import Normal

    recon_t, mu_t, lv_t = leaves(torch, recon, mu, logvar)
    x_t = torch.from_numpy(x)
    n = x.shape[0]
    if likelihood == "bernoulli":
        rec = F.binary_cross_entropy_with_logits(recon_t, x_t, reduction="sum") / n
    else:
        rec = -Normal(recon_t, 1.0).log_prob(x_t).sum() / n
    loss = rec + torch_kl(torch, mu_t, lv_t)
    loss.backward()
    return loss.item(), [to_numpy(t.grad) for t in (recon_t, mu_t, lv_t)]


@pytest.mark.parametrize("likelihood", ["bernoulli", "gaussian"])
@pytest.mark.parametrize("n", [1, 3])
def test_negative_elbo_matches_torch(torch, rng, likelihood, n):
    x = rng.uniform(size=(n, 1, 4, 4))
    x[:, :, :2] = x[:, :, :2] > 0.5  # some binary pixels
    recon = rng.normal(size=x.shape) * 3
    mu, logvar = rng.normal(size=(2, n, 2))
    loss, grads = vae_negative_elbo(x, recon, mu, logvar, likelihood)
    ref_loss, ref_grads = torch_neg_elbo(torch, x, recon, mu, logvar, likelihood)
    assert loss == pytest.approx(ref_loss, rel=1e-12)
    for name, g, ref in zip(("drecon", "dmu", "dlogvar"), grads, ref_grads, strict=True):
        assert_close(g, ref, what=name)


def test_negative_elbo_bernoulli_large_logits(torch, rng):
    x = (rng.uniform(size=(2, 6)) > 0.5).astype(float)
    logits = np.where(rng.uniform(size=(2, 6)) > 0.5, 1e3, -1e3)
    mu, logvar = rng.normal(size=(2, 2, 2))
    loss, grads = vae_negative_elbo(x, logits, mu, logvar)
    ref_loss, ref_grads = torch_neg_elbo(torch, x, logits, mu, logvar, "bernoulli")
    assert np.isfinite(loss) and loss == pytest.approx(ref_loss, rel=1e-12)
    assert_close(grads[0], ref_grads[0])
    with pytest.raises(ValueError, match="likelihood"):
        vae_negative_elbo(x, logits, mu, logvar, "poisson")


def test_vae_step_chains_through_the_reparameterisation(torch, rng):
    # encoder outputs -> z -> linear decoder -> negative ELBO; every gradient against autograd
    n, zdim, d = 3, 2, 5
    mu, logvar, eps = rng.normal(size=(3, n, zdim))
    w = rng.normal(size=(zdim, d))
    x = rng.uniform(size=(n, d))
    z, cache = vae_reparameterize_forward(mu, logvar, eps)
    loss, (drecon, dmu_kl, dlogvar_kl) = vae_negative_elbo(x, z @ w, mu, logvar)
    dmu_z, dlogvar_z = vae_reparameterize_backward(drecon @ w.T, cache)
    mu_t, lv_t = leaves(torch, mu, logvar)
    import torch.nn.functional as F

    z_t = mu_t + torch.exp(0.5 * lv_t) * torch.from_numpy(eps)
    recon_t = z_t @ torch.from_numpy(w)
    ref = F.binary_cross_entropy_with_logits(recon_t, torch.from_numpy(x), reduction="sum") / n
    ref = ref + torch_kl(torch, mu_t, lv_t)
    ref.backward()
    assert loss == pytest.approx(ref.item(), rel=1e-12)
    assert_close(dmu_kl + dmu_z, to_numpy(mu_t.grad))
    assert_close(dlogvar_kl + dlogvar_z, to_numpy(lv_t.grad))


# ---------------------------------------------------------------- GAN


def bce(torch, logits, target):
    import torch.nn.functional as F

    return F.binary_cross_entropy_with_logits(logits, torch.full_like(logits, target))


LOGIT_CASES = {
    "random": lambda rng: (rng.normal(size=5) * 3, rng.normal(size=7) * 3),
    "batch_of_one": lambda rng: (rng.normal(size=1), rng.normal(size=1)),
    "large": lambda rng: (np.array([1e3, -1e3, 0.5, 40.0]), np.array([-1e3, 1e3, -40.0])),
}


@pytest.mark.parametrize("case", list(LOGIT_CASES))
def test_gan_losses_match_torch(torch, rng, case):
    real, fake = LOGIT_CASES[case](rng)
    real_t, fake_t = leaves(torch, real, fake)
    ref = bce(torch, real_t, 1.0) + bce(torch, fake_t, 0.0)
    ref.backward()
    loss, (dreal, dfake) = gan_discriminator_loss(real, fake)
    assert np.isfinite(loss) and loss == pytest.approx(ref.item(), rel=1e-12)
    assert_close(dreal, to_numpy(real_t.grad), what="dlogits_real")
    assert_close(dfake, to_numpy(fake_t.grad), what="dlogits_fake")

    (fake_t,) = leaves(torch, fake)
    ref = bce(torch, fake_t, 1.0)  # -log D(G(z))
    ref.backward()
    loss, dfake = gan_generator_loss(fake)
    assert loss == pytest.approx(ref.item(), rel=1e-12)
    assert_close(dfake, to_numpy(fake_t.grad), what="non-saturating dlogits")

    (fake_t,) = leaves(torch, fake)
    ref = -bce(torch, fake_t, 0.0)  # mean log(1 - D(G(z)))
    ref.backward()
    loss, dfake = gan_generator_loss_saturating(fake)
    assert loss == pytest.approx(ref.item(), rel=1e-12)
    assert_close(dfake, to_numpy(fake_t.grad), what="saturating dlogits")


def test_gan_losses_follow_the_definitions(rng):
    # with moderate logits, the textbook forms with D = sigmoid(logits) agree
    real, fake = rng.normal(size=(2, 6))
    d_real, d_fake = 1 / (1 + np.exp(-real)), 1 / (1 + np.exp(-fake))
    loss, _ = gan_discriminator_loss(real, fake)
    assert loss == pytest.approx(np.mean(-np.log(d_real)) + np.mean(-np.log(1 - d_fake)))
    assert gan_generator_loss(fake)[0] == pytest.approx(np.mean(-np.log(d_fake)))
    assert gan_generator_loss_saturating(fake)[0] == pytest.approx(np.mean(np.log(1 - d_fake)))
    assert gan_discriminator_loss(np.array([1e3]), np.array([-1e3]))[0] == 0.0  # perfect D
    assert gan_discriminator_loss(np.array([-1e3]), np.array([1e3]))[0] == pytest.approx(2e3)


def test_saturating_gradient_vanishes_when_d_rejects_fakes():
    # Notes: early on D(G(z)) ~ 0 and log(1 - D(G(z))) gives the generator almost no gradient;
    # -log D(G(z)) keeps it. M = 4 fakes, all confidently rejected.
    for logit in (-10.0, -30.0, -1e3):
        fake = np.full(4, logit)
        _, d_sat = gan_generator_loss_saturating(fake)
        _, d_non = gan_generator_loss(fake)
        assert np.all(np.abs(d_sat) <= math.exp(logit) / 4)  # sigmoid(logit) / M
        assert_close(d_non, np.full(4, -1 / 4), tol=1e-4)
    # at D(G(z)) = 1/2 both give -0.5 / M; when D is fooled the roles swap
    assert_close(gan_generator_loss(np.zeros(2))[1], gan_generator_loss_saturating(np.zeros(2))[1])
    assert np.all(np.abs(gan_generator_loss(np.full(2, 30.0))[1]) < 1e-13)


def test_optimal_discriminator():
    # D* maximises p_data log D + p_G log(1 - D) pointwise
    grid = np.linspace(1e-4, 1 - 1e-4, 20001)
    for p_data, p_model in [(0.2, 0.6), (1.0, 1.0), (3.0, 0.5), (0.0, 2.0)]:
        with np.errstate(divide="ignore"):
            objective = p_data * np.log(grid) + p_model * np.log(1 - grid)
        best = grid[np.argmax(objective)]
        assert optimal_discriminator(np.array(p_data), np.array(p_model)) == pytest.approx(
            best, abs=1e-4
        )
    # Notes: at the global optimum p_G = p_data and D* = 1/2 everywhere
    p = np.array([0.1, 0.5, 2.0])
    assert_close(optimal_discriminator(p, p), np.full(3, 0.5))
    with pytest.raises(ValueError, match="densities"):
        optimal_discriminator(np.array([0.0]), np.array([0.0]))


# ---------------------------------------------------------------- rectified flow


def test_rectified_flow_interpolate(torch, rng):
    x, z = rng.normal(size=(2, 4, 2, 3))
    t = np.array([0.0, 1.0, 0.3, 0.75])
    x_t, v = rectified_flow_interpolate(x, z, t)
    tt = torch.from_numpy(t)[:, None, None]
    ref = (1 - tt) * torch.from_numpy(x) + tt * torch.from_numpy(z)
    assert_close(x_t, to_numpy(ref))
    assert np.array_equal(x_t[0], x[0]) and np.array_equal(x_t[1], z[1])  # t = 0 data, 1 noise
    assert_close(v, z - x)
    one, _ = rectified_flow_interpolate(x[:1], z[:1], np.array([0.3]))  # batch of one
    assert_close(one, 0.7 * x[:1] + 0.3 * z[:1])
    scalar, _ = rectified_flow_interpolate(x, z, 0.5)
    assert_close(scalar, 0.5 * (x + z))


@pytest.mark.parametrize("n", [1, 3])
def test_rectified_flow_loss_matches_torch(torch, rng, n):
    import torch.nn.functional as F

    v_pred, x, z = rng.normal(size=(3, n, 2, 4))
    loss, dv = rectified_flow_loss(v_pred, x, z)
    (v_t,) = leaves(torch, v_pred)
    ref = F.mse_loss(v_t, torch.from_numpy(z - x))
    ref.backward()
    assert loss == pytest.approx(ref.item(), rel=1e-12)
    assert_close(dv, to_numpy(v_t.grad))
    loss, dv = rectified_flow_loss(z - x, x, z)  # the exact velocity
    assert loss == 0.0 and np.all(dv == 0)


def test_classifier_free_guidance(torch, rng):
    v_cond, v_uncond = rng.normal(size=(2, 3, 4))
    for w in (0.0, 1.0, 4.5):
        ref = torch.from_numpy(v_cond) + w * (torch.from_numpy(v_cond) - torch.from_numpy(v_uncond))
        assert_close(classifier_free_guidance(v_cond, v_uncond, w), to_numpy(ref))
    assert np.array_equal(classifier_free_guidance(v_cond, v_uncond, 0.0), v_cond)
    assert_close(classifier_free_guidance(v_cond, v_uncond, -1.0), v_uncond)


def test_euler_step_and_sampling_go_from_noise_to_data(rng):
    x, z = rng.normal(size=(2, 3, 4))
    # from t = 1 (x_1 = z) one step to t = 0 along v = z - x lands on the data
    assert_close(euler_step(z, z - x, 1.0, 0.0), x)
    x_t, v = rectified_flow_interpolate(x, z, np.full(3, 0.6))
    assert_close(euler_step(x_t, v, 0.6, 0.25), rectified_flow_interpolate(x, z, 0.25)[0])
    # per-example times
    t, t_next = np.array([1.0, 0.5, 0.2]), np.array([0.5, 0.5, 0.0])
    expected = z + (t_next - t)[:, None] * (z - x)
    assert_close(euler_step(z, z - x, t, t_next), expected)

    # straight paths: the velocity (x_t - x*) / t of the line through x* is followed exactly
    def velocity(x_t, times):
        return (x_t - x) / times[:, None]

    for steps in (1, 3, 10):
        assert_close(rectified_flow_sample(velocity, z, steps), x)


def test_logit_normal_timesteps():
    t = logit_normal_timesteps(100_000, rng=np.random.default_rng(3))
    assert t.shape == (100_000,) and np.all((t > 0) & (t < 1))
    assert abs(np.median(t) - 0.5) < 0.01  # median = sigmoid(mean) = 0.5
    assert abs(t.mean() - 0.5) < 0.01  # symmetric about 1/2
    # more mass near 0.5 than uniform: P(1/4 < t < 3/4) = P(|u| < log 3) = erf(log 3 / sqrt 2)
    inside = np.mean((t > 0.25) & (t < 0.75))
    assert inside == pytest.approx(math.erf(math.log(3) / math.sqrt(2)), abs=0.01)
    assert inside > 0.5
    # shifting the mean to logit(0.75) = log 3 moves the median to 0.75 (high resolution)
    shifted = logit_normal_timesteps(100_000, mean=math.log(3), rng=np.random.default_rng(4))
    assert abs(np.median(shifted) - 0.75) < 0.01
    same = logit_normal_timesteps(5, rng=np.random.default_rng(3))
    assert np.array_equal(same, t[:5])
    assert logit_normal_timesteps(4).shape == (4,)


# ---------------------------------------------------------------- DDPM


def test_beta_schedules():
    betas = linear_beta_schedule(1000)
    assert betas.shape == (1000,)
    assert betas[0] == pytest.approx(1e-4) and betas[-1] == pytest.approx(0.02)
    assert_close(np.diff(betas), np.full(999, (0.02 - 1e-4) / 999))
    for schedule in (betas, cosine_beta_schedule(1000), cosine_beta_schedule(10)):
        abar = alphas_cumprod_from_betas(schedule)
        assert np.all((abar > 0) & (abar < 1))
        assert np.all(np.diff(abar) < 0)  # strictly decreasing: more noise at every step
        assert abar[-1] < 1e-3  # almost pure noise at t = T
    abar = alphas_cumprod_from_betas(betas)
    assert abar[0] == pytest.approx(1 - 1e-4) and abar[1] == pytest.approx(
        (1 - 1e-4) * (1 - betas[1])
    )
    # cosine: alpha_bar(t) = f(t) / f(0), f(t) = cos((t/T + s) / (1 + s) * pi / 2)^2 while unclipped
    cos_betas = cosine_beta_schedule(50)
    f = np.cos((np.arange(51) / 50 + 0.008) / 1.008 * np.pi / 2) ** 2
    assert_close(alphas_cumprod_from_betas(cos_betas)[:-1], (f[1:] / f[0])[:-1])
    assert cos_betas.max() <= 0.999


@pytest.mark.parametrize("n", [1, 4])
def test_ddpm_q_sample_matches_torch(torch, rng, n):
    abar = alphas_cumprod_from_betas(linear_beta_schedule(100))
    x0, eps = rng.normal(size=(2, n, 2, 3))
    t = np.array([0, 99, 50, 7])[:n]
    out = ddpm_q_sample(x0, t, abar, eps)
    a = torch.from_numpy(abar).gather(0, torch.from_numpy(t))[:, None, None]
    ref = a.sqrt() * torch.from_numpy(x0) + (1 - a).sqrt() * torch.from_numpy(eps)
    assert_close(out, to_numpy(ref))


def test_ddpm_q_sample_statistics():
    rng = np.random.default_rng(11)
    abar = alphas_cumprod_from_betas(cosine_beta_schedule(200))
    m, t = 100_000, 80
    x0 = np.full((m, 2), [1.5, -2.0])
    xt = ddpm_q_sample(x0, np.full(m, t), abar, rng.normal(size=(m, 2)))
    assert_close(xt.mean(0), math.sqrt(abar[t]) * np.array([1.5, -2.0]), tol=0.01)
    assert_close(xt.var(0), np.full(2, 1 - abar[t]), tol=0.02)
    # variance preserving (notes: a^2 + b^2 = 1): unit-variance data stay unit variance
    data = rng.normal(size=(m, 1))
    xt = ddpm_q_sample(data, np.full(m, t), abar, rng.normal(size=(m, 1)))
    assert abs(xt.var() - 1.0) < 0.02
