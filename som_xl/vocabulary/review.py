"""Review statuses of a record in the experience database, and what its audit log records.

``indsendt`` → ``beskrevet`` → ``offentliggjort``, or ``afvist`` (with a reason); the
contributor may withdraw (``trukket_tilbage``). Only ``offentliggjort`` is public.
"""

from som_xl.vocabulary.labelled import Codes, Labelled


class ReviewStatus(Labelled):
    SUBMITTED = "indsendt", "Indsendt"
    DESCRIBED = "beskrevet", "Beskrevet"
    PUBLISHED = "offentliggjort", "Offentliggjort"
    """The one status anonymous readers see."""
    REJECTED = "afvist", "Afvist"
    WITHDRAWN = "trukket_tilbage", "Trukket tilbage"


REVIEW_STATUSES: dict[str, str] = ReviewStatus.labels()
"""Status code → Danish label."""
DEFAULT_REVIEW_STATUS: str = ReviewStatus.SUBMITTED.value
PUBLISHED: str = ReviewStatus.PUBLISHED.value
"""The one status anonymous readers see."""


class AuditAction(Codes):
    """What an entry of a record's audit log (``audit_log.action``) says happened."""

    SUBMITTED = "indsendt"
    EDITED = "redigeret"
    STATUS = "status"
    FOLLOW_UP = "opfølgning"
    """A follow-up (actual figures) was submitted as a new record of the same calculation."""


class RecordOrigin(Labelled):
    """Where a record comes from (``origin``)."""

    SHARED = "delt", "Delt af brugerne"
    PUBLISHED = "publiceret", "Offentliggjort materiale (gengivet, ikke genberegnet)"
    """Published material reproduced as seen (the web site's seed)."""


RECORD_ORIGINS: dict[str, str] = RecordOrigin.labels()
DEFAULT_RECORD_ORIGIN: str = RecordOrigin.SHARED.value
