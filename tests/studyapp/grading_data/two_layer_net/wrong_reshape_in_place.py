# expect: inputs unchanged: two_layer_net_loss changed its argument X in place
import numpy as np


def two_layer_net_loss(X, params, y, reg):
    W1, b1, W2, b2 = params["W1"], params["b1"], params["W2"], params["b2"]
    N = X.shape[0]
    X.shape = (N, -1)
    hidden = np.maximum(0, X @ W1 + b1)
    scores = hidden @ W2 + b2
    shifted = scores - scores.max(axis=1, keepdims=True)
    probs = np.exp(shifted) / np.exp(shifted).sum(axis=1, keepdims=True)
    loss = -np.log(probs[np.arange(N), y]).mean()
    loss += 0.5 * reg * (np.sum(W1 * W1) + np.sum(W2 * W2))
    dscores = probs.copy()
    dscores[np.arange(N), y] -= 1
    dscores /= N
    dhidden = dscores @ W2.T * (hidden > 0)
    return loss, {
        "W1": X.T @ dhidden + reg * W1,
        "b1": dhidden.sum(axis=0),
        "W2": hidden.T @ dscores + reg * W2,
        "b2": dscores.sum(axis=0),
    }
