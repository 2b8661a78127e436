from django.urls import include, path

from . import government_views, report_views, views

app_name = "agreements"

# PDF reports of a round (agreements/reports.py): request, poll, download.
report_patterns = [
    path("", report_views.report_list, name="report_list"),
    path("annual/", report_views.report_annual, name="report_annual"),
    path("annual/status/", report_views.report_annual_status, name="report_annual_status"),
    path("annual/download/", report_views.report_annual_download,
         name="report_annual_download"),
    path("agencies/<slug:agency>/", report_views.report_agency, name="report_agency"),
    path("agencies/<slug:agency>/status/", report_views.report_agency_status,
         name="report_agency_status"),
    path("agencies/<slug:agency>/download/", report_views.report_agency_download,
         name="report_agency_download"),
    path("ministries/<str:ministry>/", report_views.report_ministry, name="report_ministry"),
    path("ministries/<str:ministry>/status/", report_views.report_ministry_status,
         name="report_ministry_status"),
    path("ministries/<str:ministry>/download/", report_views.report_ministry_download,
         name="report_ministry_download"),
]

urlpatterns = [
    # Government-side items (agreements/government_views.py).
    path("government/", government_views.government_list, name="government"),
    path("government/items/<str:item>/", government_views.government_edit,
         name="government_edit"),
    path("government/actions/<int:action>/evidence/", government_views.government_evidence,
         name="government_evidence"),
    path("government/plans/", government_views.plan_list, name="government_plans"),
    path("government/plans/<slug:agency>/", government_views.plan_edit,
         name="government_plan_edit"),
    path("rounds/", views.round_list, name="rounds"),
    path("rounds/new/", views.round_create, name="round_create"),
    path("rounds/<int:round>/", views.round_detail, name="round"),
    path("rounds/<int:round>/action/", views.round_action, name="round_action"),
    path("rounds/<int:round>/aggregate/", views.round_aggregate, name="round_aggregate"),
    path("rounds/<int:round>/export.xlsx", views.round_export, name="round_export"),
    path("rounds/<int:round>/reports/", include(report_patterns)),
    path("sheets/<int:sheet>/", views.sheet_detail, name="sheet"),
    path("sheets/<int:sheet>/sections/<str:section>/", views.sheet_section, name="sheet_section"),
    path("sheets/<int:sheet>/autosave/", views.sheet_autosave, name="sheet_autosave"),
    path("sheets/<int:sheet>/transition/", views.sheet_transition, name="sheet_transition"),
    path("sheets/<int:sheet>/confirm/", views.sheet_confirm, name="sheet_confirm"),
    path("sheets/<int:sheet>/comment/", views.sheet_comment, name="sheet_comment"),
    path("sheets/<int:sheet>/comments/<int:comment>/reply/", views.sheet_comment_reply,
         name="sheet_comment_reply"),
    path("sheets/<int:sheet>/history/", views.sheet_history, name="sheet_history"),
    path("sheets/<int:sheet>/template.xlsx", views.sheet_template, name="sheet_template"),
    path("sheets/<int:sheet>/upload/", views.sheet_upload, name="sheet_upload"),
    path("sheets/<int:sheet>/snapshots/<int:snapshot>/", views.snapshot_detail, name="snapshot"),
    path("sheets/<int:sheet>/evidence/", views.evidence_upload, name="evidence_upload"),
    path("evidence/<int:evidence>/", views.evidence_download, name="evidence_download"),
    path("evidence/<int:evidence>/delete/", views.evidence_delete, name="evidence_delete"),
    path("reviews/", views.review_queue, name="review_queue"),
]
