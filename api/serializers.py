"""Thin serializers: names of things in both languages, answers as their stored values."""

from __future__ import annotations

from django.db.models import Manager
from django.utils.timezone import get_current_timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import ISO_8601, serializers
from rest_framework.settings import api_settings

from agreements import answers as values
from agreements import services
from agreements.models import (
    Answer,
    Option,
    Question,
    Questionnaire,
    ReportJob,
    Round,
    Section,
    Sheet,
    Transition,
)
from kokken import access
from kokken.models import Agency, Ministry


class MinistrySerializer(serializers.ModelSerializer):
    class Meta:
        model = Ministry
        fields = ["code", "name_ja", "name_en", "order"]


class AgencySerializer(serializers.ModelSerializer):
    ministries = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)

    class Meta:
        model = Agency
        fields = ["code", "abbr", "name_ja", "name_en", "short_name_ja", "ministries",
                  "designated", "funding_agency", "valid_from", "valid_until"]


class OptionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Option
        fields = ["code", "label_ja", "label_en", "order"]


class QuestionSerializer(serializers.ModelSerializer):
    options = OptionSerializer(many=True, read_only=True)
    show_if_question = serializers.SlugRelatedField(slug_field="code", read_only=True,
                                                    allow_null=True)

    class Meta:
        model = Question
        fields = ["code", "kind", "text_ja", "text_en", "help_ja", "help_en", "required",
                  "order", "max_length", "show_if_question", "show_if_values",
                  "refines_parent", "applies_to", "options"]


class SectionSerializer(serializers.ModelSerializer):
    questions = QuestionSerializer(many=True, read_only=True)

    class Meta:
        model = Section
        fields = ["code", "title_ja", "title_en", "order", "chapter", "questions"]


class QuestionnaireSerializer(serializers.ModelSerializer):
    class Meta:
        model = Questionnaire
        fields = ["id", "code", "version", "title_ja", "title_en", "description_ja",
                  "description_en", "locked_at"]


class QuestionnaireDetailSerializer(QuestionnaireSerializer):
    sections = SectionSerializer(many=True, read_only=True)

    class Meta(QuestionnaireSerializer.Meta):
        fields = [*QuestionnaireSerializer.Meta.fields, "sections"]


def round_targets(user, round_ids) -> dict[int, list[str]]:
    """Round id → codes of its target agencies that ``user`` may see (not the others), in
    code order: one query over the targets' link rows, no Agency objects (issue 18)."""
    links = Round.targets.through.objects.filter(round_id__in=round_ids)
    if not access.sees_every_agency(user):
        links = links.filter(agency_id__in=access.agencies(user).values("pk"))
    targets: dict[int, list[str]] = {pk: [] for pk in round_ids}
    for round_id, code in links.order_by("agency__code").values_list("round_id", "agency__code"):
        targets[round_id].append(code)
    return targets


class RoundListSerializer(serializers.ListSerializer):
    """Reads the page's targets at once, for ``RoundSerializer.get_targets``."""

    def to_representation(self, data):
        rounds = list(data.all() if isinstance(data, Manager) else data)
        self.context["round_targets"] = round_targets(self.context["request"].user,
                                                      [r.pk for r in rounds])
        return [self.child.to_representation(r) for r in rounds]


_DATETIME = serializers.DateTimeField()


def _date(value) -> str | None:
    """What a DRF DateField writes (ISO 8601)."""
    return None if value is None else value.isoformat()


def _moment(value, tz) -> str | None:
    """What a DRF DateTimeField writes: ISO 8601 in the current time zone ``tz``, UTC as Z."""
    if value is None:
        return None
    if value.tzinfo is None:
        return _DATETIME.to_representation(value)
    text = value.astimezone(tz).isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


class PlainRows:
    """A ModelSerializer mixin that writes a row as its fields would, without DRF's walk
    through every field of every row (get_attribute, the None check, to_representation):
    once per serializer each readable field becomes a read of one attribute and a converter
    giving the same value; a field of another kind keeps its own ``to_representation``, and
    a field read other than by one attribute sends the whole row the fields' way. The
    fields still describe the schema (issue 18: a third of a register list's time)."""

    def to_representation(self, instance):
        plan = self.__dict__.get("_row_plan")
        if plan is None:
            plan = self._row_plan = _row_plan(self._readable_fields)
        if plan is False:
            return super().to_representation(instance)
        tz = get_current_timezone()
        row = {}
        for name, attr, convert in plan:
            value = getattr(instance, attr)
            row[name] = None if value is None else convert(value, tz)
        return row


def _row_plan(fields) -> list | bool:
    """(name, attribute, converter) per field as PlainRows reads it, or False."""
    plan = []
    for field in fields:
        if len(field.source_attrs) != 1 or isinstance(field, serializers.PrimaryKeyRelatedField):
            return False
        plan.append((field.field_name, field.source_attrs[0], _converter(field)))
    return plan


