from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from .permissions import TokenScopes
from .serializers import MeSerializer


class MeView(APIView):
    """The signed-in user (or the token's user), with their role and permissions."""

    permission_classes = [TokenScopes, IsAuthenticated]
    serializer_class = MeSerializer

    def get(self, request):
        return Response(MeSerializer(request.user).data)
