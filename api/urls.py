from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import SimpleRouter

from kokken import access

from . import registers, views
from .base import AccessPermission

# path() routes (not regex): the access-matrix test fills their parameters from samples.
router = SimpleRouter(use_regex_path=False)
router.register("agencies", views.AgencyViewSet, basename="agency")
router.register("ministries", views.MinistryViewSet, basename="ministry")
router.register("questionnaires", views.QuestionnaireViewSet, basename="questionnaire")
router.register("rounds", views.RoundViewSet, basename="round")
router.register("sheets", views.SheetViewSet, basename="sheet")
router.register("report-jobs", views.ReportJobViewSet, basename="report-job")
# Each chapter register's list and detail, from its declaration alone (api/registers.py).
REGISTER_ROUTES = registers.routes()
for prefix, viewset, basename in REGISTER_ROUTES:
    router.register(prefix, viewset, basename=basename)

app_name = "api"

urlpatterns = [
    path("v1/", views.api_index, name="index"),
    path("v1/", include(router.urls)),
    path("schema/", access.for_api(access.SignedIn(), SpectacularAPIView.as_view(
        permission_classes=[AccessPermission])), name="schema"),
    path("docs/", access.for_api(access.SignedIn(), SpectacularSwaggerSplitView.as_view(
        url_name="api:schema", template_name="api/api_docs.html",
        permission_classes=[AccessPermission])), name="docs"),
]
