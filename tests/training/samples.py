"""Access-matrix samples for the II-2 URLs: each belongs to RIKEN."""

from tests.access_samples import sample
from tests.training import factories


@sample("programme")
def _programme(cast):
    return factories.programme(cast.agency).pk


@sample("seatrequest")
def _seatrequest(cast):
    """RIKEN's request for seats in a NIMS programme."""
    return factories.seat_request(cast.agency, factories.programme(factories.nims())).pk


@sample("strategy")
def _strategy(cast):
    """RIKEN's strategy with its document."""
    import datetime

    from django.core.files.base import ContentFile

    from training.models import Strategy

    found = Strategy.objects.filter(agency=cast.agency, fiscal_year=2024).first()
    if found is not None:   # asked once per user and method
        return found.pk
    strategy = Strategy(agency=cast.agency, fiscal_year=2024, exists=True,
                        adopted_on=datetime.date(2024, 4, 1), document_name="戦略.pdf",
                        document_type="application/pdf")
    strategy.document.save("strategy.pdf", ContentFile(b"%PDF-1.4"), save=False)
    strategy.save()
    return strategy.pk
