"""k-nearest neighbours: predicting labels from a distance matrix.

Only numpy, math and the standard library's pure modules may be imported.
"""

import numpy as np  # noqa: F401


def predict_labels(dists, y_train, k):
    """Predict a label for every test point by a majority vote among its k nearest training
    points; a tie in the vote goes to the smallest label.

    Inputs:
    - dists: (N_test, N_train) distances; dists[i, j] is between test point i and training point j
    - y_train: (N_train,) integer labels of the training points
    - k: the number of nearest neighbours that vote, 1 <= k <= N_train

    Returns:
    - y_pred: (N_test,) integer predicted labels
    """
    raise NotImplementedError("predict_labels")
