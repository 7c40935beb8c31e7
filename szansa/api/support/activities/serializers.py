"""API serializers of activities, sessions and attendance: shape and field-level validation only.
Writes go through szansa.domain.support.activities (called by the views)."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from szansa.domain.support.models import Activity, Attendance, Session, SupportForm


class ActivitySerializer(serializers.ModelSerializer):
    form = serializers.SlugRelatedField(slug_field="code", queryset=SupportForm.objects.all())
    delivery = serializers.CharField(source="form.delivery", read_only=True)
    min_attendance = serializers.IntegerField(
        required=False, allow_null=True, min_value=0, max_value=100, help_text=_("Default: the form's.")
    )
    ends_with_exam = serializers.BooleanField(
        required=False, allow_null=True, help_text=_("Default: the form's.")
    )

    class Meta:
        model = Activity
        fields = [
            "id",
            "project",
            "form",
            "delivery",
            "title",
            "provider",
            "trainer",
            "specialist",
            "room",
            "place",
            "capacity",
            "starts_on",
            "ends_on",
            "min_attendance",
            "ends_with_exam",
        ]


class SessionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Session
        fields = [
            "id",
            "activity",
            "starts_at",
            "ends_at",
            "room",
            "specialist",
            "participant",
            "topic",
            "cancelled",
        ]
        read_only_fields = ["cancelled"]


class AttendanceEntrySerializer(serializers.Serializer):
    participant = serializers.IntegerField()
    # Plain text (the service checks it), so the schema has no second enum named "status".
    status = serializers.CharField(help_text=_("present, excused or absent."))


class AttendanceSerializer(serializers.ModelSerializer):
    status = serializers.CharField(read_only=True, help_text=_("present, excused or absent."))

    class Meta:
        model = Attendance
        fields = ["participant", "status", "recorded_by", "recorded_at"]
