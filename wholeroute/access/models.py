"""Organisations, the people who work for them, classification of records, and the audit trail."""

import hashlib
import json

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from wholeroute.access.markings import refuse_eu_classified_marking


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email, password=None, **extra):
        if not email:
            raise ValueError("A user needs an e-mail address.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email, password=None, **extra):
        extra.update(is_staff=True, is_superuser=True)
        return self.create_user(email, password, **extra)


class User(AbstractUser):
    """A staff user of a participating organisation. Migrants are never users and never recorded."""

    username = None
    email = models.EmailField("e-mail address", unique=True)
    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []
    objects = UserManager()

    class Meta:
        ordering = ["email"]

    def __str__(self):
        return self.get_full_name() or self.email


class Organisation(models.Model):
    class Kind(models.TextChoices):
        MINISTRY = "ministry", "Member-state ministry"
        COMMISSION = "commission", "Commission service"
        EEAS = "eeas", "EEAS / EU delegation"
        AGENCY = "agency", "EU agency"
        IO = "io", "International organisation"
        PARTNER_GOVERNMENT = "partner_government", "Partner-country government"
        MONITORING_BODY = "monitoring_body", "Monitoring body"
        CIVIL_SOCIETY = "civil_society", "Civil society"
        OTHER = "other", "Other"

    slug = models.SlugField(max_length=80, unique=True)
    name = models.CharField(max_length=200, unique=True)
    short_name = models.CharField(max_length=40, blank=True)
    kind = models.CharField(max_length=32, choices=Kind.choices)
    country = models.ForeignKey("geo.Country", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    # Members of participating organisations see LIMITED records.
    participating = models.BooleanField(default=True)
    require_mfa = models.BooleanField("require a second factor", default=False)
    website = models.URLField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.short_name or self.name


class Role(models.TextChoices):
    VIEWER = "viewer", "Viewer"
    EDITOR = "editor", "Editor"
    APPROVER = "approver", "Approver"
    ADMIN = "admin", "Admin"


ROLE_RANK = {Role.VIEWER: 1, Role.EDITOR: 2, Role.APPROVER: 3, Role.ADMIN: 4}


class Membership(models.Model):
    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="memberships")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField(max_length=16, choices=Role.choices, default=Role.VIEWER)
    created_at = models.DateTimeField(default=timezone.now)
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation"], condition=models.Q(ended_at__isnull=True), name="one_active_membership"
            )
        ]
        ordering = ["organisation__name", "user__email"]

    def __str__(self):
        return f"{self.user} — {self.organisation} ({self.get_role_display()})"


class Classification(models.TextChoices):
    PUBLIC = "PUBLIC", "Public"
    LIMITED = "LIMITED", "Limited"
    SENSITIVE = "SENSITIVE", "Sensitive"


CLASSIFICATION_RANK = {Classification.PUBLIC: 0, Classification.LIMITED: 1, Classification.SENSITIVE: 2}


class HardDeleteRefused(Exception):
    """Records are withdrawn, never deleted."""


class ClassifiedQuerySet(models.QuerySet):
    def visible_to(self, user, *, include_withdrawn=False):
        from wholeroute.access import policy

        return policy.visible(self, user, include_withdrawn=include_withdrawn)

    def active(self):
        return self.filter(withdrawn_at__isnull=True)

    def delete(self):
        raise HardDeleteRefused("Records are withdrawn, never deleted.")


class Classified(models.Model):
    """Base for every business record: a classification, an owning organisation and an explicit share list.

    Free-text fields are checked for EU classified markings on validation; records are never deleted.
    """

    classification = models.CharField(max_length=12, choices=Classification.choices, default=Classification.LIMITED)
    owner = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    shared_with = models.ManyToManyField(Organisation, blank=True, related_name="+")
    created_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_reason = models.TextField(blank=True)

    objects = ClassifiedQuerySet.as_manager()

    class Meta:
        abstract = True

    @property
    def is_withdrawn(self):
        return self.withdrawn_at is not None

    def clean(self):
        super().clean()
        errors = {}
        for field in self._meta.concrete_fields:
            if isinstance(field, (models.CharField, models.TextField)):
                try:
                    refuse_eu_classified_marking(getattr(self, field.attname), field.verbose_name)
                except ValidationError as exc:
                    errors[field.name] = exc.messages
        if errors:
            raise ValidationError(errors)

    def delete(self, *args, **kwargs):
        raise HardDeleteRefused(f"{self._meta.verbose_name} records are withdrawn, never deleted.")


class AuditEntry(models.Model):
    """One row per state change, written in the same transaction as the change, chained by hash."""

    at = models.DateTimeField(default=timezone.now, db_index=True)
    user = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    user_repr = models.CharField(max_length=254, blank=True)
    organisation = models.ForeignKey(Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    verb = models.CharField(max_length=80, db_index=True)
    object_type = models.CharField(max_length=80, db_index=True)
    object_id = models.CharField(max_length=64, db_index=True)
    object_repr = models.CharField(max_length=300)
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)
    reason = models.TextField(blank=True)
    previous_hash = models.CharField(max_length=64, blank=True)
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering = ["-id"]
        verbose_name_plural = "audit entries"

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.user_repr or 'system'} {self.verb} {self.object_repr}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("Audit entries cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise HardDeleteRefused("Audit entries cannot be deleted.")

    def payload(self):
        return {
            "at": self.at.isoformat(),
            "user": self.user_id,
            "organisation": self.organisation_id,
            "verb": self.verb,
            "object_type": self.object_type,
            "object_id": self.object_id,
            "before": self.before,
            "after": self.after,
            "reason": self.reason,
        }

    def compute_hash(self):
        body = json.dumps(self.payload(), sort_keys=True, default=str)
        return hashlib.sha256((self.previous_hash + body).encode()).hexdigest()
