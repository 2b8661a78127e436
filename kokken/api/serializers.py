"""Thin serializers: names of things in both languages, answers as their stored values."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from agreements.models import Answer, Option, Question, Questionnaire, Round, Section, Sheet
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
    show_if_question = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Question
        fields = ["code", "kind", "text_ja", "text_en", "help_ja", "help_en", "required",
                  "order", "max_length", "show_if_question", "show_if_values",
                  "refines_parent", "options"]


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


class RoundSerializer(serializers.ModelSerializer):
    targets = serializers.SerializerMethodField()

    class Meta:
        model = Round
        fields = ["id", "title_ja", "title_en", "fiscal_year", "questionnaire", "status",
                  "opens_on", "due_on", "opened_at", "closed_at", "published_at", "targets"]

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_targets(self, round: Round) -> list[str]:
        """Codes of the target agencies the user may see (not the others)."""
        visible = self.context.setdefault(
            "visible_agencies",
            set(access.agencies(self.context["request"].user).values_list("pk", flat=True)))
        return [a.code for a in round.targets.all() if a.pk in visible]


class AnswerSerializer(serializers.ModelSerializer):
    question = serializers.CharField(source="question.code")
    kind = serializers.CharField(source="question.kind")
    value = serializers.SerializerMethodField()
    updated_by = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = Answer
        fields = ["question", "kind", "value", "updated_by", "updated_at"]

    @extend_schema_field(OpenApiTypes.ANY)
    def get_value(self, answer: Answer):
        """The stored value: an option code, a list of codes, a number, a date or a text."""
        return _stored_value(answer)


class SheetSerializer(serializers.ModelSerializer):
    agency = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Sheet
        fields = ["id", "round", "agency", "state", "version", "receipt_number",
                  "submitted_at", "returned_at", "accepted_at", "updated_at"]


class SheetDetailSerializer(SheetSerializer):
    answers = AnswerSerializer(many=True, read_only=True)

    class Meta(SheetSerializer.Meta):
        fields = [*SheetSerializer.Meta.fields, "answers"]


def _stored_value(answer: Answer):
    # Until agreements.answers (the lead's one place for value columns) lands.
    kind = answer.question.kind
    if kind in (Question.Kind.SINGLE, Question.Kind.YES_NO):
        return answer.choice or None
    if kind == Question.Kind.MULTIPLE:
        return answer.choices
    if kind in Question.NUMBER_KINDS:
        if answer.number is None:
            return None
        normal = answer.number.normalize()
        return int(normal) if normal == normal.to_integral_value() else float(normal)
    if kind == Question.Kind.DATE:
        return answer.date.isoformat() if answer.date else None
    if kind in (Question.Kind.SHORT_TEXT, Question.Kind.LONG_TEXT):
        return answer.text or None
    return None
