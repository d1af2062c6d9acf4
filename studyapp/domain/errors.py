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
