# expect: inputs unchanged: relu_forward changed its argument x in place


def relu_forward(x):
    x[x < 0] = 0
    return x, x


def relu_backward(dout, cache):
    x = cache
    return dout * (x > 0)
