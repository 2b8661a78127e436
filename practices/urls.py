from django.urls import path

from . import views
from .registers import REGISTERS

app_name = "practices"

urlpatterns = [
    path("", views.search, name="search"),
    path("<int:practice>/", views.detail, name="detail"),
    path("surveys/new/", views.survey_result_new, name="survey_result_new"),
    path("<int:practice>/state/", views.transition, name="transition"),
    path("<int:practice>/feature/", views.feature, name="feature"),
    path("<int:practice>/attachments/", views.attachment_upload, name="attachment_upload"),
    path("attachments/<int:attachment>/", views.attachment_download, name="attachment"),
    path("attachments/<int:attachment>/delete/", views.attachment_delete,
         name="attachment_delete"),
]

for register in REGISTERS:
    urlpatterns += register.urls()
