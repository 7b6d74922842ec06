"""The lists of journeys and personas, and the pages that create, edit, copy and delete them."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core.pagination import page_of

from .. import selectors, services
from ..filters import JourneyFilterSet, PersonaFilterSet
from ..forms import JourneyDuplicateForm, JourneyForm, PersonaForm
from ..models import Journey, Persona, Touchpoint

JOURNEYS_PER_PAGE = 20
PERSONAS_PER_PAGE = 20


@permission_required("journeys.view_journey", raise_exception=True)
def journey_list(request):
    filterset = JourneyFilterSet(request.GET or None, queryset=Journey.objects.none())
    journeys = selectors.journey_list(filters=request.GET)
    page, query = page_of(request, journeys, per_page=JOURNEYS_PER_PAGE)
    scores = selectors.health_scores(
        journey_ids=[journey.pk for journey in page.object_list], user=request.user
    )
    for journey in page.object_list:
        journey.health_score = scores[journey.pk]
    context = {
        "filter_form": filterset.form,
        "page": page,
        "query": query,
        "filtered": any(request.GET.get(name) for name in JourneyFilterSet.base_filters),
        # Its own ids: the filter form above has fields of the same names.
        "form": JourneyForm(initial={"owner": request.user}, auto_id="new_%s")
        if request.user.has_perm("journeys.add_journey")
        else None,
    }
    return render(request, "journeys/journey_list.html", context)


@require_http_methods(["GET", "POST"])
@permission_required("journeys.add_journey", raise_exception=True)
def journey_create(request):
    form = JourneyForm(
        request.POST or None,
        initial={"owner": request.user},
        new_persona=request.user.has_perm("journeys.add_persona"),
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        if persona_name := data.pop("new_persona", ""):
            del data["persona"]
            journey = services.journey_create_with_persona(persona_name=persona_name, **data)
        else:
            journey = services.journey_create(**data)
        messages.success(request, _("Journey “%(name)s” created.") % {"name": journey.name})
        return redirect("journeys:journey_map", journey_id=journey.pk)
    return render(
        request,
        "journeys/journey_form.html",
        {"form": form, "journey": None},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
@permission_required("journeys.change_journey", raise_exception=True)
def journey_update(request, journey_id):
    journey = get_object_or_404(Journey, pk=journey_id)
    form = JourneyForm(request.POST or None, instance=journey)
    if request.method == "POST" and form.is_valid():
        services.journey_update(journey=journey, data=form.cleaned_data)
        messages.success(request, _("Journey “%(name)s” saved.") % {"name": journey.name})
        return redirect("journeys:journey_map", journey_id=journey.pk)
    return render(
        request,
        "journeys/journey_form.html",
        {"form": form, "journey": journey},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
@permission_required("journeys.delete_journey", raise_exception=True)
def journey_delete(request, journey_id):
    journey = get_object_or_404(Journey, pk=journey_id)
    if request.method == "POST":
        name = journey.name
        services.journey_delete(journey=journey)
        messages.success(request, _("Journey “%(name)s” deleted.") % {"name": name})
        return redirect("journeys:index")
    counts = {
        "stages": journey.stages.count(),
        "touchpoints": Touchpoint.objects.filter(stage__journey=journey).count(),
        "actions": journey.actions.count(),
    }
    return render(
        request, "journeys/journey_confirm_delete.html", {"journey": journey, "counts": counts}
    )


@require_http_methods(["GET", "POST"])
@permission_required("journeys.add_journey", raise_exception=True)
def journey_duplicate(request, journey_id):
    journey = get_object_or_404(Journey, pk=journey_id)
    form = JourneyDuplicateForm(
        request.POST or None,
        initial={"name": _("%(name)s (to-be)") % {"name": journey.name}},
    )
    if request.method == "POST" and form.is_valid():
        copy = services.journey_duplicate(
            journey=journey,
            name=form.cleaned_data["name"],
            state=form.cleaned_data["state"],
            owner=request.user,
        )
        messages.success(request, _("Journey copied as “%(name)s”.") % {"name": copy.name})
        return redirect("journeys:journey_map", journey_id=copy.pk)
    return render(
        request,
        "journeys/journey_duplicate.html",
        {"form": form, "journey": journey},
        status=400 if form.errors else 200,
    )


# Personas


@permission_required("journeys.view_persona", raise_exception=True)
def persona_list(request):
    filterset = PersonaFilterSet(request.GET or None, queryset=Persona.objects.none())
    personas = selectors.persona_list(filters=request.GET)
    page, query = page_of(request, personas, per_page=PERSONAS_PER_PAGE)
    context = {
        "filter_form": filterset.form,
        "page": page,
        "query": query,
        "filtered": any(request.GET.get(name) for name in PersonaFilterSet.base_filters),
    }
    return render(request, "journeys/persona_list.html", context)


@require_http_methods(["GET", "POST"])
@permission_required("journeys.add_persona", raise_exception=True)
def persona_create(request):
    form = PersonaForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        persona = services.persona_create(**form.cleaned_data)
        messages.success(request, _("Persona “%(name)s” created.") % {"name": persona.name})
        return redirect("journeys:persona_list")
    return render(
        request,
        "journeys/persona_form.html",
        {"form": form, "persona": None},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
@permission_required("journeys.change_persona", raise_exception=True)
def persona_update(request, persona_id):
    persona = get_object_or_404(Persona, pk=persona_id)
    form = PersonaForm(request.POST or None, instance=persona)
    if request.method == "POST" and form.is_valid():
        services.persona_update(persona=persona, data=form.cleaned_data)
        messages.success(request, _("Persona “%(name)s” saved.") % {"name": persona.name})
        return redirect("journeys:persona_list")
    return render(
        request,
        "journeys/persona_form.html",
        {"form": form, "persona": persona},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
@permission_required("journeys.delete_persona", raise_exception=True)
def persona_delete(request, persona_id):
    persona = get_object_or_404(Persona, pk=persona_id)
    if request.method == "POST":
        name = persona.name
        services.persona_delete(persona=persona)
        messages.success(request, _("Persona “%(name)s” deleted.") % {"name": name})
        return redirect("journeys:persona_list")
    journeys = list(persona.journeys.order_by("name", "id"))
    return render(
        request, "journeys/persona_confirm_delete.html", {"persona": persona, "journeys": journeys}
    )
