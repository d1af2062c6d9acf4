# expect: forward: the generator minimises log(1 - D(G(z)))
import numpy as np


def discriminator_loss(logits_real, logits_fake):
    loss = np.logaddexp(0, -logits_real).mean() + np.logaddexp(0, logits_fake).mean()
    sig = lambda s: 1 / (1 + np.exp(-s))  # noqa: E731
    return loss, (-sig(-logits_real) / len(logits_real), sig(logits_fake) / len(logits_fake))


def generator_loss(logits_fake):
    # the original minimax objective: minimise log(1 - D(G(z)))
    loss = -np.logaddexp(0, logits_fake).mean()
    return loss, -1 / (1 + np.exp(-logits_fake)) / len(logits_fake)
