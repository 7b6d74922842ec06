"""The seven GDPR requirements, edited in place on one page."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from .. import selectors, services
from ..forms import RequirementForm
from ..models import Requirement


@require_http_methods(["GET", "POST"])
@permission_required("gdpr.view_requirement", raise_exception=True)
def checklist(request):
    may_change = request.user.has_perm("gdpr.change_requirement")
    requirements = list(selectors.requirement_list())
    editing = None
    if request.method == "POST":
        if not may_change:
            raise PermissionDenied
        requirement = get_object_or_404(Requirement, pk=request.POST.get("requirement"))
        form = RequirementForm(request.POST, instance=requirement, prefix=str(requirement.pk))
        if form.is_valid():
            services.requirement_update(
                requirement=requirement, data=form.cleaned_data, user=request.user
            )
            messages.success(request, _("“%(name)s” saved.") % {"name": requirement})
            return redirect("gdpr:checklist")
        editing = (requirement.pk, form)
    rows = []
    for requirement in requirements:
        if editing and editing[0] == requirement.pk:
            form = editing[1]
        elif may_change:
            form = RequirementForm(instance=requirement, prefix=str(requirement.pk))
        else:
            form = None
        rows.append({"requirement": requirement, "form": form})
    done = sum(1 for r in requirements if r.status == Requirement.Status.DONE)
    return render(
        request,
        "gdpr/checklist.html",
        {"rows": rows, "done": done, "total": len(requirements)},
        status=400 if editing else 200,
    )
