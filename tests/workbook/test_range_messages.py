"""Size limits in Danish messages: the numbers get Danish thousands separators, the prose
keeps its commas (formatting the whole message once turned "Navnestyring, eller" into
"Navnestyring. eller")."""

from __future__ import annotations

import pytest

from som_xl.addin.payload import PayloadError, parse_body
from som_xl.errors import InputError
from som_xl.workbook.backend import check_extent


def test_a_too_large_range_names_its_size_with_danish_separators_and_keeps_the_prose_comma():
    # A1:B1048576: 1,048,576 rows × 2 columns, far over 50,000 cells.
    with pytest.raises(InputError) as info:
        check_extent("som_omkostninger", "Omkostninger", 1, 1, 1_048_576, 2)
    problem = info.value.problems[0]
    assert problem.type == "range-too-large" and problem.location == "Omkostninger!A1"
    assert problem.message == (
        "det navngivne område 'som_omkostninger' peger på Omkostninger!A1:B1048576 (1.048.576 rækker × "
        "2 kolonner); et område må højst have 50.000 celler og ligge over række 100.000. Ret det under "
        "Formler → Navnestyring, eller lav en ny projektmappe med 'som-xl new' og kopiér input over.")


def test_an_oversized_add_in_request_names_both_sizes_with_danish_separators():
    with pytest.raises(PayloadError) as info:
        parse_body(b" " * 2_000_001)
    assert str(info.value) == ("Projektmappens data kunne ikke bruges: forespørgslen er for stor "
                               "(2.000.001 byte; højst 2.000.000).")
