"""Admin for users: staff search, filter and fix accounts here."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from quizzes.accounts.models import User


@admin.register(User)
class QuizUserAdmin(UserAdmin):
    fieldsets = [
        *(UserAdmin.fieldsets or ()),
        ("Quiz", {"fields": ["role", "time_zone"]}),
    ]
    list_display = [
        "username",
        "first_name",
        "last_name",
        "email",
        "role",
        "is_staff",
        "date_joined",
    ]
    list_filter = ["role", *UserAdmin.list_filter]
