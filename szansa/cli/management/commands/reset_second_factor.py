"""`manage.py reset_second_factor <login>`: remove a user's second factor (lost phone); they set it up
again at their next sign-in. The administrator can do the same on the user's account page."""

from django.core.management.base import BaseCommand, CommandError

from szansa.domain.accounts import second_factor
from szansa.domain.accounts.models import User


class Command(BaseCommand):
    help = "Remove a user's second factor (authenticator app and recovery codes); they enrol again."

    def add_arguments(self, parser):
        parser.add_argument("username", help="The user's login.")

    def handle(self, *args, username, **options):
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user {username!r}.")
        removed = second_factor.reset(user, actor=None)
        self.stdout.write(
            self.style.SUCCESS(f"Removed {removed} second-factor device(s) of {username}; they enrol again.")
        )
