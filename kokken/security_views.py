"""Security pages of the secretariat: the audit trail (search, CSV) and security settings."""

from __future__ import annotations

import csv
import io

import django_filters
from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from . import access, audit, mfa, xlsx
from .access import Perm
from .models import Agency, AuditEvent, DataTransfer, SecuritySettings


class AuditFilter(django_filters.FilterSet):
    username = django_filters.CharFilter(label=_("User name"), lookup_expr="icontains")
    action = django_filters.ChoiceFilter(label=_("Action"), choices=AuditEvent.Action.choices,
                                         empty_label=_("All"))
    ip = django_filters.CharFilter(label=_("Address"), lookup_expr="startswith")
    agency = django_filters.ModelChoiceFilter(label=_("Agency"), queryset=Agency.objects.all(),
                                              to_field_name="code", empty_label=_("All"))
    q = django_filters.CharFilter(label=_("Contains"), field_name="what", lookup_expr="icontains")
    since = django_filters.DateFilter(label=_("From date"), field_name="at", lookup_expr="date__gte",
                                      widget=forms.DateInput(attrs={"type": "date"}))
    until = django_filters.DateFilter(label=_("To date"), field_name="at", lookup_expr="date__lte",
                                      widget=forms.DateInput(attrs={"type": "date"}))
    failed = django_filters.BooleanFilter(label=_("Failures only"), field_name="succeeded",
                                          method="failures_only",
                                          widget=forms.CheckboxInput)

    class Meta:
        model = AuditEvent
        fields = ("username", "action", "ip", "agency", "q", "since", "until", "failed")

    def failures_only(self, queryset, name, value):
        return queryset.filter(succeeded=False) if value else queryset


def _filtered(request) -> AuditFilter:
    return AuditFilter(request.GET or None, queryset=AuditEvent.objects.select_related("agency"))


@access.requires(Perm.MANAGE)
def audit_list(request):
    """Search the audit trail: who did what, when, from where."""
    events = _filtered(request)
    page = Paginator(events.qs, 50).get_page(request.GET.get("page"))
    return render(request, "kokken/audit_list.html", {
        "filter": events, "page": page, "total": page.paginator.count,
        "query": request.GET.urlencode(),
    }, status=200 if events.is_bound is False or events.is_valid() else 400)


def _cell(value) -> str:
    """A CSV cell that a spreadsheet program shows as text, never runs (the xlsx writer's rule)."""
    text = "" if value is None else str(value)
    return "'" + text if xlsx.is_dangerous(text) else text


@access.requires(Perm.MANAGE)
def audit_export(request):
    """The filtered audit trail as CSV (UTF-8 with BOM, so Excel reads Japanese)."""
    events = _filtered(request)
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer)
    writer.writerow([str(label) for label in (
        _("At"), _("User name"), _("Address"), _("Action"), _("What"), _("Path"),
        _("Agency"), _("Succeeded"))])
    actions = dict(AuditEvent.Action.choices)
    rows = events.qs.select_related(None).values_list(
        "at", "username", "ip", "action", "what", "path", "agency__code", "succeeded")
    for at, username, ip, action, what, path, agency, ok in rows.iterator():
        writer.writerow([_cell(v) for v in (
            timezone.localtime(at).isoformat(timespec="seconds"), username, ip,
            str(actions.get(action, action)), what, path, agency, "1" if ok else "0")])
    content = buffer.getvalue().encode("utf-8")
    filename = f"audit-{timezone.localdate():%Y%m%d}.csv"
    DataTransfer.record(user=request.user, direction=DataTransfer.Direction.EXPORT,
                        what="audit trail", filename=filename, size=len(content))
    response = HttpResponse(content, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


class SecuritySettingsForm(forms.ModelForm):
    class Meta:
        model = SecuritySettings
        fields = ("agency_mfa_required",)


@access.requires(Perm.MANAGE)
def security_settings(request):
    current = SecuritySettings.current()
    form = SecuritySettingsForm(request.POST if request.method == "POST" else None,
                                instance=current)
    if request.method == "POST" and form.is_valid():
        if form.has_changed():
            current = form.save(commit=False)
            current.updated_by = request.user
            current.save()
            audit.record(AuditEvent.Action.SETTING_CHANGED,
                         what=f"agency_mfa_required={current.agency_mfa_required}")
        messages.success(request, _("The security settings were saved."))
        return redirect("security_settings")
    return render(request, "kokken/security_settings.html", {"form": form, "settings": current},
                  status=400 if form.errors else 200)


# --- Second factor ------------------------------------------------------------------------

class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code"), max_length=20, strip=True,
        help_text=_("The 6-digit code your authenticator app shows now, or one of your "
                    "recovery codes."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "text",
                                      "autocapitalize": "off", "spellcheck": "false"}))


def _next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                                  require_https=request.is_secure()):
        return target
    return reverse("home")


@access.mfa_step
def mfa_verify(request):
    """Second step of sign-in: a code from the authenticator app (or a recovery code)."""
    if request.user.is_verified():
        return redirect(_next(request))
    if not mfa.has_device(request.user):
        return redirect(f"{reverse('mfa_setup')}?{urlencode({'next': _next(request)})}")
    form = CodeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        if mfa.verify(request, form.cleaned_data["code"]):
            return redirect(_next(request))
        form.add_error("code", _("This code is not right (or was already used). Enter the "
                                 "code your app shows now."))
    return render(request, "registration/mfa_verify.html", {"form": form, "next": _next(request)},
                  status=400 if form.errors else 200)


@access.mfa_step
def mfa_setup(request):
    """Set up an authenticator app: QR code or secret, then a first code; recovery codes."""
    if mfa.has_device(request.user) and not request.user.is_verified():
        # Only someone who holds the current factor may replace it.
        return redirect(f"{reverse('mfa_verify')}?{urlencode({'next': request.get_full_path()})}")
    device = mfa.start_enrolment(request.user)
    form = CodeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        codes = mfa.confirm_enrolment(request, device=device, code=form.cleaned_data["code"])
        if codes is not None:
            return render(request, "registration/mfa_recovery_codes.html",
                          {"codes": codes, "next": _next(request)})
        form.add_error("code", _("This code is not right. Check the time on your phone and "
                                 "enter the code your app shows now."))
    return render(request, "registration/mfa_setup.html", {
        "form": form, "next": _next(request), "secret": mfa.secret_of(device),
        "qr": mfa.qr_data_uri(device), "required": access.mfa_required(request.user),
    }, status=400 if form.errors else 200)


@access.signed_in
@require_POST
def mfa_recovery_codes(request):
    """New recovery codes (the old ones stop working), shown once."""
    if not mfa.has_device(request.user):
        return redirect("mfa_setup")
    codes = mfa.new_recovery_codes(request.user)
    audit.record(AuditEvent.Action.MFA_ENROLLED, what="new recovery codes")
    return render(request, "registration/mfa_recovery_codes.html",
                  {"codes": codes, "next": reverse("profile")})
