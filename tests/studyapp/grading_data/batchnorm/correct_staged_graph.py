# expect: passed
import numpy as np


def batchnorm_forward(x, gamma, beta, bn_param):
    eps, momentum = bn_param.get("eps", 1e-5), bn_param.get("momentum", 0.9)
    D = x.shape[1]
    if bn_param["mode"] == "train":
        mu = np.mean(x, axis=0)
        xc = x - mu
        var = np.mean(xc**2, axis=0)
        std = np.sqrt(var + eps)
        xhat = xc / std
        bn_param["running_mean"] = (
            momentum * bn_param.get("running_mean", np.zeros(D)) + (1 - momentum) * mu
        )
        bn_param["running_var"] = (
            momentum * bn_param.get("running_var", np.ones(D)) + (1 - momentum) * var
        )
        cache = ("train", xc, std, gamma)
    else:
        std = np.sqrt(bn_param.get("running_var", np.ones(D)) + eps)
        xhat = (x - bn_param.get("running_mean", np.zeros(D))) / std
        cache = ("test", xhat, std, gamma)
    return gamma * xhat + beta, cache


def batchnorm_backward(dout, cache):
    mode, a, std, gamma = cache
    if mode == "test":
        xhat = a
        return dout * gamma / std, (dout * xhat).sum(0), dout.sum(0)
    xc = a
    N = dout.shape[0]
    xhat = xc / std
    dxhat = dout * gamma
    dstd = -np.sum(dxhat * xc, axis=0) / std**2
    dvar = dstd / (2 * std)
    dxc = dxhat / std + 2 * xc * dvar / N
    dx = dxc - dxc.mean(axis=0)
    return dx, (dout * xhat).sum(0), dout.sum(0)
