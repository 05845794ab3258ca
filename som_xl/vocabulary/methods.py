"""What a part of the knowledge package was made from (``som_xl_method`` in ``datapackage.json``)."""

from som_xl.vocabulary.labelled import Codes
from som_xl.vocabulary.qualities import Quality


class MethodBasis(Codes):
    """The ``basis`` of how consequences, effects or prices were made."""

    ILLUSTRATIVE = Quality.ILLUSTRATIVE.value
    SOURCED = Quality.SOURCED.value
    REGISTER_DATA = "registerdata"
    MIXED = "blandet"
    UNKNOWN = "ukendt"
    """The package does not say (never written in a package)."""


METHOD_BASES: tuple[str, ...] = tuple(b.value for b in MethodBasis if b is not MethodBasis.UNKNOWN)
"""The bases a package may give."""
