"""API v1 endpoints. Reads scope through kokken.access; writes call agreements.services."""

from __future__ import annotations

from django.db.models import F, Prefetch, QuerySet
from django.http import FileResponse, Http404
from django.utils import translation
from django_filters.utils import translate_validation
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import mixins
from rest_framework.decorators import action, api_view, permission_classes
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from agreements import aggregation, reports, selectors, services
from agreements.models import (
    Answer,
    Question,
    Questionnaire,
    ReportJob,
    Round,
    Section,
    Sheet,
    asked,
)
from kokken import access
from kokken.access import AgencyRule, Load, MinistryRule, Perm, Scoped
from kokken.filters import AgencyFilter
from kokken.models import Agency, DataTransfer, Ministry
from kokken.registers import registered

from . import filters, serializers
from .base import AccessViewSet


class ReadOnly(mixins.ListModelMixin, mixins.RetrieveModelMixin, AccessViewSet):
    pass


class AgencyViewSet(ReadOnly):
    """The agencies the user may see (their own; a ministry's supervised ones; all for the
    secretariat)."""

    serializer_class = serializers.AgencySerializer
    detail_access_rule = AgencyRule(Perm.VIEW, "agency")
    lookup_field = "code"
    lookup_url_kwarg = "agency"
    lookup_value_converter = "slug"
    filterset_class = filters.AgencyFilter

    def get_queryset(self) -> QuerySet[Agency]:
        return access.agencies(self.request.user).prefetch_related("ministries").order_by("code")


class MinistryViewSet(ReadOnly):
    """The ministries whose pages the user may open (own ministry; all for the secretariat)."""

    serializer_class = serializers.MinistrySerializer
    detail_access_rule = MinistryRule("ministry")
    lookup_field = "code"
    lookup_url_kwarg = "ministry"
    lookup_value_converter = "slug"

    def get_queryset(self) -> QuerySet[Ministry]:
        return access.ministries(self.request.user)


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
            qs = qs.filter(pk__in=selectors.rounds_for(self.request.user).values("questionnaire"))
        if self.action == "retrieve":
            questions = Question.objects.select_related("show_if_question").prefetch_related(
                "options").order_by("order")
            qs = qs.prefetch_related(Prefetch(
                "sections", Section.objects.order_by("order").prefetch_related(
                    Prefetch("questions", questions))))
        return qs.order_by("code", "-version")


class RoundViewSet(ReadOnly):
    """Rounds the user sees (the pages' ``rounds_for``); rounds in preparation only for the
    secretariat."""

    serializer_class = serializers.RoundSerializer
    lookup_url_kwarg = "round_id"
    filterset_class = filters.RoundFilter

    def get_queryset(self) -> QuerySet[Round]:
        # Only the serialized columns; the targets' codes are read for the whole page by
        # the serializer (api.serializers.round_targets), not as Agency objects (issue 18).
        return (selectors.rounds_for(self.request.user).select_related(None)
                .only(*(f for f in serializers.RoundSerializer.Meta.fields if f != "targets"))
                .order_by("-fiscal_year", "-created_at", "-id"))

    @extend_schema(parameters=[serializers.AggregateQuerySerializer,
                               *filters.query_parameters(AgencyFilter)],
                   responses={200: serializers.RoundAggregateSerializer})
    @action(detail=True, methods=["get"], filter_backends=[], pagination_class=None)
    def aggregate(self, request, round_id: int):
        """Share of agencies per answer (n, 非該当 and 無回答 as on the page), on a basis.

        As on the round's aggregate page: published rounds for every signed-in user, earlier
        the secretariat and the reviewers (over the agencies their ministry supervises).
        """
        user = request.user
        round = selectors.round_for_aggregate(user, round_id)
        query = serializers.AggregateQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        basis = aggregation.Basis(query.validated_data["basis"])
        # The page's own FilterSet: the same agencies, the same values refused.
        agencies = AgencyFilter(request.query_params,
                                queryset=selectors.aggregate_agencies(user, round))
        if not agencies.is_valid():
            raise translate_validation(agencies.errors)
        result = aggregation.aggregate(rounds=[round], agencies=agencies.qs,
                                       basis=basis)[round.pk]
        return Response(serializers.RoundAggregateSerializer(result).data)


