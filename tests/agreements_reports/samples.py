"""Samples for the report URLs' parameters (tests/access_samples.py): a round targeting RIKEN."""

from tests.access_samples import SAMPLES, sample

from . import factories as f


def riken_round(cast):
    """A submitted FY2023 round of RIKEN (MEXT) and NIMS (MEXT) only."""
    return f.round_with_answers(2023, {
        "riken": {"INT-Q1-1": f.DONE, "INT-Q2": "yes"},
        "nims": {"INT-Q1-1": f.NOT_DONE, "INT-Q1-2": f.CONSIDERING, "INT-Q2": "no"},
    })


# The follow-up loop's own pages may register "round" first; either sample targets RIKEN.
if "round" not in SAMPLES:
    @sample("round")
    def _round(cast):
        return riken_round(cast).pk
