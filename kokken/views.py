from django import forms
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.core.paginator import Paginator
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST
from django.views.i18n import set_language as django_set_language

from . import access, audit, contrib, figures, mfa, notifications, reference, selectors
from .filters import AgencyListFilter
from .forms import DatePartsField
from .models import ApiToken, AuditEvent, User


@access.public
def healthz(request):
    return HttpResponse("ok", content_type="text/plain")


@access.public
@never_cache
@require_GET
def readyz(request):
    """Ready to serve: database, storage, broker, workers, fonts (kokken/health.py)."""
    from .health import UNAVAILABLE, readiness

    checks = readiness()
    ready = UNAVAILABLE not in checks.values()
    return JsonResponse({"status": "ok" if ready else "unavailable", "checks": checks},
                        status=200 if ready else 503)


set_language = access.public(django_set_language)


@access.signed_in
def home(request):
    """Send each user to their role's home page."""
    user = request.user
    audience = access.audience(user)
    if audience == "agency":
        return redirect("agency_detail", agency=user.agency.code)
    if audience == "ministry":
        return redirect("ministry_detail", ministry=user.ministry.code)
    if audience == "all":
        return redirect("agency_list")
    if access.has_global(user, access.Perm.ADMIN):
        return redirect("admin:index")
    return render(request, "kokken/no_role.html", status=403)


def _panels(request, audience: str, *, agency=None, ministry=None) -> list[str]:
    """Render the dashboard panels chapter apps registered for this audience.

    ``?fy=`` picks the fiscal year; without it each panel shows its latest year.
    """
    fy = request.GET.get("fy", "")
    fiscal_year = int(fy) if fy.isascii() and fy.isdigit() and len(fy) == 4 and 2000 <= int(fy) <= 2100 else None
    arguments = {"request": request, "agency": agency, "ministry": ministry,
                 "fiscal_year": fiscal_year}

    def render(panel) -> str:
        return render_to_string(panel.template, panel.context(**arguments), request=request)

    # Rendering the panels was most of a home's CPU (issue 18, fourth pass): a panel that
    # says what its HTML depends on is rendered once per state of that, and the home reads
    # every such panel from the cache at once.
    panels = contrib.panels(audience)
    keys = [panel.cache_key(**arguments) if panel.cache_key else None for panel in panels]
    kept = iter(figures.cached_many([
        (f"panel:{panel.identifier}", *key, lambda panel=panel: str(render(panel)))
        for panel, key in zip(panels, keys, strict=True) if key is not None]))
    return [render(panel) if key is None else mark_safe(next(kept))
            for panel, key in zip(panels, keys, strict=True)]


def _agency_rows(request, agencies: list, *, with_code: bool) -> str:
    """The table rows of ``agencies``, as the agency list and a ministry's home show them.

    Per row, a reverse() and a loop over the ministries in the template were a tenth of the
    secretariat home's CPU, and the rows' template a quarter (issue 18): each link is made
    from one reverse(), the ministries come from the organisations kept in the cache and are
    joined here (kokken/reference.py), and the rows are rendered once per content (kept
    under exactly what they show, with the language and the release)."""
    detail = reverse("agency_detail", kwargs={"agency": "__agency__"})
    names = selectors.ministry_names([a.pk for a in agencies], request)
    for agency in agencies:
        agency.detail_url = detail.replace("__agency__", agency.code)
        agency.ministry_names = names.get(agency.pk, "")
    shown = tuple((a.detail_url, a.abbr, a.name, a.code, a.ministry_names, a.designated,
                   a.funding_agency) for a in agencies)
    return mark_safe(figures.cached(
        "agency-rows", (shown, with_code), (), lambda: render_to_string(
            "kokken/agency_rows.html", {"agencies": agencies, "with_code": with_code})))


@access.signed_in
def agency_list(request):
    sort = request.GET.get("sort", "abbr")
    # The agency filters of /api/v1/agencies/: the same values mean the same, or are refused.
    filters = AgencyListFilter(request.GET,
                               queryset=selectors.agency_list(user=request.user, sort=sort))
    # A few dozen agencies: read at once, not counted by a query and then read by another.
    page = Paginator(list(filters.qs), 30).get_page(request.GET.get("page"))
    return render(request, "kokken/agency_list.html", {
        "page": page,
        "rows": _agency_rows(request, list(page.object_list), with_code=True),
        "filters": filters.values,
        "refused": filters.refused,
        "sort": sort,
        "total": page.paginator.count,
        "ministries": selectors.ministry_filter_choices(request.user, request),
        "columns": [("abbr", _("Abbreviation")), ("name", _("Name")), ("code", _("Code"))],
        "panels": _panels(request, "secretariat") if access.audience(request.user) == "all"
        else [],
    })


