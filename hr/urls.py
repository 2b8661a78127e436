from django.urls import path

from . import views

app_name = "hr"

A = "agencies/<slug:agency>/"

urlpatterns = [
    path("indicators/", views.indicators, name="indicators"),
    path("indicators/export.xlsx", views.indicators_export, name="indicators_export"),
    path(A, views.register, name="register"),
    path(A + "copy-previous-year/", views.copy_previous, name="copy_previous"),
    path(A + "pay/", views.pay_schemes_edit, name="pay_schemes"),
    path(A + "salary/", views.benchmark_edit, name="benchmark"),
    path(A + "salary/review/", views.benchmark_review, name="benchmark_review"),
    path(A + "funding/", views.funding_edit, name="funding"),
    path(A + "cross-appointment-scheme/", views.crossappointment_scheme_edit,
         name="crossappointment_scheme"),
    path(A + "cross-appointments/", views.crossappointments, name="crossappointments"),
    path(A + "cross-appointments/new/", views.crossappointment_create,
         name="crossappointment_create"),
    path("cross-appointments/<int:crossappointment>/", views.crossappointment_edit,
         name="crossappointment_edit"),
    path("cross-appointments/<int:crossappointment>/delete/", views.crossappointment_delete,
         name="crossappointment_delete"),
    path(A + "secondments/", views.secondments, name="secondments"),
    path(A + "secondments/new/", views.secondment_create, name="secondment_create"),
    path("secondments/<int:secondment>/", views.secondment_edit, name="secondment_edit"),
    path("secondments/<int:secondment>/delete/", views.secondment_delete,
         name="secondment_delete"),
    path(A + "initiatives/", views.initiatives, name="initiatives"),
    path(A + "initiatives/new/", views.initiative_create, name="initiative_create"),
    path("initiatives/<int:initiative>/", views.initiative_edit, name="initiative_edit"),
    path("initiatives/<int:initiative>/delete/", views.initiative_delete,
         name="initiative_delete"),
]

# Excel import, template and export of the row registers: the same three URLs each.
for kind, segment in [("crossappointment", "cross-appointments"), ("secondment", "secondments"),
                      ("initiative", "initiatives")]:
    urlpatterns += [
        path(f"{A}{segment}/import/", getattr(views, f"{kind}_import"), name=f"{kind}_import"),
        path(f"{A}{segment}/template.xlsx", getattr(views, f"{kind}_template"),
             name=f"{kind}_template"),
        path(f"{A}{segment}/export.xlsx", getattr(views, f"{kind}_export"),
             name=f"{kind}_export"),
    ]