class SheetViewSet(ReadOnly):
    """Response sheets of the agencies the user sees; the detail carries the answers."""

    detail_access_rule = Scoped(Perm.VIEW, Load("sheet_id"))
    lookup_url_kwarg = "sheet_id"
    filterset_class = filters.SheetFilter

    def get_serializer_class(self):
        if self.detail:
            return serializers.SheetDetailSerializer
        return serializers.SheetSerializer

    def base_queryset(self) -> QuerySet[Sheet]:
        if self.detail:
            qs = Sheet.objects.select_related("agency", "round").prefetch_related(Prefetch(
                "answers", Answer.objects.filter(asked()).select_related("question", "updated_by")
                .order_by("question__order")))
        else:
            # A list row names its round by id and its agency by code: only those are read
            # of either (issue 18: the rounds' and agencies' other columns, 50 rows a page),
            # the code as a column of the row (SheetSerializer), not as 50 Agency objects.
            qs = Sheet.objects.only(*serializers.SheetSerializer.Meta.fields).annotate(
                agency_code=F("agency__code"))
        return qs.order_by("round_id", "agency__code")

    @extend_schema(request=serializers.AnswersUpdateSerializer,
                   responses={200: serializers.AnswersUpdatedSerializer})
    @action(detail=True, methods=["patch"], access_perm=Perm.EDIT, filter_backends=[],
            pagination_class=None)
    def answers(self, request, sheet_id: int):
        """Save answers by question code, all or nothing.

        Send the ``version`` you read: if another user changed one of these answers since,
        nothing is saved and the answer is 409 ``stale_edit`` with ``details.changes`` (what
        changed, by whom, when in Japan time). Your own earlier changes never conflict.
        """
        sheet = self.get_object()
        data = self._valid(serializers.AnswersUpdateSerializer)
        changes = services.answers_save(sheet=sheet, user=request.user, raw=data["answers"],
                                        base_version=data["version"], source="api")
        return Response({"version": sheet.version, "state": sheet.state,
                         "changed": [c.question.code for c in changes]})

    @extend_schema(methods=["get"], responses={200: serializers.TransitionsSerializer})
    @extend_schema(methods=["post"], request=serializers.TransitionRequestSerializer,
                   responses={200: serializers.SheetSerializer})
    @action(detail=True, methods=["get", "post"], filter_backends=[], pagination_class=None)
    def transitions(self, request, sheet_id: int):
        """GET: the sheet's history and the actions you may take now. POST: take one
        (``request_approval``, ``send_back`` with a note, ``submit``, ``request_approval_unchanged``
        and ``resubmit_unchanged`` with a note, ``return`` with a comment,
        ``accept``); who may take which is decided by the service, as on the pages."""
        sheet = self.get_object()
        if request.method == "GET":
            available = services.actions_for(sheet=sheet, user=request.user)
            return Response(serializers.TransitionsSerializer({
                "available": [{"name": a.name, "label": str(a.label),
                               "needs_comment": a.needs_comment} for a in available],
                "history": sheet.transitions.select_related("by"),
            }).data)
        data = self._valid(serializers.TransitionRequestSerializer)
        sheet = services.sheet_transition(sheet=sheet, user=request.user, action=data["action"],
                                          comment=data.get("comment", ""),
                                          base_version=data.get("version"))
        return Response(serializers.SheetSerializer(sheet).data)

    def _valid(self, serializer_class) -> dict:
        serializer = serializer_class(data=self.request.data)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data


