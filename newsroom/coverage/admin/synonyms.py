"""Admin for the search's synonyms: editors keep the wordings readers search by."""

from django.contrib import admin

from newsroom.coverage.models import Synonym


@admin.register(Synonym)
class SynonymAdmin(admin.ModelAdmin):
    list_display = ["__str__", "note", "updated_at"]
    search_fields = ["wordings", "note"]
    fields = ["wordings", "note"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        self.message_user(
            request,
            "A search for any of these wordings now finds the others too (on other "
            "servers within a minute).",
        )
