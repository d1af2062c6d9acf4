"""Composite blocks built from the other layers: two-layer net, residual block (lectures 4, 6)."""

from __future__ import annotations

from typing import Any

import numpy as np

from engine.layers.conv import conv_backward_fast, conv_forward_fast
from engine.layers.linear import affine_backward, affine_forward, relu_backward, relu_forward
from engine.layers.losses import softmax_loss

__all__ = ["residual_block_backward", "residual_block_forward", "two_layer_net_loss"]


def two_layer_net_loss(
    X: np.ndarray, params: dict[str, np.ndarray], y: np.ndarray | None = None, reg: float = 0.0
) -> Any:
    """Scores, or loss and gradients, of the net affine - relu - affine - softmax.

    Regularisation follows CS231n's TwoLayerNet (fc_net.py): 0.5 * reg * (sum W1^2 + sum W2^2),
    so the gradient is reg * W; biases are not regularised. (The linear classifiers in
    `losses.py` use reg * sum(W^2) instead, as their assignment does.)

    Args:
        X: (N, d1, ..., dk) input batch, flattened per example to D values.
        params: 'W1' (D, H), 'b1' (H,), 'W2' (H, C), 'b2' (C,).
        y: (N,) integer labels in [0, C), or None for a test-time forward pass.
        reg: L2 regularisation strength.

    Returns:
        scores: (N, C) class scores, when y is None; otherwise
        (loss, grads): the scalar softmax loss plus regularisation, and grads with the keys and
            shapes of params.
    """
    hidden, cache1 = affine_forward(X, params["W1"], params["b1"])  # (N, H)
    activated, cache_relu = relu_forward(hidden)
    scores, cache2 = affine_forward(activated, params["W2"], params["b2"])  # (N, C)
    if y is None:
        return scores

    data_loss, dscores = softmax_loss(scores, y)
    W1, W2 = params["W1"], params["W2"]
    loss = float(data_loss + 0.5 * reg * (np.sum(W1 * W1) + np.sum(W2 * W2)))

    dactivated, dW2, db2 = affine_backward(dscores, cache2)
    dhidden = relu_backward(dactivated, cache_relu)
    _, dW1, db1 = affine_backward(dhidden, cache1)
    grads = {"W1": dW1 + reg * W1, "b1": db1, "W2": dW2 + reg * W2, "b2": db2}
    return loss, grads


# --- Residual block (lecture 6, ResNet) ---------------------------------------------------------


def residual_block_forward(
    x: np.ndarray, params: dict[str, np.ndarray], conv_param: dict[str, Any]
) -> tuple[np.ndarray, tuple[Any, ...]]:
    """Basic ResNet block with an identity shortcut (lecture 6): H(x) = F(x) + x,
    out = relu(conv2(relu(conv1(x))) + x), conv_i(z) = conv(z, W_i) + b_i.

    No batch normalisation (the original ResNet puts BN after each conv; compose
    spatial_batchnorm_forward yourself for that), so the block is deterministic and the same in
    train and test. With W2 = 0 and b2 = 0 it reduces to relu(x), the identity on the
    non-negative output of a previous block: the notes' reason deeper ResNets can start from a
    smaller trained model.

    Inputs:
    - x: (N, C, H, W) input batch
    - params: {'W1': (C, C, HH, WW), 'b1': (C,), 'W2': (C, C, HH, WW), 'b2': (C,)}, two
      3x3 convs in the notes' block
    - conv_param: {'stride': S, 'pad': P} for both convs; must keep the (H, W) size so the
      shortcut can be added (3x3 kernels: stride 1, pad 1)

    Returns (out, cache) with out: (N, C, H, W).
    """

    a1, conv1_cache = conv_forward_fast(x, params["W1"], params["b1"], conv_param)
    h1, relu1_cache = relu_forward(a1)
    a2, conv2_cache = conv_forward_fast(h1, params["W2"], params["b2"], conv_param)
    if a2.shape != x.shape:
        raise ValueError(
            f"residual block needs convs that keep the shape for the identity shortcut: "
            f"x {x.shape} -> F(x) {a2.shape}; use stride 1 and pad (kernel - 1) / 2"
        )
    out, relu2_cache = relu_forward(a2 + x)
    return out, (conv1_cache, relu1_cache, conv2_cache, relu2_cache)


def residual_block_backward(
    dout: np.ndarray, cache: tuple[Any, ...]
) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """Backward pass of residual_block_forward.

    Inputs:
    - dout: (N, C, H, W) upstream gradient
    - cache: from residual_block_forward

    Returns (dx: (N, C, H, W), grads) with grads {'W1', 'b1', 'W2', 'b2'} shaped like params.
    """

    conv1_cache, relu1_cache, conv2_cache, relu2_cache = cache
    ds = relu_backward(dout, relu2_cache)  # gradient at F(x) + x: flows into both branches
    dh1, dW2, db2 = conv_backward_fast(ds, conv2_cache)
    dx1, dW1, db1 = conv_backward_fast(relu_backward(dh1, relu1_cache), conv1_cache)
    return dx1 + ds, {"W1": dW1, "b1": db1, "W2": dW2, "b2": db2}
