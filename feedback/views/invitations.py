"""Invitations: the list, the CSV (or XLSX) upload of service events, the e-mails sent and the
"dispatch now" button."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from core.forms import add_service_errors
from core.imports import import_view
from core.pagination import page_of

from .. import selectors, services
from ..filters import InvitationFilterSet
from ..forms import ServiceEventForm, ServiceEventImportConfirmForm, ServiceEventImportForm
from ..models import Invitation

ROWS_PER_PAGE = 50
# The source system of the events entered on the form.
FORM_SOURCE = "parcours-form"


@permission_required("feedback.view_invitation", raise_exception=True)
def invitation_list(request):
    filterset = InvitationFilterSet(request.GET or None, queryset=Invitation.objects.none())
    page, query = page_of(
        request, selectors.invitation_list(filters=request.GET), per_page=ROWS_PER_PAGE
    )
    context = {
        "filter_form": filterset.form,
        "page": page,
        "query": query,
        "filtered": any(request.GET.get(name) for name in InvitationFilterSet.base_filters),
    }
    return render(request, "feedback/invitation_list.html", context)


@require_http_methods(["GET", "POST"])
@permission_required("feedback.add_serviceevent", raise_exception=True)
def service_event_import(request):
    """Upload, then a preview (a dry run of the import), then the import on confirmation."""

    def run(data, *, text, dry_run):
        return services.service_events_import_csv(
            journey_id=data["journey"].pk, source=data["source"], text=text, dry_run=dry_run
        )

    def saved(result):
        messages.success(
            request,
            ngettext(
                "%(created)d event recorded, %(existing)d already received.",
                "%(created)d events recorded, %(existing)d already received.",
                result.created,
            )
            % {"created": result.created, "existing": result.already_received},
        )
        return redirect("feedback:invitation_list")

    return import_view(
        request,
        run=run,
        template="feedback/service_event_import.html",
        context={"columns": services.EVENT_CSV_COLUMNS},
        on_saved=saved,
        form_class=ServiceEventImportForm,
        confirm_form_class=ServiceEventImportConfirmForm,
    )


@require_http_methods(["GET", "POST"])
@permission_required("feedback.add_serviceevent", raise_exception=True)
def service_event_create(request):
    """One service event entered by hand: a customer who went through a stage, for whom the
    follow-up rules of that stage schedule their survey."""
    form = ServiceEventForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            event, created = services.service_event_ingest(
                source=FORM_SOURCE,
                idempotency_key=data["idempotency_key"],
                external_ref=data["external_ref"],
                email=data["email"],
                language=data["language"],
                stage_id=data["stage"].pk,
                touchpoint_id=data["touchpoint"].pk if data["touchpoint"] else None,
                occurred_at=data["occurred_at"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            _service_event_recorded(request, event=event, created=created)
            return redirect("feedback:invitation_list")
    return render(
        request,
        "feedback/object_form.html",
        {
            "form": form,
            "title": _("Record a service event"),
            "intro": _(
                "A customer went through a stage: the follow-up rules of that stage schedule "
                "their survey, as for an event posted by your systems."
            ),
            "submit_label": _("Record the event"),
            "back": "feedback:invitation_list",
        },
        status=400 if form.errors else 200,
    )


def _service_event_recorded(request, *, event, created: bool) -> None:
    if not created:
        messages.info(request, _("This service event was already recorded: nothing new."))
        return
    scheduled = event.invitations.filter(status=Invitation.Status.SCHEDULED).count()
    messages.success(
        request,
        ngettext(
            "Service event recorded: %(count)d invitation scheduled.",
            "Service event recorded: %(count)d invitations scheduled.",
            scheduled,
        )
        % {"count": scheduled},
    )


@permission_required("feedback.change_invitation", raise_exception=True)
def sent_emails(request):
    """The last e-mails sent, with their links: how to try a survey with the console backend.
    Only there: with a real mail server the links would answer in a customer's name."""
    if not services.mail_is_for_development():
        raise Http404
    invitations = list(
        selectors.invitation_list()
        .filter(sent_at__isnull=False)
        .exclude(status=Invitation.Status.ANSWERED)
        .order_by("-sent_at", "-id")[:20]
    )
    rows = [
        {"invitation": invitation, **services.invitation_links(invitation=invitation)}
        for invitation in invitations
    ]
    return render(request, "feedback/sent_emails.html", {"rows": rows})


@require_POST
@permission_required("feedback.change_invitation", raise_exception=True)
def invitations_dispatch_now(request):
    """Asks a worker to send what is due now, without waiting for beat (handy with
    `make run`); the page answers at once."""
    services.invitations_dispatch_request()
    messages.success(request, _("Sending requested: the e-mails due go out in a moment."))
    if services.mail_is_for_development():
        return redirect("feedback:sent_emails")
    return redirect("feedback:invitation_list")
