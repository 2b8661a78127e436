from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from . import audit, lockout, monitoring
from .models import (
    Agency, ApiToken, AuditEvent, Bureau, DataTransfer, ExportHold, Ministry, SecuritySettings, User,
)

# Only system administrators reach the admin (AccessMiddleware and this check).
admin.site.has_permission = lambda request: bool(
    request.user.is_active and request.user.is_authenticated and request.user.is_system_admin
)
admin.site.site_header = _("Kokken follow-up administration")


class BureauInline(admin.TabularInline):
    model = Bureau
    extra = 0


@admin.register(Ministry)
class MinistryAdmin(admin.ModelAdmin):
    list_display = ("code", "name_ja", "name_en", "order")
    inlines = [BureauInline]


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ("abbr", "name_ja", "designated", "funding_agency", "valid_from", "valid_until")
    list_filter = ("designated", "funding_agency", "ministries")
    search_fields = ("abbr", "name_ja", "name_en", "code")
    filter_horizontal = ("ministries",)


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ("username", "email", "role", "agency", "ministry", "is_active")
    list_filter = ("role", "is_active", "agency", "ministry")
    fieldsets = BaseUserAdmin.fieldsets + (
        (_("Organisation and role"), {"fields": ("role", "agency", "ministry", "council_member")}),
    )
    add_fieldsets = BaseUserAdmin.add_fieldsets + (
        (_("Organisation and role"), {"fields": ("role", "agency", "ministry")}),
    )
    actions = ["unlock"]

    @admin.action(description=_("Unlock the selected accounts (clear failed sign-ins)"))
    def unlock(self, request, queryset):
        for user in queryset:
            lockout.unlock(user=user, by=request.user)
        self.message_user(request, _("%(n)d accounts were unlocked.") % {"n": len(queryset)})


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Administrators see and revoke tokens (e.g. one that leaked); nobody sees a secret."""

    list_display = ("name", "user", "prefix", "created_at", "last_used_at", "revoked_at")
    list_filter = ("revoked_at",)
    search_fields = ("name", "user__username", "prefix")
    fields = ("user", "name", "prefix", "created_at", "last_used_at", "revoked_at")
    readonly_fields = ("user", "name", "prefix", "created_at", "last_used_at")
    actions = ["revoke"]

    def has_add_permission(self, request):
        return False  # tokens are issued by their owner, on the profile page

    @admin.action(description=_("Revoke the selected tokens"))
    def revoke(self, request, queryset):
        for token in queryset.active():
            token.revoke()
            audit.record(AuditEvent.Action.TOKEN_REVOKED, what=f"{token} of {token.user} (admin)")


class ReadOnlyAdmin(admin.ModelAdmin):
    """Audit trails are read, never edited."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(DataTransfer)
class DataTransferAdmin(ReadOnlyAdmin):
    list_display = ("at", "user", "ip", "direction", "what", "filename", "size", "agency",
                    "succeeded")
    list_filter = ("direction", "succeeded", "agency")
    search_fields = ("what", "filename", "user__username", "ip")
    date_hierarchy = "at"


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ("at", "username", "ip", "action", "what", "agency", "succeeded")
    list_filter = ("action", "succeeded")
    search_fields = ("username", "ip", "what", "path")
    date_hierarchy = "at"


@admin.register(ExportHold)
class ExportHoldAdmin(admin.ModelAdmin):
    """Exports held after a mass-download alert; an administrator releases them here."""

    list_display = ("user", "created_at", "reason", "released_at", "released_by")
    list_filter = ("released_at",)
    fields = ("user", "created_at", "reason", "released_at", "released_by")
    readonly_fields = fields
    actions = ["release"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Release the exports of the selected users"))
    def release(self, request, queryset):
        for hold in queryset.filter(released_at__isnull=True).select_related("user"):
            monitoring.release(hold=hold, by=request.user)


@admin.register(SecuritySettings)
class SecuritySettingsAdmin(admin.ModelAdmin):
    list_display = ("agency_mfa_required", "updated_at", "updated_by")
    readonly_fields = ("updated_at", "updated_by")

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
