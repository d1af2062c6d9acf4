# expect: passed
import numpy as np


def _bce_with_logits(s, target):
    # the stable form PyTorch uses: max(s, 0) - s * target + log(1 + exp(-|s|))
    return np.maximum(s, 0) - s * target + np.log1p(np.exp(-np.abs(s)))


def _dbce(s, target):
    p = np.where(
        s >= 0, 1 / (1 + np.exp(-np.abs(s))), np.exp(-np.abs(s)) / (1 + np.exp(-np.abs(s)))
    )
    return p - target


def discriminator_loss(logits_real, logits_fake):
    ones, zeros = np.ones_like(logits_real), np.zeros_like(logits_fake)
    loss = _bce_with_logits(logits_real, ones).mean() + _bce_with_logits(logits_fake, zeros).mean()
    return loss, (
        _dbce(logits_real, ones) / len(logits_real),
        _dbce(logits_fake, zeros) / len(logits_fake),
    )


def generator_loss(logits_fake):
    ones = np.ones_like(logits_fake)
    return _bce_with_logits(logits_fake, ones).mean(), _dbce(logits_fake, ones) / len(logits_fake)
