"""DRF plumbing shared by every app's API: viewsets whose writes go through services."""

from collections.abc import Callable

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import ProtectedError, RestrictedError
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, serializers, status, viewsets


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = _("Other records still refer to this one.")
    default_code = "conflict"


def call_service(service: Callable, /, **kwargs):
    """Runs a service; its Django validation errors become a DRF 400 with field messages, and a
    delete that other rows still protect becomes a 409."""
    try:
        return service(**kwargs)
    except (ProtectedError, RestrictedError) as error:
        raise Conflict() from error
    except DjangoValidationError as error:
        if hasattr(error, "error_dict"):
            detail = {
                ("non_field_errors" if field == NON_FIELD_ERRORS else field): messages
                for field, messages in error.message_dict.items()
            }
        else:
            detail = {"non_field_errors": error.messages}
        raise serializers.ValidationError(detail) from error


class ServiceModelViewSet(viewsets.ModelViewSet):
    """CRUD whose reads use the queryset and whose writes go through the app's services."""

    entity: str
    update_serializer_class = None
    create_service: Callable
    update_service: Callable
    delete_service: Callable

    def get_serializer_class(self):
        if self.action in ("update", "partial_update") and self.update_serializer_class:
            return self.update_serializer_class
        return self.serializer_class

    def perform_create(self, serializer):
        serializer.instance = call_service(type(self).create_service, **serializer.validated_data)

    def perform_update(self, serializer):
        serializer.instance = call_service(
            type(self).update_service,
            **{self.entity: serializer.instance, "data": serializer.validated_data},
        )

    def perform_destroy(self, instance):
        call_service(type(self).delete_service, **{self.entity: instance})


class RowsViewSet(viewsets.ReadOnlyModelViewSet):
    """Read-only, for a serializer that writes rows of `values(*columns)` (its `columns`):
    a list is filtered, ordered, counted and paged on the model's own table, and the columns,
    with their joins, are read for the rows shown only."""

    def rows(self, queryset):
        return queryset.values(*self.get_serializer_class().columns)

    def get_queryset(self):
        queryset = super().get_queryset()
        return queryset if self.action == "list" else self.rows(queryset)
