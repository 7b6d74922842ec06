"""The organisation settings page, and what customers' pages and e-mails load from it: the
logo and the stylesheet of the organisation's colours (the CSP allows no inline style)."""

import posixpath

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.http import condition, require_http_methods, require_safe

from . import selectors, services
from .forms import OrganisationForm, add_service_errors
from .logos import LOGO_CONTENT_TYPES

# The logo's name changes with its content: a browser or a mail client may keep it for good.
LOGO_CACHE_CONTROL = "public, max-age=31536000, immutable"
# Pages link the stylesheet with its version (?v=): a change shows on the next page.
THEME_CACHE_CONTROL = "public, max-age=3600"


@require_http_methods(["GET", "POST"])
@permission_required("core.view_organisation", raise_exception=True)
def organisation_settings(request):
    organisation = selectors.organisation_stored()
    can_change = request.user.has_perm("core.change_organisation")
    form = OrganisationForm(request.POST or None, request.FILES or None, instance=organisation)
    if request.method == "POST":
        if not can_change:
            raise PermissionDenied
        if form.is_valid():
            data = {name: form.cleaned_data[name] for name in services.ORGANISATION_FIELDS}
            try:
                services.organisation_update(
                    data=data,
                    logo=form.cleaned_data["logo"],
                    remove_logo=form.cleaned_data.get("remove_logo", False),
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The organisation settings were saved."))
                return redirect("core:organisation_settings")
    return render(
        request,
        "core/organisation_settings.html",
        {
            "form": form,
            "organisation": selectors.organisation_stored() if form.errors else organisation,
            "can_change": can_change,
        },
        status=400 if form.errors else 200,
    )


@login_not_required
@require_safe
def organisation_logo(request, name):
    """The logo, for the survey pages and e-mails: only the current one, by its name."""
    organisation = selectors.organisation_current()
    stored = organisation.logo.name if organisation.logo else ""
    extension = name.rsplit(".", 1)[-1]
    if not stored or posixpath.basename(stored) != name or extension not in LOGO_CONTENT_TYPES:
        raise Http404
    try:
        file = default_storage.open(stored, "rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(file, content_type=LOGO_CONTENT_TYPES[extension])
    response["Cache-Control"] = LOGO_CACHE_CONTROL
    response["ETag"] = f'"{name}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response


def _theme_etag(request):
    return selectors.organisation_current().theme_version


@login_not_required
@require_safe
@condition(etag_func=_theme_etag)
def organisation_theme(request):
    """The organisation's colours as CSS custom properties (colours are checked as #rrggbb
    on the way in, so nothing else can reach this stylesheet)."""
    organisation = selectors.organisation_current()
    css = render_to_string(
        "core/organisation_theme.css",
        {"organisation": organisation, "primary_hover": _darker(organisation.primary_colour)},
    )
    response = HttpResponse(css, content_type="text/css; charset=utf-8")
    response["Cache-Control"] = THEME_CACHE_CONTROL
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _darker(colour: str, factor: float = 0.8) -> str:
    channels = (int(colour[index : index + 2], 16) for index in (1, 3, 5))
    return "#" + "".join(f"{round(channel * factor):02x}" for channel in channels)
