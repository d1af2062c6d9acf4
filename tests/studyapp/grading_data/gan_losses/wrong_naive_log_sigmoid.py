# expect: edge cases: the loss is infinite for logits around 1000
import numpy as np


def _sigmoid(s):
    return 1 / (1 + np.exp(-s))


def discriminator_loss(logits_real, logits_fake):
    d_real, d_fake = _sigmoid(logits_real), _sigmoid(logits_fake)
    loss = -np.log(d_real).mean() - np.log(1 - d_fake).mean()
    return loss, (-(1 - d_real) / len(logits_real), d_fake / len(logits_fake))


def generator_loss(logits_fake):
    d_fake = _sigmoid(logits_fake)
    return -np.log(d_fake).mean(), -(1 - d_fake) / len(logits_fake)
