# expect: running statistics: running_mean is not updated in train mode
import numpy as np


def batchnorm_forward(x, gamma, beta, bn_param):
    mode = bn_param["mode"]
    eps = bn_param.get("eps", 1e-5)
    bn_param.get("momentum", 0.9)
    D = x.shape[1]
    running_mean = bn_param.get("running_mean", np.zeros(D))
    running_var = bn_param.get("running_var", np.ones(D))
    if mode == "train":
        mu = x.mean(axis=0)
        var = x.var(axis=0)
        inv_std = 1.0 / np.sqrt(var + eps)
        xhat = (x - mu) * inv_std
    else:
        inv_std = 1.0 / np.sqrt(running_var + eps)
        xhat = (x - running_mean) * inv_std
    bn_param["running_mean"] = running_mean
    bn_param["running_var"] = running_var
    return gamma * xhat + beta, (mode, xhat, gamma, inv_std)


def batchnorm_backward(dout, cache):
    mode, xhat, gamma, inv_std = cache
    N = dout.shape[0]
    dgamma = np.sum(dout * xhat, axis=0)
    dbeta = np.sum(dout, axis=0)
    if mode == "test":
        return dout * gamma * inv_std, dgamma, dbeta
    dx = gamma * inv_std / N * (N * dout - dout.sum(axis=0) - xhat * np.sum(dout * xhat, axis=0))
    return dx, dgamma, dbeta
