from django.contrib import admin

from gongkai.web.agencies.models import Agency


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ["name", "designation", "kind", "parent", "jurisdiction_name"]
    list_filter = ["kind"]
    search_fields = ["name"]
