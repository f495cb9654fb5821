from django.contrib import admin

from gongkai.web.accounts.models import Role


@admin.register(Role)
class RoleAdmin(admin.ModelAdmin):
    list_display = ["user", "kind", "agency"]
    list_filter = ["kind"]
    autocomplete_fields = ["agency"]