def _converter(field):
    """What ``field.to_representation`` gives of a value that is not None."""
    kind = type(field)
    if kind is serializers.IntegerField:
        return lambda value, tz: int(value)
    if kind in (serializers.CharField, serializers.URLField):
        return lambda value, tz: str(value)
    if kind is serializers.BooleanField:
        return lambda value, tz: value if value is True or value is False else (
            field.to_representation(value))
    if (kind is serializers.DateTimeField and not hasattr(field, "timezone")
            and getattr(field, "format", api_settings.DATETIME_FORMAT) == ISO_8601):
        return _moment
    if (kind is serializers.DateField
            and getattr(field, "format", api_settings.DATE_FORMAT) == ISO_8601):
        return lambda value, tz: value.isoformat()
    if kind is serializers.SlugRelatedField and "__" not in field.slug_field:
        slug = field.slug_field
        return lambda value, tz: getattr(value, slug)
    return lambda value, tz: field.to_representation(value)


class RoundSerializer(serializers.ModelSerializer):
    targets = serializers.SerializerMethodField()

    class Meta:
        model = Round
        fields = ["id", "title_ja", "title_en", "fiscal_year", "questionnaire", "status",
                  "opens_on", "due_on", "opened_at", "closed_at", "published_at", "targets"]
        list_serializer_class = RoundListSerializer

    def to_representation(self, round: Round) -> dict:
        """What ModelSerializer's fields give (a test compares the two), without building
        and running a dozen DRF fields per response and per round (issue 18); the fields
        still describe the schema."""
        tz = get_current_timezone()
        return {
            "id": round.pk,
            "title_ja": round.title_ja,
            "title_en": round.title_en,
            "fiscal_year": round.fiscal_year,
            "questionnaire": round.questionnaire_id,
            "status": str(round.status),
            "opens_on": _date(round.opens_on),
            "due_on": _date(round.due_on),
            "opened_at": _moment(round.opened_at, tz),
            "closed_at": _moment(round.closed_at, tz),
            "published_at": _moment(round.published_at, tz),
            "targets": self.get_targets(round),
        }

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_targets(self, round: Round) -> list[str]:
        """Codes of the target agencies the user may see (not the others)."""
        targets = self.context.get("round_targets")
        if targets is None or round.pk not in targets:  # one round (the detail)
            targets = round_targets(self.context["request"].user, [round.pk])
        return targets[round.pk]


class AnswerSerializer(serializers.ModelSerializer):
    question = serializers.CharField(source="question.code")
    kind = serializers.CharField(source="question.kind")
    value = serializers.SerializerMethodField()
    updated_by = serializers.SlugRelatedField(slug_field="username", read_only=True,
                                              allow_null=True)

    class Meta:
        model = Answer
        fields = ["question", "kind", "value", "updated_by", "updated_at"]

    @extend_schema_field(OpenApiTypes.ANY)
    def get_value(self, answer: Answer):
        """The stored value: an option code, a list of codes, a number, a date or a text."""
        return values.to_json(answer.question, values.get(answer, answer.question))


class SheetSerializer(serializers.ModelSerializer):
    agency = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Sheet
        fields = ["id", "round", "agency", "state", "version", "receipt_number",
                  "submitted_at", "returned_at", "accepted_at", "updated_at"]

    def to_representation(self, sheet: Sheet) -> dict:
        """What ModelSerializer's fields give (a test compares the two), by hand: the list's
        50 rows through ten DRF fields each were a third of its time (issue 18)."""
        tz = get_current_timezone()
        return {
            "id": sheet.pk,
            "round": sheet.round_id,
            "agency": self._agency_code(sheet),
            "state": str(sheet.state),
            "version": sheet.version,
            "receipt_number": sheet.receipt_number,
            "submitted_at": _moment(sheet.submitted_at, tz),
            "returned_at": _moment(sheet.returned_at, tz),
            "accepted_at": _moment(sheet.accepted_at, tz),
            "updated_at": _moment(sheet.updated_at, tz),
        }

    @staticmethod
    def _agency_code(sheet: Sheet) -> str | None:
        """The list annotates it (``agency_code``); a sheet of its own reads its agency."""
        if sheet.agency_id is None:
            return None
        code = getattr(sheet, "agency_code", None)
        return sheet.agency.code if code is None else code


class SheetDetailSerializer(SheetSerializer):
    answers = AnswerSerializer(many=True, read_only=True)

    class Meta(SheetSerializer.Meta):
        fields = [*SheetSerializer.Meta.fields, "answers"]

    # The detail's rows through its fields, as declared (one sheet and its answers).
    to_representation = serializers.ModelSerializer.to_representation



# --- Writes ---------------------------------------------------------------------------

def _no_nul(value) -> None:
    """Databases refuse NUL characters in text; say so instead of failing."""
    if isinstance(value, str) and "\x00" in value:
        raise serializers.ValidationError(_("Null characters are not allowed."))
    if isinstance(value, dict):
        for key, item in value.items():
            _no_nul(key)
            _no_nul(item)
    elif isinstance(value, list):
        for item in value:
            _no_nul(item)


