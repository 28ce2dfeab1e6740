"""Admin screens for organisations, memberships and the (read-only) audit trail.

Saves go through wholeroute.access.actions so they are checked and audited like any other change.
"""

from django.contrib import admin

from wholeroute.access import actions
from wholeroute.access.models import AuditEntry, Membership, Organisation, User


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "kind", "country", "participating", "require_mfa", "withdrawn_at"]
    list_filter = ["kind", "participating", "require_mfa"]
    search_fields = ["name", "short_name", "slug"]
    prepopulated_fields = {"slug": ["name"]}

    def save_model(self, request, obj, form, change):
        if change:
            actions.update_organisation(request.user, Organisation.objects.get(pk=obj.pk),
                                        **{f: form.cleaned_data[f] for f in form.changed_data})
        else:
            created = actions.create_organisation(
                request.user, name=obj.name, kind=obj.kind, short_name=obj.short_name, country=obj.country,
                participating=obj.participating, require_mfa=obj.require_mfa, slug=obj.slug,
            )
            obj.pk = created.pk

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "organisation", "role", "created_at", "ended_at"]
    list_filter = ["role", "organisation"]
    search_fields = ["user__email", "organisation__name"]
    autocomplete_fields = ["organisation"]

    def save_model(self, request, obj, form, change):
        if change and "ended_at" in form.changed_data and obj.ended_at:
            actions.end_membership(request.user, Membership.objects.get(pk=obj.pk))
            return
        created = actions.add_member(request.user, obj.organisation, email=obj.user.email, role=obj.role)
        obj.pk = created.pk

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(User)
class UserAdmin(admin.ModelAdmin):
    list_display = ["email", "first_name", "last_name", "is_active", "last_login"]
    search_fields = ["email", "first_name", "last_name"]
    fields = ["email", "first_name", "last_name", "is_active", "last_login", "date_joined"]
    readonly_fields = ["last_login", "date_joined"]

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ["at", "user_repr", "organisation", "verb", "object_type", "object_repr"]
    list_filter = ["verb", "object_type"]
    search_fields = ["object_repr", "user_repr", "verb"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
