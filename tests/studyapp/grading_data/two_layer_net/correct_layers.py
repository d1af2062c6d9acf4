# expect: passed
import numpy as np


def _affine_forward(x, w, b):
    return x.reshape(x.shape[0], -1) @ w + b


def two_layer_net_loss(X, params, y, reg):
    W1, b1, W2, b2 = params["W1"], params["b1"], params["W2"], params["b2"]
    N = X.shape[0]
    x = X.reshape(N, -1)
    hidden = np.maximum(0, _affine_forward(x, W1, b1))
    scores = _affine_forward(hidden, W2, b2)
    shifted = scores - scores.max(axis=1, keepdims=True)
    probs = np.exp(shifted)
    probs /= probs.sum(axis=1, keepdims=True)
    loss = -np.log(probs[np.arange(N), y]).mean()
    loss += 0.5 * reg * (np.sum(W1 * W1) + np.sum(W2 * W2))
    dscores = probs.copy()
    dscores[np.arange(N), y] -= 1
    dscores /= N
    grads = {"W2": hidden.T @ dscores + reg * W2, "b2": dscores.sum(axis=0)}
    dhidden = dscores @ W2.T
    dhidden[hidden <= 0] = 0
    grads["W1"] = x.T @ dhidden + reg * W1
    grads["b1"] = dhidden.sum(axis=0)
    return loss, grads
