"""Report URLs take ``round`` (tests/agreements/samples.py: a round of RIKEN's sheet),
``agency`` and ``ministry`` (tests/access_samples.py): no new parameter to sample.

``riken_round`` is the round the report tests use: RIKEN and NIMS (both MEXT), submitted.
"""

from . import factories as f


def riken_round(cast):
    return f.round_with_answers(2023, {
        "riken": {"INT-Q1-1": f.DONE, "INT-Q2": "yes"},
        "nims": {"INT-Q1-1": f.NOT_DONE, "INT-Q1-2": f.CONSIDERING, "INT-Q2": "no"},
    })
