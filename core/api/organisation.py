"""/api/v1/organisation/: the organisation settings, read and changed (JSON only, so a new
logo comes base64-encoded)."""

import base64
import binascii

from django.core.files.base import ContentFile
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import generics, serializers
from rest_framework.response import Response

from core import selectors, services
from core.logos import LOGO_MAX_BYTES
from core.models import Organisation

from .serializers import ModelSerializer
from .viewsets import call_service


@extend_schema_field(
    {
        "type": "string",
        "format": "byte",
        "nullable": True,
        "description": "A new logo: a PNG or JPEG file, base64-encoded, at most 1 MB and "
        "2000 pixels wide and high; null removes the logo.",
    }
)
class Base64LogoField(serializers.Field):
    default_error_messages = {
        "invalid": "Send the logo's file base64-encoded.",
        "too_large": "The logo is too large: at most 1 MB.",
    }

    def __init__(self, **kwargs):
        super().__init__(write_only=True, required=False, allow_null=True, **kwargs)

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        # Base64 takes four characters for three bytes: refuse an oversized file undecoded.
        if len(data) > (LOGO_MAX_BYTES // 3 + 1) * 4:
            self.fail("too_large")
        try:
            content = base64.b64decode(data, validate=True)
        except (binascii.Error, ValueError):
            self.fail("invalid")
        return ContentFile(content, name="logo")


class OrganisationSerializer(ModelSerializer):
    logo = Base64LogoField()
    logo_url = serializers.SerializerMethodField(
        help_text="The logo's address on this site, or null without a logo."
    )
    updated_at = serializers.DateTimeField(
        read_only=True, allow_null=True, help_text="Null until the settings are first saved."
    )

    class Meta:
        model = Organisation
        fields = [*services.ORGANISATION_FIELDS, "logo", "logo_url", "updated_at"]

    def get_logo_url(self, organisation) -> str | None:
        if not organisation.logo:
            return None
        request = self.context.get("request")
        path = organisation.logo_path
        return request.build_absolute_uri(path) if request is not None else path


class OrganisationView(generics.GenericAPIView):
    """The organisation: its name, logo, e-mail sender, colours and privacy notice."""

    queryset = Organisation.objects.all()
    serializer_class = OrganisationSerializer

    @extend_schema(summary="Read the organisation settings")
    def get(self, request):
        return Response(self.get_serializer(selectors.organisation_stored()).data)

    @extend_schema(summary="Change the organisation settings")
    def patch(self, request):
        organisation = selectors.organisation_stored()
        serializer = self.get_serializer(organisation, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        logo = data.pop("logo", False)
        organisation = call_service(
            services.organisation_update,
            data=data,
            logo=logo or None,
            remove_logo=logo is None,
        )
        return Response(self.get_serializer(organisation).data)
