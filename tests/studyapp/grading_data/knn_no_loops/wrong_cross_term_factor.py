# expect: forward: the cross term is missing its factor 2
import numpy as np


def compute_distances_no_loops(X_test, X_train):
    test_sq = np.sum(X_test**2, axis=1)[:, None]
    train_sq = np.sum(X_train**2, axis=1)[None, :]
    return np.sqrt(np.maximum(test_sq + train_sq - X_test @ X_train.T, 0))
