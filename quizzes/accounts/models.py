import zoneinfo

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models

# The IANA zones a person can live in: not "localtime" (whatever zone the server is set to)
# nor "Factory" (a placeholder whose abbreviation reads "-00").
TIME_ZONES = sorted(zoneinfo.available_timezones() - {"localtime", "Factory"})


def validate_time_zone(value: str) -> None:
    if value not in TIME_ZONES:
        raise ValidationError(f"“{value}” is not a known time zone.")


class User(AbstractUser):
    """A person using the site; the role decides what they can author."""

    class Role(models.TextChoices):
        STUDENT = "student", "Student"
        TEACHER = "teacher", "Teacher"

    role = models.CharField(max_length=16, choices=Role, default=Role.STUDENT)
    time_zone = models.CharField(max_length=64, default="UTC", validators=[validate_time_zone])

    @property
    def is_teacher(self) -> bool:
        return self.role == self.Role.TEACHER

    @property
    def display_name(self) -> str:
        """The name people see on rosters, gradebooks, reviews and CSVs: the first and
        last name given at sign-up; the username for accounts made before names were asked."""
        return self.get_full_name() or self.username

    @property
    def tzinfo(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)
