from django.urls import path

from . import views

app_name = "insights"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("leader/", views.leader, name="leader"),
    path("charts/<str:name>.json", views.chart_json, name="chart_json"),
    path("charts/<str:name>.xlsx", views.chart_xlsx, name="chart_xlsx"),
    path("charts/<str:name>/", views.chart_table, name="chart_table"),
    path("similar/", views.similar_fragment, name="similar"),
    path("compare/<int:item_id>/<int:other_id>/", views.compare, name="compare"),
    path("search/", views.search, name="search"),
    path("terms/", views.terms, name="terms"),
    path("terms/add/", views.term_add, name="term_add"),
    path("terms/<int:term_id>/remove/", views.term_remove, name="term_remove"),
    path("settings/", views.settings_save, name="settings"),
    path("alerts/", views.alerts, name="alerts"),
]
