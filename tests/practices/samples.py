"""Access-matrix samples for the good-practice URLs: each belongs to RIKEN."""

from practices.models import Practice
from tests.access_samples import sample
from tests.practices import factories


@sample("practice")
def _practice(cast):
    """RIKEN's entry, submitted and not yet published: outsiders must not learn it exists."""
    return factories.practice(cast.agency, state=Practice.State.SUBMITTED).pk


@sample("attachment")
def _attachment(cast):
    """A PDF attached to RIKEN's submitted entry: outsiders must not learn it exists."""
    from django.core.files.base import ContentFile

    from practices.models import Attachment

    entry = factories.practice(cast.agency, state=Practice.State.SUBMITTED)
    attachment = Attachment(practice=entry, name="事例.pdf", content_type="application/pdf",
                            size=8)
    attachment.file.save("example.pdf", ContentFile(b"%PDF-1.4"), save=False)
    attachment.save()
    return attachment.pk
