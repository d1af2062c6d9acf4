# expect: passed
import numpy as np


def _bn_train(z, eps):
    # batch norm over axis 0 of z, without scale and shift
    mu = z.mean(axis=0)
    var = z.var(axis=0)
    zhat = (z - mu) / np.sqrt(var + eps)
    return zhat, np.sqrt(var + eps)


def layernorm_forward(x, gamma, beta, ln_param):
    xhat_t, std = _bn_train(x.T, ln_param.get("eps", 1e-5))  # the CS231n trick: transpose
    xhat = xhat_t.T
    return xhat * gamma + beta, (xhat_t, std, gamma)


def layernorm_backward(dout, cache):
    xhat_t, std, gamma = cache
    dxhat_t = (dout * gamma).T
    N = dxhat_t.shape[0]
    dx_t = (N * dxhat_t - dxhat_t.sum(0) - xhat_t * (dxhat_t * xhat_t).sum(0)) / (N * std)
    return dx_t.T, (dout * xhat_t.T).sum(0), dout.sum(0)
