"""CS231n study app: FSRS flashcard review, graded NumPy exercises and weekly progress."""

__version__ = "0.1.0"
