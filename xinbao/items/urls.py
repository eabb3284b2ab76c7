from django.urls import path

from . import outcome_views, views

app_name = "items"

urlpatterns = [
    path("", views.my_items, name="mine"),
    path("new/", views.new_item, name="new"),
    path("guide/", views.guide, name="guide"),
    path("new/autosave/", views.autosave, name="autosave_new"),
    path("signoff/", views.signoff_list, name="signoff"),
    path("queue/", views.queue, name="queue"),
    path("queue/merge/", views.merge, name="merge"),
    path("queue/bulk/<str:action>/", views.bulk, name="bulk"),
    path("queue/forward-setting/", views.forward_setting, name="forward_setting"),
    path("<int:item_id>/", views.item_detail, name="detail"),
    path("<int:item_id>/edit/", views.edit_item, name="edit"),
    path("<int:item_id>/autosave/", views.autosave, name="autosave"),
    path("<int:item_id>/compare/", views.compare, name="compare"),
    path("<int:item_id>/v/<int:number>/", views.version_detail, name="version"),
    path("<int:item_id>/direct/", outcome_views.direct_adoption, name="direct_adoption"),
    path("<int:item_id>/<str:action>/", views.item_action, name="action"),
    path("attachments/<int:attachment_id>/", views.attachment, name="attachment"),
    path("attachments/<int:attachment_id>/remove/", views.remove_attachment, name="remove_attachment"),
    path("evidence/<int:adoption_id>/", views.evidence, name="evidence"),
    path("s/<int:submission_id>/", views.submission_detail, name="submission"),
    path("s/<int:submission_id>/edit/", views.edit_submission, name="submission_edit"),
    path("s/<int:submission_id>/resubmit/", views.resubmit, name="resubmit"),
    path("s/<int:submission_id>/external/", views.external_adoption, name="external_adoption"),
    path("s/<int:submission_id>/outcome/", outcome_views.record_outcome, name="record_outcome"),
    path("outcomes/<int:outcome_id>/withdraw/", outcome_views.withdraw_outcome, name="withdraw_outcome"),
    path("s/<int:submission_id>/<str:action>/", views.decide, name="decide"),
]