class AnswersUpdateSerializer(serializers.Serializer):
    version = serializers.IntegerField(
        min_value=0, max_value=2**31 - 1,
        help_text="The sheet's version when you read it. Conflicts are per answer: only if "
                  "another user changed one of the answers you send since that version (and "
                  "you would replace their value), nothing is saved and the answer is 409 "
                  "naming who changed what and when. Your own earlier changes never conflict.")
    answers = serializers.DictField(
        child=serializers.JSONField(allow_null=True), allow_empty=False, validators=[_no_nul],
        help_text="Question code → value: an option code (single choice, yes/no), a list of "
                  "option codes (multiple choice), a number, an ISO date (YYYY-MM-DD) or a "
                  "text; null clears the answer.")


class AnswersUpdatedSerializer(serializers.Serializer):
    version = serializers.IntegerField()
    state = serializers.CharField()
    changed = serializers.ListField(child=serializers.CharField(),
                                    help_text="Codes of the questions whose answer changed.")


class TransitionRequestSerializer(serializers.Serializer):
    action = serializers.ChoiceField(choices=sorted(services.ACTIONS))
    comment = serializers.CharField(required=False, allow_blank=True, max_length=4000)
    version = serializers.IntegerField(
        required=False, allow_null=True, min_value=0, max_value=2**31 - 1,
        help_text="Optional: refuse (409) if the sheet changed since this version.")


class ActionSerializer(serializers.Serializer):
    name = serializers.CharField()
    label = serializers.CharField()
    needs_comment = serializers.BooleanField()


class TransitionSerializer(serializers.ModelSerializer):
    by = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)

    class Meta:
        model = Transition
        fields = ["from_state", "to_state", "by", "at", "comment"]


class TransitionsSerializer(serializers.Serializer):
    available = ActionSerializer(many=True, help_text="What you may do with the sheet now.")
    history = TransitionSerializer(many=True)


# --- Aggregates -------------------------------------------------------------------------

class AggregateQuerySerializer(serializers.Serializer):
    # ministry / designated / funding: the page's AgencyFilter (kokken/filters.py)
    basis = serializers.ChoiceField(
        choices=["submitted", "accepted"], required=False, default="submitted",
        help_text="Which sheets count: submitted and accepted ones (default) or accepted only.")


class OutcomeSerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()
    count = serializers.IntegerField()
    share = serializers.FloatField(help_text="Of n (the counted sheets the question applied "
                                   "to), 0..1. Multiple choice: of respondents, so the "
                                   "shares may add up to more than 1.")


class NumberStatsSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    total = serializers.FloatField(allow_null=True)
    mean = serializers.FloatField(allow_null=True)
    median = serializers.FloatField(allow_null=True)
    minimum = serializers.FloatField(allow_null=True)
    maximum = serializers.FloatField(allow_null=True)


class QuestionAggregateSerializer(serializers.Serializer):
    code = serializers.CharField()
    kind = serializers.CharField(source="question.kind")
    text_ja = serializers.CharField(source="question.text_ja")
    text_en = serializers.CharField(source="question.text_en")
    responses = serializers.IntegerField(help_text="Counted sheets (on the requested basis).")
    n = serializers.IntegerField(help_text="Of them, the sheets the question applied to.")
    not_applicable = serializers.IntegerField(
        help_text="Counted sheets whose earlier answers did not lead to the question (非該当).")
    answered = serializers.IntegerField()
    no_answer = serializers.IntegerField(help_text="Of n, the sheets left blank (無回答).")
    outcomes = OutcomeSerializer(many=True)
    numbers = NumberStatsSerializer(allow_null=True)
    refined_by = serializers.CharField(source="refined_by.code", read_only=True, allow_null=True,
                                       help_text="The two-part question merged in here.")


class RoundAggregateSerializer(serializers.Serializer):
    round = serializers.IntegerField(source="round.pk")
    fiscal_year = serializers.IntegerField(source="round.fiscal_year")
    targets = serializers.IntegerField(help_text="Target agencies counted here.")
    responses = serializers.IntegerField(help_text="Of them, sheets submitted or accepted.")
    questions = QuestionAggregateSerializer(many=True)


class ReportJobSerializer(serializers.ModelSerializer):
    """A report's generation status; ``download`` is set once the file exists."""

    agency = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    ministry = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    download = serializers.SerializerMethodField()

    class Meta:
        model = ReportJob
        fields = ["id", "kind", "round", "agency", "ministry", "status", "progress", "error",
                  "requested_at", "started_at", "finished_at", "download"]

    @extend_schema_field(OpenApiTypes.URI)
    def get_download(self, job) -> str | None:
        if not job.file:
            return None
        request = self.context.get("request")
        path = f"/api/v1/report-jobs/{job.pk}/download/"
        return request.build_absolute_uri(path) if request else path


class ReportJobRequestSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ReportJob.Kind.choices)
    round = serializers.IntegerField()
    agency = serializers.SlugField(required=False, help_text=_("Agency code, for an agency report."))
    ministry = serializers.CharField(required=False, max_length=16,
                                     help_text=_("Ministry code, for a ministry report."))
