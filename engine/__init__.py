"""Reference NumPy implementations of the CS231n layers, losses and update rules.

`engine` is standalone: it never imports `studyapp`, Qt or SQLAlchemy. PyTorch is used only by
tests (to validate every gradient) and by the sample-model trainers, always imported lazily.
"""
