from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse

from newsroom.coverage.models import Person, PersonName, Role
from newsroom.coverage.services import merge_people


class PersonNameInline(admin.TabularInline):
    model = PersonName
    extra = 0


class RoleInline(admin.StackedInline):
    model = Role
    extra = 0
    autocomplete_fields = ["place"]


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["name", "sort_name", "slug"]
    search_fields = ["name", "sort_name", "slug", "other_names__name"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [PersonNameInline, RoleInline]
    actions = ["merge"]

    @admin.action(description="Merge selected people into one", permissions=["delete"])
    def merge(self, request, queryset):
        people = list(queryset)
        if len(people) < 2:
            self.message_user(request, "Select two or more people to merge.", messages.WARNING)
            return None
        survivor_id = request.POST.get("survivor")
        if survivor_id:
            survivor = next((p for p in people if str(p.pk) == survivor_id), None)
            if survivor is None:
                self.message_user(request, "Choose one of the selected people.", messages.ERROR)
                return None
            try:
                merge_people(survivor=survivor, duplicates=people, user=request.user)
            except PermissionDenied as error:
                self.message_user(request, str(error), messages.ERROR)
                return None
            names = ", ".join(p.name for p in people if p.pk != survivor.pk)
            self.message_user(request, f"Merged {names} into {survivor.name}.", messages.SUCCESS)
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": "Merge people",
            "people": people,
            "opts": self.model._meta,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/coverage/person/merge.html", context)
