from datetime import timedelta

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from core import services
from core.models import User
from core.scopes import SCOPES


class Command(BaseCommand):
    help = (
        "Creates an API token for a user, typically a service account of the integration "
        "role, and prints its secret once on the standard output (nowhere else)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--user", required=True, help="The username the token acts as.")
        parser.add_argument("--name", required=True, help="What the token is for.")
        parser.add_argument(
            "--scopes",
            required=True,
            help=f"Comma-separated, among: {', '.join(SCOPES)}.",
        )
        parser.add_argument(
            "--expires-in-days", type=int, help="Days until it expires (default: never)."
        )

    def handle(self, *args, user, name, scopes, expires_in_days=None, **options):
        try:
            owner = User.objects.get(username=user, is_active=True)
        except User.DoesNotExist:
            raise CommandError(f"No active user named {user!r}.") from None
        chosen = [scope.strip() for scope in scopes.split(",") if scope.strip()]
        if not chosen:
            raise CommandError("Name at least one scope.")
        expires_at = timezone.now() + timedelta(days=expires_in_days) if expires_in_days else None
        try:
            token, secret = services.api_token_create(
                user=owner, name=name, expires_at=expires_at, scopes=chosen
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        self.stderr.write(
            f"Token {token.prefix}… for {owner.username}, scopes {', '.join(token.scopes)}. "
            "Its secret, shown once:"
        )
        self.stdout.write(secret)
