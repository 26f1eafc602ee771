"""Re-anchoring measured on real revisions: public copies of the same Kremlin transcript.

`tests/revisions/tune` is what the rules were written against; `tests/revisions/held_out`
was gathered by colleagues and measured once, after the rules were final (docs/editors/
importing.md, Revised transcripts, has both sets of figures). The floors below are those figures: no
citation may be lost, and the share on its words may not fall.
"""

from pathlib import Path

import pytest
from django.core.management import call_command

from newsroom.coverage import models
from newsroom.coverage.revising.evaluation import evaluate

PAIRS = Path(__file__).parent / "revisions"

pytestmark = pytest.mark.django_db


def test_tuned_figures():
    total = evaluate(PAIRS / "tune")
    assert len(total.pairs) >= 7
    assert total.lost == 0
    assert total.right >= 70 and total.citations == 80
    # Where the new version still holds the words, the citation is on them.
    assert total.right == total.words_kept
    # Matching by position, as before, would leave most on other words.
    assert total.by_position <= 16


def test_held_out_figures():
    total = evaluate(PAIRS / "held_out")
    assert len(total.pairs) == 10 and total.citations == 132
    assert total.lost == 0
    assert total.right == total.words_kept == 106
    # The rest are flagged: gone (10), or on the paragraph their words became (16).
    assert total.flagged_gone + total.flagged_wrong == 26
    assert total.by_position == 66


def test_the_measure_leaves_the_database_as_it_was():
    evaluate(PAIRS / "tune")
    assert not models.Transcript.objects.exists() and not models.Citation.objects.exists()


def test_the_command_prints_each_pair_and_the_totals(capsys):
    call_command("evaluate_revisions", str(PAIRS / "tune"))
    out = capsys.readouterr().out
    assert "mazur-2022-05-10: 12 citations" in out
    assert "7 pairs, 80 citations: 70 on their words" in out and "0 lost" in out


def test_every_pair_is_attributed():
    sources = (PAIRS / "SOURCES.md").read_text(encoding="utf-8")
    for part in ("tune", "held_out"):
        for pair in (PAIRS / part).iterdir():
            if pair.is_dir():
                assert pair.name in sources, pair.name
