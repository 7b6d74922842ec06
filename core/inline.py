"""Editing a page's records in place: the form (or the delete confirmation) opens in an
editor inside the page, an invalid form comes back into it with status 422, and a change
answers with what the page redraws.

An app brings one `InlineKind` per model and one `InlinePage` (how a new record's parent is
found, how the editor is drawn, how the page redraws); `inline_views` makes the create,
update and delete views of each kind. A kind with `versioning` refuses to overwrite a change
made since the editor opened it and keeps the user's input; a page with a `gone_template`
says so when the record was deleted meanwhile, instead of answering 404."""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.db.models import Model
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from core.forms import add_service_errors


@dataclass(frozen=True)
class Versioning:
    """How a kind refuses a stale save: its form carries the version the editor read in
    `field` and has `show_current_version(version)`; the update service takes it as
    `version` and raises `conflict` with the code "stale" (someone saved since: the editor
    says `stale_message`) or "deleted" (someone deleted it: the editor says the error)."""

    field: str
    conflict: type[ValidationError]
    stale_message: str


@dataclass(frozen=True)
class InlineKind:
    """One kind of record edited in place, with its form, its services and the wording."""

    slug: str  # in the URL names: <namespace>:<slug>_create, _update, _delete
    model: type[Model]
    form_class: type
    parent: str  # the create service's keyword: the page's owner, or a child of it
    entity: str  # the update and delete services' keyword for the record
    create: Callable
    update: Callable
    delete: Callable
    title_add: str
    title_edit: str
    question_delete: str = ""  # with "%(item)s"
    consequence_delete: str = ""
    section: str = ""  # the page's section whose editor opens the form
    versioning: Versioning | None = None

    @property
    def model_name(self) -> str:
        return self.model._meta.model_name

    @property
    def version_field(self) -> str | None:
        return self.versioning.field if self.versioning else None

    def permission(self, action: str) -> str:
        return f"{self.model._meta.app_label}.{action}_{self.model_name}"


class InlinePage:
    """The page the records are edited on: its URLs start with its owner's id
    (`<owner>_id`, the record's `item_id` after it). Subclass it and give the hooks."""

    namespace: str
    owner_model: type[Model]
    form_template: str
    confirm_template = ""  # without one, deleting is a POST without confirmation
    gone_template = ""  # without one, saving a record deleted meanwhile answers 404

    @property
    def owner(self) -> str:
        return self.owner_model._meta.model_name

    def find_parent(self, request, kind: InlineKind, owner: Model, url: dict) -> tuple:
        """For a kind created under a child of the owner: that child (404 when it is not
        the owner's) and the query string the form's URL carries."""
        raise NotImplementedError

    def initial(self, request, kind: InlineKind) -> dict:
        """The new record's form's initial values."""
        return {}

    def render(
        self,
        request,
        kind: InlineKind,
        template: str,
        context: dict,
        url: dict,
        *,
        status: int = 200,
        redraw: bool = False,
    ) -> HttpResponse:
        """The editor; with `redraw`, the page changed under it: redraw it too."""
        raise NotImplementedError

    def changed(self, request, kind: InlineKind, notice: str, url: dict) -> HttpResponse:
        """The answer to a change: what the page redraws, with the notice."""
        raise NotImplementedError

    def notice(self, kind: InlineKind, done: str, item: Model) -> str:
        """What to say once `item` is "added", "saved" or (about to be) "deleted"."""
        return ""

    def find_item(self, kind: InlineKind, item_id: int, url: dict) -> Model | None:
        owner_id = f"{self.owner}_id"
        path = owner_id if kind.parent == self.owner else f"{kind.parent}__{owner_id}"
        return kind.model.objects.filter(pk=item_id, **{path: url[owner_id]}).first()

    def url(self, kind: InlineKind, action: str, **kwargs) -> str:
        return reverse(f"{self.namespace}:{kind.slug}_{action}", kwargs=kwargs)


def inline_views(kinds: list[InlineKind], page: InlinePage) -> dict[str, tuple]:
    """Each kind's create, update and delete views, by slug."""
    return {
        kind.slug: (_create_view(kind, page), _update_view(kind, page), _delete_view(kind, page))
        for kind in kinds
    }


def _status(form) -> int:
    return 422 if form.errors else 200


