from django.urls import path

from . import views

app_name = "publications"

urlpatterns = [
    path("", views.issue_list, name="issue_list"),
    path("periodicals/", views.periodical_list, name="periodical_list"),
    path("periodicals/new/", views.periodical_edit, name="periodical_new"),
    path("periodicals/<int:periodical_id>/edit/", views.periodical_edit, name="periodical_edit"),
    path("periodicals/<int:periodical_id>/close/", views.periodical_close, name="periodical_close"),
    path("periodicals/<int:periodical_id>/issues/new/", views.issue_create, name="issue_create"),
    path("issues/entries/add/", views.entries_add, name="entries_add"),
    path("issues/<int:issue_id>/", views.issue_detail, name="issue_detail"),
    path("issues/<int:issue_id>/settings/", views.issue_update, name="issue_update"),
    path("issues/<int:issue_id>/preview/", views.issue_preview, name="issue_preview"),
    path("issues/<int:issue_id>/entries/add/", views.entry_add, name="entry_add"),
    path("issues/<int:issue_id>/entries/order/", views.entries_reorder, name="entries_reorder"),
    path("issues/<int:issue_id>/entries/<int:entry_id>/move/", views.entry_move, name="entry_move"),
    path("issues/<int:issue_id>/entries/<int:entry_id>/remove/", views.entry_remove, name="entry_remove"),
    path("issues/<int:issue_id>/entries/<int:entry_id>/edit/", views.entry_edit, name="entry_edit"),
    path(
        "issues/<int:issue_id>/<str:action>/",
        views.issue_transition,
        name="issue_transition",
    ),
    path("issues/<int:issue_id>/file.<str:kind>", views.issue_download, name="issue_download"),
    path("archive/", views.archive, name="archive"),
    path("reading/", views.reading_list, name="reading_list"),
]
