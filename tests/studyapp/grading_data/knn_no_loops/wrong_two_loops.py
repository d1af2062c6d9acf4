# expect: no loops: this exercise is to be written without Python loops
# expect: speed: vectorise it
import numpy as np


def compute_distances_no_loops(X_test, X_train):
    dists = np.zeros((X_test.shape[0], X_train.shape[0]))
    for i in range(X_test.shape[0]):
        for j in range(X_train.shape[0]):
            dists[i, j] = np.sqrt(np.sum((X_test[i] - X_train[j]) ** 2))
    return dists
