from django.core.management.base import BaseCommand

from quizzes.interop.commands import run_import


class Command(BaseCommand):
    help = "Import questions from a CSV file, all or nothing (see docs/interop.md)."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--owner", required=True, help="Username of the importing teacher.")
        parser.add_argument("--set", dest="set_name", help="Also create a set with this title.")

    def handle(self, *args, file, owner, set_name=None, **options):
        run_import(self, path=file, fmt="csv", owner=owner, set_name=set_name)
