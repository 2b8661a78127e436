"""API v1 endpoints. Reads scope through kokken.access; writes call agreements.services."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from rest_framework import mixins

from agreements.models import Answer, Question, Questionnaire, Round, Section, Sheet
from kokken import access
from kokken.access import Perm, Rule
from kokken.models import Agency, Ministry

from . import filters, serializers
from .base import AccessViewSet


class ReadOnly(mixins.ListModelMixin, mixins.RetrieveModelMixin, AccessViewSet):
    pass


class AgencyViewSet(ReadOnly):
    """The agencies the user may see (their own; a ministry's supervised ones; all for the
    secretariat)."""

    serializer_class = serializers.AgencySerializer
    detail_access_rule = Rule("agency", Perm.VIEW, ("agency",))
    lookup_field = "code"
    lookup_url_kwarg = "agency"
    lookup_value_converter = "slug"
    filterset_class = filters.AgencyFilter

    def get_queryset(self) -> QuerySet[Agency]:
        return access.agencies(self.request.user).prefetch_related("ministries").order_by("code")


class MinistryViewSet(ReadOnly):
    """The ministries whose pages the user may open (own ministry; all for the secretariat)."""

    serializer_class = serializers.MinistrySerializer
    detail_access_rule = Rule("ministry", None, ("ministry",))
    lookup_field = "code"
    lookup_url_kwarg = "ministry"
    lookup_value_converter = "str"

    def get_queryset(self) -> QuerySet[Ministry]:
        return access.ministries(self.request.user)


def visible_rounds(user) -> QuerySet[Round]:
    """Rounds that target an agency the user sees; rounds in preparation only for the
    secretariat, who runs them."""
    if access.has_global(user, Perm.MANAGE):
        return Round.objects.all()
    return (access.scope(Round.objects.all(), user, Perm.VIEW, field="targets")
            .exclude(status=Round.Status.DRAFT).distinct())


class QuestionnaireViewSet(ReadOnly):
    """Questionnaire versions used by the rounds the user sees (all for the secretariat)."""

    lookup_url_kwarg = "questionnaire_id"
    pagination_class = None  # a handful of versions

    def get_serializer_class(self):
        if self.action == "retrieve":
            return serializers.QuestionnaireDetailSerializer
        return serializers.QuestionnaireSerializer

    def get_queryset(self) -> QuerySet[Questionnaire]:
        qs = Questionnaire.objects.all()
        if not access.has_global(self.request.user, Perm.MANAGE):
            qs = qs.filter(pk__in=visible_rounds(self.request.user).values("questionnaire"))
        if self.action == "retrieve":
            questions = Question.objects.select_related("show_if_question").prefetch_related(
                "options").order_by("order")
            qs = qs.prefetch_related(Prefetch(
                "sections", Section.objects.order_by("order").prefetch_related(
                    Prefetch("questions", questions))))
        return qs.order_by("code", "-version")


class RoundViewSet(ReadOnly):
    serializer_class = serializers.RoundSerializer
    lookup_url_kwarg = "round_id"
    filterset_class = filters.RoundFilter

    def get_queryset(self) -> QuerySet[Round]:
        return (visible_rounds(self.request.user).prefetch_related("targets")
                .order_by("-fiscal_year", "-created_at", "-id"))


class SheetViewSet(ReadOnly):
    """Response sheets of the agencies the user sees; the detail carries the answers."""

    detail_access_rule = Rule("scoped", Perm.VIEW, ("sheet_id",))
    lookup_url_kwarg = "sheet_id"
    filterset_class = filters.SheetFilter

    def get_serializer_class(self):
        if self.detail:
            return serializers.SheetDetailSerializer
        return serializers.SheetSerializer

    def base_queryset(self) -> QuerySet[Sheet]:
        qs = Sheet.objects.select_related("agency", "round")
        if self.detail:
            qs = qs.prefetch_related(Prefetch(
                "answers", Answer.objects.select_related("question", "updated_by")
                .order_by("question__order")))
        return qs.order_by("round_id", "agency__code")
