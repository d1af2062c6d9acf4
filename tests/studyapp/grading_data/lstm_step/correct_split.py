# expect: passed
import numpy as np


def _sigmoid(z):
    # stable for large |z|
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1 / (1 + e), e / (1 + e))


def lstm_step_forward(x, prev_h, prev_c, Wx, Wh, b):
    a = x @ Wx + prev_h @ Wh + b
    ai, af, ao, ag = np.split(a, 4, axis=1)
    i, f, o, g = _sigmoid(ai), _sigmoid(af), _sigmoid(ao), np.tanh(ag)
    next_c = f * prev_c + i * g
    next_h = o * np.tanh(next_c)
    cache = {
        "x": x,
        "h": prev_h,
        "c": prev_c,
        "Wx": Wx,
        "Wh": Wh,
        "gates": (i, f, o, g),
        "nc": next_c,
    }
    return next_h, next_c, cache


def lstm_step_backward(dnext_h, dnext_c, cache):
    i, f, o, g = cache["gates"]
    t = np.tanh(cache["nc"])
    do = dnext_h * t
    dc = dnext_c + dnext_h * o * (1 - t * t)
    dai = dc * g * i * (1 - i)
    daf = dc * cache["c"] * f * (1 - f)
    dao = do * o * (1 - o)
    dag = dc * i * (1 - g * g)
    da = np.concatenate([dai, daf, dao, dag], axis=1)
    dx = da @ cache["Wx"].T
    dprev_h = da @ cache["Wh"].T
    return dx, dprev_h, dc * f, cache["x"].T @ da, cache["h"].T @ da, da.sum(0)
