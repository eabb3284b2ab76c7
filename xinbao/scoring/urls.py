from django.urls import path

from . import editor_views, entry_views, member_views, notice_views, register_views, views

app_name = "scoring"

urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.rule_set_new, name="rule_set_new"),
    path("me/", member_views.my_record, name="my_record"),
    path("me/record.docx", member_views.my_record_docx, name="my_record_docx"),
    path("new/form/", editor_views.form_new, name="rule_set_form_new"),
    path("<int:pk>/", views.rule_set_detail, name="rule_set"),
    path("<int:pk>/form/", editor_views.form_edit, name="rule_set_form"),
    path("<int:pk>/versions/<int:number>/download/", editor_views.download, name="version_download"),
    path("<int:pk>/delete/", views.delete, name="delete"),
    path("<int:pk>/recompute/", views.recompute, name="recompute"),
    path("<int:pk>/versions/<int:number>/activate/", views.activate, name="activate"),
    path("<int:pk>/versions/<int:number>/preview/", views.preview, name="preview"),
    path("<int:pk>/versions/<int:number>/apply/", views.apply, name="apply"),
    path("<int:pk>/rankings/", views.rankings, name="rankings"),
    path("<int:pk>/units/<int:unit_id>/", views.unit_ledger, name="unit_ledger"),
    path("<int:pk>/writers/<int:person_id>/", views.writer_ledger, name="writer_ledger"),
    path("<int:pk>/units/<int:unit_id>/entries/", entry_views.entry_add, name="entry_add"),
    path("<int:pk>/entries/<int:entry_id>/cancel/", entry_views.entry_cancel, name="entry_cancel"),
    path("bodies/", register_views.bodies, name="bodies"),
    path("bodies/<int:pk>/", register_views.body_edit, name="body_edit"),
    path("bodies/<int:pk>/delete/", register_views.body_delete, name="body_delete"),
    path("attributes/add/", register_views.attribute_add, name="attribute_add"),
    path("attributes/<int:pk>/remove/", register_views.attribute_remove, name="attribute_remove"),
    path("notices/", notice_views.notice_list, name="notices"),
    path("notices/generate/", notice_views.notice_generate, name="notice_generate"),
    path("notices/<int:pk>/", notice_views.notice_detail, name="notice"),
    path("notices/<int:pk>/edit/", notice_views.notice_edit, name="notice_edit"),
    path("notices/<int:pk>/download/", notice_views.notice_download, name="notice_download"),
    path("notices/<int:pk>/<str:action>/", notice_views.notice_transition, name="notice_transition"),
]
