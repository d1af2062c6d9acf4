"""Errors a learner can act on. Each message is one line that says what is wrong and what to do.

Every error the app expects from bad input, a bad file or a busy collection derives from
StudyappError, so the command line and the GUI can show it as one message instead of a
traceback.
"""

from __future__ import annotations


class StudyappError(Exception):
    """A problem explained for the learner in one message."""


class CollectionError(StudyappError):
    """A problem with the collection file or its folder."""


class CollectionLockedError(CollectionError):
    """Another studyapp process has the collection open for writing."""


class CollectionCorruptError(CollectionError):
    """The file fails SQLite's integrity check (and only then)."""


class CollectionTooNewError(CollectionError):
    """The file was written by a newer studyapp."""


class CollectionReadOnlyError(CollectionError):
    """The file or its folder cannot be written; reading still works."""


class CollectionMissingError(CollectionError):
    """The collection file is gone although backups of it exist."""


class NotesFormatError(StudyappError, ValueError):
    """The file cannot be read as study notes; the message is one line naming file and problem."""


class InvalidSettingError(StudyappError, ValueError):
    """A setting outside its allowed range; the message says which and what is allowed."""


class DeckNotFoundError(StudyappError, LookupError):
    """No deck of that name."""


class CardNotFoundError(StudyappError, LookupError):
    """No card with that id."""


class BundledContentMissingError(StudyappError):
    """A file that ships with the app (the bundled deck, a font, an exercise) is missing."""


class UsageError(StudyappError):
    """A command was called with arguments that cannot work together."""


class NotEnoughReviewsError(StudyappError):
    """Too few reviews to fit FSRS parameters to; the message says how many there are."""


class FitNotFoundError(StudyappError, LookupError):
    """No FSRS fit with that id."""


class FitNotBetterError(StudyappError):
    """A fit that predicts no better than the current parameters is never applied."""


class AnkiSupportMissingError(StudyappError):
    """The optional `anki` package (`studyapp[anki]`) is not installed."""


class AnkiPackageError(StudyappError, ValueError):
    """The file is not an Anki package that can be read: damaged, not Anki's, or too large."""


class AnkiPackageTooNewError(AnkiPackageError):
    """The package was written by a newer Anki than the installed `anki` package."""


class RoadmapError(StudyappError, LookupError):
    """No roadmap, week or roadmap item as the learner named it; the message lists what exists."""


class WeekNotFoundError(RoadmapError):
    """A week number outside the course's weeks."""


class RoadmapItemNotFoundError(RoadmapError):
    """No roadmap item of that position or text in the week (or more than one matched)."""


class ReportError(StudyappError):
    """A report cannot be written: an unknown file extension or a path that cannot be written."""