@access.agency_view(access.Perm.VIEW)
def agency_detail(request, agency):
    return render(request, "kokken/agency_detail.html", {
        "agency": agency, "panels": _panels(request, "agency", agency=agency),
        "ministries": reference.organisations(request).ministries_of(agency.pk)})


@access.ministry_view
def ministry_detail(request, ministry):
    agencies = list(access.agencies(request.user).filter(ministries=ministry).order_by("abbr"))
    figures.supervised_ids(request, ministry, known=agencies)  # the panels read them again
    return render(request, "kokken/ministry_detail.html", {
        "ministry": ministry, "count": len(agencies),
        "rows": _agency_rows(request, agencies, with_code=False),
        "bureaus": reference.bureaus(ministry),
        "panels": _panels(request, "ministry", ministry=ministry),
    })


class ApiTokenForm(forms.Form):
    name = forms.CharField(label=_("Token name"), max_length=100,
                           help_text=_("What the token is for, e.g. “FY2024 upload script”."))
    expires_on = DatePartsField(label=_("Expiry date"), required=False,
                                help_text=_("The last day the token works (optional; "
                                            "recommended). Example: 2027年03月31日"))

    def clean_expires_on(self):
        day = self.cleaned_data.get("expires_on")
        if day is not None and day < timezone.localdate():
            raise forms.ValidationError(_("Choose today or a later day."))
        return day


def _profile(request, *, form=None, new_secret=None, status=200):
    return render(request, "kokken/profile_api_tokens.html", {
        "token_form": form or ApiTokenForm(),
        "api_tokens": request.user.api_tokens.all(),
        "new_secret": new_secret,
        "docs_url": reverse("api:docs"),
        "mfa_enabled": mfa.has_device(request.user),
        "mfa_required": access.mfa_required(request.user),
    }, status=status)


@access.signed_in
def profile(request):
    return _profile(request)


@access.signed_in
@require_POST
def api_token_create(request):
    """Issue a token and show its secret this once (not kept anywhere, not even the session)."""
    form = ApiTokenForm(request.POST)
    if not form.is_valid():
        return _profile(request, form=form, status=400)
    token, secret = ApiToken.issue(user=request.user, name=form.cleaned_data["name"],
                                   expires_on=form.cleaned_data["expires_on"])
    audit.record(AuditEvent.Action.TOKEN_CREATED, what=f"{token.name} ({token.prefix}…, #{token.pk})")
    return _profile(request, new_secret=secret)


@access.signed_in
@require_POST
def api_token_revoke(request, api_token: int):
    token = get_object_or_404(request.user.api_tokens.active(), pk=api_token)
    token.revoke()
    audit.record(AuditEvent.Action.TOKEN_REVOKED, what=f"{token.name} ({token.prefix}…, #{token.pk})")
    messages.success(request, _("The token “%(name)s” was revoked.") % {"name": token.name})
    return redirect("profile")


# Django's auth views, each with its declared rule.
class SignInForm(AuthenticationForm):
    """Django's form sets max_length after the validators exist, so a 256-character name
    reached authenticate() and the lockout table (varchar 255): refuse it here."""

    def clean_username(self):
        username = self.cleaned_data.get("username") or ""
        limit = User._meta.get_field(User.USERNAME_FIELD).max_length
        if len(username) > limit:
            raise forms.ValidationError(
                _("Enter a user name of at most %(limit)d characters.") % {"limit": limit})
        return username


login = access.public(auth_views.LoginView.as_view(redirect_authenticated_user=True,
                                                  authentication_form=SignInForm))
logout = access.public(auth_views.LogoutView.as_view())
password_change = access.signed_in(auth_views.PasswordChangeView.as_view())
password_change_done = access.signed_in(auth_views.PasswordChangeDoneView.as_view())
password_reset = access.public(auth_views.PasswordResetView.as_view(
    email_template_name="registration/password_reset_email.txt",
    subject_template_name="registration/password_reset_subject.txt",
))
password_reset_done = access.public(auth_views.PasswordResetDoneView.as_view())
password_reset_confirm = access.public(auth_views.PasswordResetConfirmView.as_view())
password_reset_complete = access.public(auth_views.PasswordResetCompleteView.as_view())


@access.signed_in
def notification_list(request):
    """The user's own notifications: every e-mail the system sent them, newest first."""
    notes = request.user.notifications.all()
    if request.method == "POST" and request.POST.get("action") == "read_all":
        notifications.mark_all_read(request.user)
        return redirect("notifications")
    page = Paginator(notes, 30).get_page(request.GET.get("page"))
    return render(request, "kokken/notifications.html", {"page": page})


@access.signed_in
def notification_open(request, notification: int):
    """Mark one of the user's own notifications read and follow its link."""
    note = get_object_or_404(request.user.notifications, pk=notification)
    notifications.mark_read(note)
    if note.url and url_has_allowed_host_and_scheme(note.url, allowed_hosts=None):
        return redirect(note.url)
    return redirect("notifications")
