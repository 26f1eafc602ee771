"""Admin for sources, places, roles and events: browse, search, edit."""

from django.contrib import admin

from newsroom.coverage.models import Event, Place, PlaceName, Role, Source


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "url"]
    list_filter = ["kind"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


class PlaceNameInline(admin.TabularInline):
    model = PlaceName
    extra = 0


@admin.register(Place)
class PlaceAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "parent"]
    list_filter = ["kind"]
    list_select_related = ["parent"]
    search_fields = ["name", "slug", "other_names__name"]
    autocomplete_fields = ["parent"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [PlaceNameInline]


@admin.register(Role)
class RoleAdmin(admin.ModelAdmin):
    list_display = ["title", "person", "place", "start_date", "end_date"]
    list_select_related = ["person", "place"]
    list_filter = ["place"]
    search_fields = ["title", "organisation", "person__name"]
    autocomplete_fields = ["person", "place"]


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "status", "date", "date_precision", "place", "format"]
    list_select_related = ["place"]
    list_filter = ["kind", "status", "format", "date_precision"]
    search_fields = ["title", "slug", "summary"]
    date_hierarchy = "date"
    autocomplete_fields = ["place", "participants"]
    prepopulated_fields = {"slug": ["title"]}
