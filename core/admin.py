from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _
from rest_framework_api_key.admin import APIKeyModelAdmin
from rest_framework_api_key.models import APIKey

from . import services
from .forms import OrganisationForm
from .models import APIToken, Comment, Organisation, User, WorkerPing
from .webhooks import admin as webhook_admin  # noqa: F401 (registers its models)

# Parcours' tokens belong to users; the library's stand-alone keys are not used.
admin.site.unregister(APIKey)


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ("username", "email", "first_name", "last_name", "role_display", "is_active")
    list_filter = ("groups", "is_active", "is_staff")

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("groups")

    @admin.display(description=_("role"))
    def role_display(self, user):
        return user.role.label if user.role else "—"


@admin.register(APIToken)
class APITokenAdmin(APIKeyModelAdmin):
    """Creating a token here shows its secret once, in a message; revoking cannot be undone."""

    list_display = (
        *APIKeyModelAdmin.list_display,
        "user",
        "scopes",
        "last_used_at",
        "last_used_ip",
    )
    list_select_related = ("user",)
    list_filter = ("revoked", "created")
    search_fields = ("name", "prefix", "user__username")
    autocomplete_fields = ("user",)

    def get_readonly_fields(self, request, obj=None):
        return (*super().get_readonly_fields(request, obj), "last_used_at", "last_used_ip")


@admin.register(WorkerPing)
class WorkerPingAdmin(admin.ModelAdmin):
    list_display = ("id", "source", "requested_by", "requested_at", "executed_at", "worker")
    list_filter = ("source",)
    list_select_related = ("requested_by",)
    readonly_fields = ("source", "requested_by", "requested_at", "executed_at", "worker")

    def has_add_permission(self, request):
        return False


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    """The one row of the organisation settings page, saved through the same service (the
    logo is checked and re-encoded there)."""

    form = OrganisationForm
    list_display = ("__str__", "sender_email", "updated_at")

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not Organisation.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        data = {name: form.cleaned_data[name] for name in services.ORGANISATION_FIELDS}
        services.organisation_update(
            data=data,
            logo=form.cleaned_data["logo"],
            remove_logo=form.cleaned_data.get("remove_logo", False),
        )


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    """Comments are written on the pages and the API (mentions, own-only edits): read here."""

    list_display = ("pk", "content_type", "object_id", "author", "created_at", "resolved_at")
    list_filter = ("content_type",)
    list_select_related = ("content_type", "author")
    readonly_fields = [field.name for field in Comment._meta.fields]

    def has_add_permission(self, request):
        return False