class ReportJobViewSet(ReadOnly):
    """PDF reports: request one (202), poll its status, download the file when done.

    Annual reports are the secretariat's; agency reports are for whoever may view the agency;
    ministry reports for the ministry's reviewers and the secretariat.
    """

    serializer_class = serializers.ReportJobSerializer
    detail_access_rule = Scoped(Perm.VIEW, Load("report_job_id", visible=access.report_jobs))
    lookup_url_kwarg = "report_job_id"

    def base_queryset(self):
        return ReportJob.objects.select_related("round", "agency", "ministry")

    def get_queryset(self):
        return access.report_jobs(self.request.user, self.base_queryset()).order_by(
            "-requested_at", "-id")

    def get_object(self):
        job = super().get_object()
        reports.report_expire_stale(job)
        return job

    @extend_schema(request=serializers.ReportJobRequestSerializer,
                   responses={202: serializers.ReportJobSerializer})
    def create(self, request):
        data = serializers.ReportJobRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        kind = data.validated_data["kind"]
        round = selectors.rounds_for(request.user).filter(pk=data.validated_data["round"]).first()
        agency = ministry = None
        if kind == ReportJob.Kind.AGENCY:
            agency = access.agencies(request.user).filter(
                code=data.validated_data.get("agency", "")).first()
        elif kind == ReportJob.Kind.MINISTRY:
            ministry = access.ministries(request.user).filter(
                code=data.validated_data.get("ministry", "")).first()
        if round is None or (kind == ReportJob.Kind.AGENCY and agency is None) or (
                kind == ReportJob.Kind.MINISTRY and ministry is None):
            raise Http404
        job = reports.report_request(user=request.user, kind=kind, round=round, agency=agency,
                                     ministry=ministry)
        return Response(self.get_serializer(job).data, status=202)

    @extend_schema(responses={(200, "application/pdf"): OpenApiTypes.BINARY})
    @action(detail=True, methods=["get"], filter_backends=[], pagination_class=None)
    def download(self, request, report_job_id: int):
        job = self.get_object()
        if not job.file:
            raise Http404
        try:
            handle = job.file.open("rb")
        except FileNotFoundError:
            raise Http404 from None
        with translation.override(job.language or "ja"):
            filename = reports.REPORTS[job.kind].filename(job)
        DataTransfer.record(user=request.user, direction=DataTransfer.Direction.EXPORT,
                            what=f"report:{job} (api)", filename=filename, size=job.file.size,
                            agency=job.agency)
        return FileResponse(handle, as_attachment=True, filename=filename,
                            content_type="application/pdf")


RESOURCES = {"agencies": "agency", "ministries": "ministry", "questionnaires": "questionnaire",
             "rounds": "round", "sheets": "sheet", "report_jobs": "report-job"}


@extend_schema(responses={200: OpenApiTypes.OBJECT}, summary="API index")
@api_view(["GET"])
@permission_classes([IsAuthenticated])
def _api_index(request):
    """The API's front door: what it offers and where, in JSON (not an HTML 404)."""
    from django.urls import reverse

    from . import registers  # it builds on this module's viewsets

    def url(name: str) -> str:
        return request.build_absolute_uri(reverse(f"api:{name}"))

    return Response({
        "version": "v1",
        "resources": {key: url(f"{name}-list") for key, name in RESOURCES.items()},
        # The chapters' registers (api/registers.py), keyed "<namespace>/<segment>".
        "registers": {f"{r.namespace}/{r.segment}": url(f"{r.namespace}-{r.key}-list")
                      for r in registered()},
        # Their one-record-per-year forms (kokken/records.py), keyed "<namespace>/<segment>".
        "records": {registers.record_prefix(r): url(f"{r.namespace}-{r.key}-list")
                    for r in registers.annual_records()},
        "schema": url("schema"),
        "docs": url("docs"),
        "authentication": "Authorization: Bearer <personal token from your profile page>",
    })


# DRF authenticates first (API tokens), then checks the rule: the same as the viewsets.
api_index = access.for_api(access.SignedIn(), _api_index)
