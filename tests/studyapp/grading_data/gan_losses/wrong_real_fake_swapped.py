# expect: forward: real and fake are swapped
import numpy as np


def _sigmoid(s):
    e = np.exp(-np.abs(s))
    return np.where(s >= 0, 1 / (1 + e), e / (1 + e))


def discriminator_loss(logits_real, logits_fake):
    loss = np.logaddexp(0, logits_real).mean() + np.logaddexp(0, -logits_fake).mean()
    return loss, (
        _sigmoid(logits_real) / len(logits_real),
        -_sigmoid(-logits_fake) / len(logits_fake),
    )


def generator_loss(logits_fake):
    return np.logaddexp(0, -logits_fake).mean(), -_sigmoid(-logits_fake) / len(logits_fake)
