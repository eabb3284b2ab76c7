from django.urls import path

from . import views

app_name = "orgs"

urlpatterns = [
    path("units/", views.unit_list, name="unit_list"),
    path("units/<int:unit_id>/", views.unit_detail, name="unit_detail"),
    path("vacancies/", views.vacancies, name="vacancies"),
]
