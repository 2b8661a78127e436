from django.urls import include, path

from . import report_views

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
    path("rounds/<int:round>/reports/", include(report_patterns)),
]