def _create_view(kind: InlineKind, page: InlinePage):
    @require_http_methods(["GET", "POST"])
    @permission_required(kind.permission("add"), raise_exception=True)
    def view(request, **url):
        owner = get_object_or_404(page.owner_model, pk=url[f"{page.owner}_id"])
        parent, query = owner, ""
        if kind.parent != page.owner:
            parent, query = page.find_parent(request, kind, owner, url)
        form = kind.form_class(
            request.POST or None,
            instance=kind.model(**{kind.parent: parent}),
            initial=page.initial(request, kind),
        )
        if request.method == "POST" and form.is_valid():
            data = {
                name: value
                for name, value in form.cleaned_data.items()
                if name != kind.version_field
            }
            try:
                item = kind.create(**{kind.parent: parent}, **data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                return page.changed(request, kind, page.notice(kind, "added", item), url)
        context = {
            page.owner: owner,
            "form": form,
            "title": kind.title_add,
            "action_url": page.url(kind, "create", **url) + query,
        }
        return page.render(request, kind, page.form_template, context, url, status=_status(form))

    view.__name__ = f"{kind.model_name}_create"
    return view


def _gone(request, kind: InlineKind, page: InlinePage, item_id: int, url: dict):
    """The record was deleted while it was being edited: say so, redraw the page, and show
    what the user entered so that nothing is lost. None when it is not that (404)."""
    if not page.gone_template:
        return None
    deleted = not kind.model.objects.filter(pk=item_id).exists()
    owner_id = url[f"{page.owner}_id"]
    if not (
        request.method == "POST"
        and deleted
        and page.owner_model.objects.filter(pk=owner_id).exists()
    ):
        return None
    entered = [
        (field.label or name, request.POST[name])
        for name, field in kind.form_class.base_fields.items()
        if name != kind.version_field and request.POST.get(name, "").strip()
    ]
    context = {"entered": entered}
    return page.render(request, kind, page.gone_template, context, url, status=422, redraw=True)


def _refuse_stale(form, kind: InlineKind, item: Model, error: ValidationError) -> None:
    """Keeps the user's input with the reason; after a "stale" refusal, saving again
    replaces the other change."""
    if error.code == "stale":
        form.add_error(None, kind.versioning.stale_message)
        current = kind.model.objects.get(pk=item.pk)
        form.show_current_version(getattr(current, kind.versioning.field))
    else:
        form.add_error(None, error.message)


def _update_view(kind: InlineKind, page: InlinePage):
    @require_http_methods(["GET", "POST"])
    @permission_required(kind.permission("change"), raise_exception=True)
    def view(request, item_id, **url):
        item = page.find_item(kind, item_id, url)
        if item is None:
            if (gone := _gone(request, kind, page, item_id, url)) is not None:
                return gone
            raise Http404
        form = kind.form_class(request.POST or None, instance=item)
        redraw = False
        if request.method == "POST" and form.is_valid():
            data = dict(form.cleaned_data)
            version = {"version": data.pop(kind.versioning.field)} if kind.versioning else {}
            try:
                kind.update(**{kind.entity: item, "data": data}, **version)
            except ValidationError as error:
                if kind.versioning and isinstance(error, kind.versioning.conflict):
                    _refuse_stale(form, kind, item, error)
                    redraw = True
                else:
                    add_service_errors(form, error)
            else:
                return page.changed(request, kind, page.notice(kind, "saved", item), url)
        context = {
            "form": form,
            "title": kind.title_edit,
            "action_url": page.url(kind, "update", **url, item_id=item.pk),
        }
        return page.render(
            request, kind, page.form_template, context, url, status=_status(form), redraw=redraw
        )

    view.__name__ = f"{kind.model_name}_update"
    return view


def _delete_view(kind: InlineKind, page: InlinePage):
    @require_http_methods(["GET", "POST"] if page.confirm_template else ["POST"])
    @permission_required(kind.permission("delete"), raise_exception=True)
    def view(request, item_id, **url):
        if (item := page.find_item(kind, item_id, url)) is None:
            raise Http404
        if request.method == "POST":
            notice = page.notice(kind, "deleted", item)
            kind.delete(**{kind.entity: item})
            return page.changed(request, kind, notice, url)
        context = {
            "title": kind.question_delete % {"item": item},
            "action_url": page.url(kind, "delete", **url, item_id=item.pk),
        }
        return page.render(request, kind, page.confirm_template, context, url)

    view.__name__ = f"{kind.model_name}_delete"
    return view
