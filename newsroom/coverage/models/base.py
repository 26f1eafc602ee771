"""Pieces shared by the domain models: slug natural keys and the one definition of public."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from newsroom.coverage.models.fields import CharField, TextField


class SlugQuerySet(models.QuerySet):
    """Look rows up by slug, their natural key in fixtures."""

    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class SluggedModel(models.Model):
    """A row whose slug is unique and serves as its natural key."""

    slug = models.SlugField(
        max_length=200,
        unique=True,
        help_text="The name in this object's web address. Lower case, words joined by hyphens.",
    )

    objects = SlugQuerySet.as_manager()

    class Meta:
        abstract = True

    def natural_key(self):
        return (self.slug,)


class PublicationStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    IN_REVIEW = "review", "In review"
    SCHEDULED = "scheduled", "Scheduled"
    PUBLISHED = "published", "Published"
    WITHDRAWN = "withdrawn", "Withdrawn"


def public(through: str = "") -> models.Q:
    """Return the condition for what an anonymous reader may see: published, and not
    dated in the future; of the rows reached `through` a relation ("segment__transcript")
    if one is named.

    A filter across a relation costs the database one join it already makes, where
    `__in=published()` adds a subquery to plan (a tenth of a story’s render went there).
    """
    at = f"{through}__" if through else ""
    now = timezone.now()
    return models.Q(**{f"{at}status": PublicationStatus.PUBLISHED}) & (
        models.Q(**{f"{at}published_at__lte": now}) | models.Q(**{f"{at}published_at": None})
    )


class PublishableQuerySet(SlugQuerySet):
    def published(self):
        """Return what an anonymous reader may see: published, and not dated in the future."""
        return self.filter(public())

    def visible_to(self, user):
        """Return what `user` may open: everything for staff (previews), else `published()`."""
        return self.all() if getattr(user, "is_staff", False) else self.published()


class Publishable(SluggedModel):
    """Content with a publication state; only `published()` rows are public."""

    status = CharField(
        max_length=20,
        choices=PublicationStatus.choices,
        default=PublicationStatus.DRAFT,
        db_index=True,
        help_text="Only published content is visible to readers, in pages, feeds and the API.",
    )
    published_at = models.DateTimeField(
        null=True,
        blank=True,
        db_index=True,
        help_text="When it was first published here. Leave empty when it is not known.",
    )
    publish_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="For a scheduled item: when it goes live.",
    )
    scheduled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True, editable=False)
    withdrawal_reason = TextField(
        blank=True,
        help_text="Shown to readers at the withdrawn item's address, in place of its text.",
    )
    version = models.PositiveIntegerField(
        default=0, editable=False, help_text="Counts saves, so a stale form cannot overwrite."
    )

    objects = PublishableQuerySet.as_manager()

    # Fields remembered as loaded, so a save can tell what changed.
    TRACKED = ("status", "slug", "publish_at", "published_at")

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=PublicationStatus.values),
                name="%(app_label)s_%(class)s_status_valid",
            ),
        ]

    def save(self, *args, **kwargs):
        # However it is published (a button, the status field, the API, the scheduler),
        # content published for the first time gets its publication time.
        if self.status == PublicationStatus.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "published_at"}
        self.version += 1
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "version"}
        loaded = getattr(self, "_loaded", {})
        scheduled = self.status == PublicationStatus.SCHEDULED and (
            loaded.get("status") != self.status or loaded.get("publish_at") != self.publish_at
        )
        # Published but dated in the future: readers see it when its date comes, and
        # what shows it must then be rendered again (see newsroom/coverage/cache).
        published_at = self._meta.get_field("published_at").to_python(self.published_at)
        if published_at is not None and timezone.is_naive(published_at):
            published_at = timezone.make_aware(published_at)
        dated = (
            self.status == PublicationStatus.PUBLISHED
            and published_at is not None
            and published_at > timezone.now()
            and (
                loaded.get("status") != self.status
                or loaded.get("published_at") != self.published_at
            )
        )
        super().save(*args, **kwargs)
        if scheduled or dated:
            # However it is scheduled or rescheduled (admin, API, history restore), a
            # worker is asked to publish it (or show it) at its time; see background.queueing.
            from newsroom.coverage.background.queueing import queue_publication

            queue_publication(self)
        from newsroom.coverage.syndication import events

        # However it is published or withdrawn, webhooks and alerts are told (on commit).
        if event := events.event_of(self, loaded_status=loaded.get("status")):
            events.announce(event, self)
        self._loaded = {name: getattr(self, name) for name in self.TRACKED}

    @classmethod
    def from_db(cls, db, field_names, values):
        obj = super().from_db(db, field_names, values)
        obj._loaded = {name: obj.__dict__.get(name) for name in cls.TRACKED}
        return obj

    @property
    def was_withdrawn(self):
        """Tell whether readers once had this and were told it is withdrawn."""
        return self.status == PublicationStatus.WITHDRAWN and self.published_at is not None

    @property
    def is_public(self):
        return self.status == PublicationStatus.PUBLISHED and (
            self.published_at is None or self.published_at <= timezone.now()
        )


def choices_check(field: str, choices: type[models.TextChoices], name: str, *, blank=False):
    """Return a CheckConstraint keeping `field` within `choices` (or empty, when `blank`)."""
    values = list(choices.values) + ([""] if blank else [])
    return models.CheckConstraint(condition=models.Q(**{f"{field}__in": values}), name=name)
