"""Journey templates: the list, a journey saved as one, a new journey started from one."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from .. import selectors, services
from ..forms import JourneyFromTemplateForm, JourneyTemplateForm
from ..models import Journey, JourneyTemplate


@require_http_methods(["GET"])
@permission_required("journeys.view_journeytemplate", raise_exception=True)
def template_list(request):
    """The templates, those in the page's language first."""
    language = get_language()
    templates = sorted(
        selectors.journey_template_list(), key=lambda template: template.language != language
    )
    return render(request, "journeys/template_list.html", {"templates": templates})


@require_http_methods(["GET", "POST"])
@permission_required("journeys.add_journeytemplate", raise_exception=True)
def template_save(request, journey_id):
    """Saves the journey's structure as a new template."""
    journey = get_object_or_404(Journey, pk=journey_id)
    form = JourneyTemplateForm(
        request.POST or None,
        initial={
            "name": journey.name,
            "description": journey.description,
            "language": get_language(),
        },
    )
    if request.method == "POST" and form.is_valid():
        template = services.journey_template_save(
            journey=journey, created_by=request.user, **form.cleaned_data
        )
        messages.success(request, _("Template “%(name)s” saved.") % {"name": template.name})
        return redirect("journeys:template_list")
    return render(
        request,
        "journeys/template_save.html",
        {"form": form, "journey": journey},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
@permission_required("journeys.add_journey", raise_exception=True)
@permission_required("journeys.view_journeytemplate", raise_exception=True)
def template_use(request, template_id):
    """A new journey with the template's stages, touchpoints and moments of truth."""
    template = get_object_or_404(JourneyTemplate, pk=template_id)
    form = JourneyFromTemplateForm(request.POST or None, initial={"name": template.name})
    if request.method == "POST" and form.is_valid():
        journey = services.journey_create_from_template(
            template=template, owner=request.user, **form.cleaned_data
        )
        messages.success(request, _("Journey “%(name)s” created.") % {"name": journey.name})
        return redirect("journeys:journey_map", journey_id=journey.pk)
    return render(
        request,
        "journeys/template_use.html",
        {"form": form, "template": template},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
@permission_required("journeys.delete_journeytemplate", raise_exception=True)
def template_delete(request, template_id):
    template = get_object_or_404(JourneyTemplate, pk=template_id)
    if request.method == "POST":
        services.journey_template_delete(template=template)
        messages.success(request, _("Template “%(name)s” deleted.") % {"name": template.name})
        return redirect("journeys:template_list")
    return render(request, "journeys/template_confirm_delete.html", {"template": template})
