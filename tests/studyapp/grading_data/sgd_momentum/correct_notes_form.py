# expect: passed


def sgd_momentum(w, dw, config=None):
    # the notes' form: vx = rho * vx + dx; x -= learning_rate * vx
    config = {} if config is None else config
    lr = config.setdefault("learning_rate", 1e-2)
    rho = config.setdefault("momentum", 0.9)
    vx = rho * config.get("velocity", 0.0) + dw
    config["velocity"] = vx
    return w - lr * vx, config
