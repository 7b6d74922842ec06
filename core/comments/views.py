"""A thread on any commentable object: a page of its own, or a fragment that htmx opens in
place (the map's dialog, the case, register entry and interview pages)."""

import contextlib

from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.forms import add_service_errors

from . import selectors, services
from .forms import CommentForm
from .models import Comment


def _target_or_404(request, label: str, object_id: int):
    found = selectors.target_of(label=label, object_id=object_id, user=request.user)
    if found is None:
        raise Http404
    return found


def _comment_or_404(request, comment_id: int):
    """The comment with its registered object, when the user may read that object."""
    comment = get_object_or_404(Comment.objects.select_related("content_type"), pk=comment_id)
    content_type = comment.content_type
    described, target = _target_or_404(
        request, f"{content_type.app_label}.{content_type.model}", comment.object_id
    )
    return comment, described, target


def _failed(form) -> str | int | None:
    if form is None or not form.errors:
        return None
    parent = form.data.get("parent", "")
    return int(parent) if parent.isdigit() else "new"


def _thread(request, described, target, *, form=None, editing=None, status=200):
    threads = selectors.thread_list(target=target)
    context = {
        "label": described.label,
        "target": target,
        "target_url": described.url(target),
        "dom_id": f"comments-{described.label.replace('.', '-')}-{target.pk}",
        "threads": threads,
        "count": sum(
            (not thread.is_deleted) + sum(not reply.is_deleted for reply in thread.replies.all())
            for thread in threads
        ),
        "form": form or CommentForm(),
        # Which form failed, to show its errors: "new", or the thread replied to.
        "failed": _failed(form),
        "editing": editing,
    }
    template = "core/comments/_thread.html" if request.htmx else "core/comments/thread.html"
    return render(request, template, context, status=status)


def _done(request, described, target):
    if request.htmx:
        return _thread(request, described, target)
    return redirect("core:comment_thread", label=described.label, object_id=target.pk)


@require_http_methods(["GET", "POST"])
@permission_required("core.view_comment", raise_exception=True)
def comment_thread(request, label: str, object_id: int):
    """The threads on an object; a POST posts a comment, or a reply with `parent`."""
    described, target = _target_or_404(request, label, object_id)
    if request.method == "GET":
        return _thread(request, described, target)
    if not request.user.has_perm("core.add_comment"):
        raise PermissionDenied
    form = CommentForm(request.POST)
    if form.is_valid():
        parent = None
        if form.cleaned_data["parent"]:
            parent = selectors.comments_on(target=target).filter(pk=form.cleaned_data["parent"])
            parent = get_object_or_404(parent)
        try:
            services.comment_post(
                author=request.user, target=target, body=form.cleaned_data["body"], parent=parent
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return _done(request, described, target)
    return _thread(request, described, target, form=form, status=422)


@require_http_methods(["GET", "POST"])
@permission_required("core.change_comment", raise_exception=True)
def comment_edit(request, comment_id: int):
    """The edit form of one's own comment in its thread, and its saving."""
    comment, described, target = _comment_or_404(request, comment_id)
    if comment.author_id != request.user.pk or comment.is_deleted:
        raise PermissionDenied
    if request.method == "GET":
        form = CommentForm(initial={"body": comment.body})
        return _thread(request, described, target, editing=(comment.pk, form))
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            services.comment_edit(
                comment=comment, user=request.user, body=form.cleaned_data["body"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return _done(request, described, target)
    return _thread(request, described, target, editing=(comment.pk, form), status=422)


@require_POST
@permission_required("core.delete_comment", raise_exception=True)
def comment_delete(request, comment_id: int):
    comment, described, target = _comment_or_404(request, comment_id)
    services.comment_delete(comment=comment, user=request.user)
    return _done(request, described, target)


def _thread_step(service):
    @require_POST
    @permission_required("core.change_comment", raise_exception=True)
    def view(request, comment_id: int):
        comment, described, target = _comment_or_404(request, comment_id)
        # Resolved or reopened meanwhile by someone else: the thread shows it.
        with contextlib.suppress(ValidationError):
            service(comment=comment, user=request.user)
        return _done(request, described, target)

    view.__doc__ = service.__doc__
    return view


comment_resolve = _thread_step(services.comment_resolve)
comment_reopen = _thread_step(services.comment_reopen)


@require_GET
@permission_required("core.add_comment", raise_exception=True)
def mention_candidates(request, label: str, object_id: int):
    """Who may be mentioned on the object (they may read it), for the @ autocomplete."""
    described, target = _target_or_404(request, label, object_id)
    users = selectors.mention_candidates(
        described=described, target=target, query=request.GET.get("q", "")[:150]
    )
    return JsonResponse(
        {"users": [{"username": user.username, "name": str(user)} for user in users]}
    )
