"""The admin site: the newsroom's content first, the site's machinery after it."""

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.urls import reverse

# Apps an editor works in, in this order; every other app (accounts, API tokens, login
# lock-outs, tasks) is the site's machinery, listed after them for administrators.
NEWSROOM_APPS = ("coverage",)


class NewsroomAdminSite(admin.AdminSite):
    def get_app_list(self, request, app_label=None):
        """List the newsroom's apps first; "Add" leads where a model admin says
        (`add_url_name`: a story is added from its text)."""
        apps = super().get_app_list(request, app_label)
        for app in apps:
            for model in app["models"]:
                name = getattr(self._registry.get(model["model"]), "add_url_name", None)
                if name and model.get("add_url"):
                    model["add_url"] = reverse(name, current_app=self.name)
        first = {label: n for n, label in enumerate(NEWSROOM_APPS)}
        return sorted(apps, key=lambda app: first.get(app["app_label"], len(first)))


class NewsroomAdminConfig(AdminConfig):
    default_site = "newsroom.admin_site.NewsroomAdminSite"
