"""/api/v1/comments/: the threads on an object (`?target=journeys.touchpoint&object_id=12`),
post a comment or a reply, edit or delete one's own, resolve or reopen a thread. Only the
objects the caller may read have threads for them: another's interview is a 404."""

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.exceptions import ValidationError as DRFValidationError
from rest_framework.response import Response

from core import scopes
from core.comments import selectors, services
from core.comments.models import Comment
from core.comments.registry import commentable_labels

from .filters import parse_id
from .permissions import RequiresPermission, RolePermissions
from .serializers import ModelSerializer
from .viewsets import call_service

NO_SUCH_OBJECT = "No such object, or not one you may read."


def _label(comment: Comment) -> str:
    return f"{comment.content_type.app_label}.{comment.content_type.model}"


class TargetField(serializers.ChoiceField):
    """The commented object's kind, read from the comment's content type (selected with it),
    never by loading the object."""

    def get_attribute(self, comment):
        return _label(comment)


class CommentSerializer(ModelSerializer):
    """A comment on an object, or a reply in a thread; `body` is plain text."""

    target = TargetField(
        choices=commentable_labels(), help_text="The commented object's kind, app.model."
    )
    object_id = serializers.IntegerField(min_value=1, max_value=2**63 - 1)
    parent = serializers.PrimaryKeyRelatedField(
        queryset=Comment.objects.all(),
        required=False,
        allow_null=True,
        help_text="The thread replied to; none for a new thread.",
    )
    # Names, null once the user is deleted.
    author = serializers.CharField(read_only=True, allow_null=True, help_text="The author's name.")
    resolved_by = serializers.CharField(read_only=True, allow_null=True)
    reopened_by = serializers.CharField(read_only=True, allow_null=True)
    deleted = serializers.SerializerMethodField()

    class Meta:
        model = Comment
        fields = [
            "id",
            "target",
            "object_id",
            "parent",
            "author",
            "body",
            "created_at",
            "edited_at",
            "deleted",
            "resolved_at",
            "resolved_by",
            "reopened_at",
            "reopened_by",
        ]
        read_only_fields = [
            "author",
            "created_at",
            "edited_at",
            "resolved_at",
            "resolved_by",
            "reopened_at",
            "reopened_by",
        ]

    def get_deleted(self, comment) -> bool:
        return comment.is_deleted

    def validate(self, attrs):
        found = selectors.target_of(
            label=attrs["target"], object_id=attrs["object_id"], user=self.context["request"].user
        )
        if found is None:
            # The same answer for no such object and one the caller may not read.
            raise serializers.ValidationError({"object_id": [NO_SUCH_OBJECT]})
        attrs["target"] = found[1]
        return attrs


class CommentEditSerializer(CommentSerializer):
    """An edit changes the text only."""

    target = serializers.CharField(read_only=True)
    object_id = serializers.IntegerField(read_only=True)
    parent = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)

    def validate(self, attrs):
        return attrs


# The actions on one's own comments only: another's is a 403 before its input is read.
OWN_ONLY = ("update", "partial_update", "destroy")

TARGET_PARAMETERS = [
    OpenApiParameter("target", OpenApiTypes.STR, enum=commentable_labels(), required=True),
    OpenApiParameter("object_id", OpenApiTypes.INT, required=True),
]


@extend_schema_view(list=extend_schema(parameters=TARGET_PARAMETERS))
class CommentViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """Comments; each edits and deletes only their own (403 otherwise)."""

    queryset = Comment.objects.select_related(
        "content_type", "author", "resolved_by", "reopened_by"
    )
    serializer_class = CommentSerializer
    permission_classes = [RolePermissions]
    write_scope = scopes.COMMENTS_WRITE

    def get_serializer_class(self):
        if self.action in ("update", "partial_update"):
            return CommentEditSerializer
        return CommentSerializer

    def list(self, request, *args, **kwargs):
        label = request.query_params.get("target", "")
        try:
            object_id = parse_id(request.query_params.get("object_id"))
        except DjangoValidationError as error:
            raise DRFValidationError({"object_id": error.messages}) from error
        if label not in commentable_labels():
            raise DRFValidationError({"target": [f"One of: {', '.join(commentable_labels())}."]})
        found = selectors.target_of(label=label, object_id=object_id, user=request.user)
        if found is None:
            raise NotFound()
        rows = selectors.comments_on(target=found[1]).select_related("content_type")
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def get_object(self):
        comment = super().get_object()
        found = selectors.target_of(
            label=_label(comment), object_id=comment.object_id, user=self.request.user
        )
        if found is None:
            raise NotFound()
        if self.action in OWN_ONLY and comment.author_id != self.request.user.pk:
            raise PermissionDenied()
        return comment

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = call_service(
            services.comment_post,
            author=self.request.user,
            target=data["target"],
            body=data["body"],
            parent=data.get("parent"),
        )

    def perform_update(self, serializer):
        serializer.instance = call_service(
            services.comment_edit,
            comment=serializer.instance,
            user=self.request.user,
            body=serializer.validated_data.get("body", serializer.instance.body),
        )

    def perform_destroy(self, instance):
        call_service(services.comment_delete, comment=instance, user=self.request.user)

    def _step(self, service):
        comment = call_service(service, comment=self.get_object(), user=self.request.user)
        return Response(CommentSerializer(comment, context=self.get_serializer_context()).data)

    @extend_schema(request=None, responses=CommentSerializer)
    @action(
        detail=True,
        methods=["post"],
        permission_classes=[RolePermissions, RequiresPermission("core.change_comment")],
    )
    def resolve(self, request, pk=None):
        """Marks the thread resolved (400 when it already is, or for a reply)."""
        return self._step(services.comment_resolve)

    @extend_schema(request=None, responses=CommentSerializer)
    @action(
        detail=True,
        methods=["post"],
        permission_classes=[RolePermissions, RequiresPermission("core.change_comment")],
    )
    def reopen(self, request, pk=None):
        """Reopens a resolved thread (400 when it is open)."""
        return self._step(services.comment_reopen)
