# expect: passed
import numpy as np


def two_layer_net_loss(X, params, y, reg):
    N = len(X)
    x = X.reshape(N, -1)
    a = x @ params["W1"] + params["b1"]
    h = np.maximum(a, 0)
    s = h @ params["W2"] + params["b2"]
    log_p = s - s.max(1, keepdims=True)
    log_p -= np.log(np.exp(log_p).sum(1, keepdims=True))
    Y = np.eye(s.shape[1])[y]
    loss = -(Y * log_p).sum() / N
    loss += 0.5 * reg * sum(np.sum(params[k] ** 2) for k in ("W1", "W2"))
    ds = (np.exp(log_p) - Y) / N
    da = (ds @ params["W2"].T) * (a > 0)
    return loss, {
        "W1": x.T @ da + reg * params["W1"],
        "b1": da.sum(0),
        "W2": h.T @ ds + reg * params["W2"],
        "b2": ds.sum(0),
    }
