from django.db import models
from rest_framework import serializers

from core.models import User
from core.roles import Role

from .fields import BooleanField, TextField


class ModelSerializer(serializers.ModelSerializer):
    """The base of every app's model serializer: text fields take only text and boolean fields
    only true or false, as the schema says."""

    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        models.CharField: TextField,
        models.TextField: TextField,
        models.BooleanField: BooleanField,
    }


class MeSerializer(ModelSerializer):
    role = serializers.ChoiceField(choices=Role.choices, allow_null=True, read_only=True)
    permissions = serializers.SerializerMethodField()

    class Meta:
        model = User
        fields = ["id", "username", "first_name", "last_name", "email", "role", "permissions"]
        read_only_fields = fields

    def get_permissions(self, user) -> list[str]:
        return sorted(user.get_all_permissions())
