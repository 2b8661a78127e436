"""bench/bigdata.py's registers (the benchmarks' large case, at a hundredth of its size):
the same rows for the same seed, and a second run adds nothing."""

import io

import pytest

from bench import bigdata
from kokken.models import Agency, Role
from tests.conftest import make_user

MODELS = [*bigdata.REGISTERS, *bigdata.CHAPTER_REGISTERS]
SKIPPED = {"id", "updated_at", "created_at"}


@pytest.fixture
def organisations(cast):
    make_user("secretariat", Role.SECRETARIAT)  # publishes the bench's good practices


def _run(seed: int = 1) -> None:
    bigdata.registers(2, seed, io.StringIO(), scale=0.01)
    bigdata.chapter_registers(2, seed, io.StringIO(), scale=0.01)


def _rows(model) -> list:
    """The rows as values, related rows by what names them (ids differ between runs)."""
    names = []
    for field in model._meta.concrete_fields:
        if field.name in SKIPPED:
            continue
        if field.related_model is Agency:
            names.append(f"{field.name}__code")
        elif field.is_relation:
            names.append(f"{field.name}__{'title' if field.name == 'programme' else 'pk'}")
        else:
            names.append(field.name)
    return sorted(model.objects.values_list(*names), key=repr)


def _wipe() -> None:
    for model in MODELS:
        for row in model.objects.all():
            row.delete()
        model.history.all().delete()


def test_bench_registers_are_the_same_rows_for_the_same_seed(organisations):
    _run(seed=1)
    first = {model: _rows(model) for model in MODELS}
    _wipe()
    _run(seed=1)

    assert {model: _rows(model) for model in MODELS} == first
    assert all(first[model] for model in MODELS), "every register got rows"


def test_a_second_bench_run_adds_no_row_and_every_row_has_its_history(organisations):
    _run()
    counts = {model: model.objects.count() for model in MODELS}
    _run()

    assert {model: model.objects.count() for model in MODELS} == counts
    for model in MODELS:
        assert model.history.filter(history_type="+",
                                    history_change_reason=bigdata.REASON).count() == counts[model]
