from django.urls import path

from . import views, views_admin

app_name = "urgent"

urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.new_event, name="new"),
    path("board/", views.board, name="board"),
    path("board/rows/", views.board_rows, name="board_rows"),
    path("duty/", views.duty_home, name="duty"),
    path("<int:pk>/", views.event_detail, name="event"),
    path("<int:pk>/report/", views.new_report, name="report"),
    path("<int:pk>/handled/", views.handled, name="handled"),
    path("<int:pk>/cancel/", views.cancel, name="cancel"),
    path("<int:pk>/forward/", views.forward, name="forward"),
    path("<int:pk>/record/", views.record_file, name="record"),
    path("<int:pk>/item/", views.draft_item, name="draft_item"),
    path("reports/<int:pk>/sign/", views.sign, name="sign"),
    path("reports/<int:pk>/discard/", views.discard, name="discard"),
    path("findings/", views_admin.findings, name="findings"),
    path("findings/new/", views_admin.new_finding, name="finding_new"),
    path("findings/<int:pk>/respond/", views_admin.respond, name="finding_respond"),
    path("findings/<int:pk>/withdraw/", views_admin.withdraw, name="finding_withdraw"),
    path("findings/<int:pk>/circulate/", views_admin.circulate, name="finding_circulate"),
    path("policies/", views_admin.policies, name="policies"),
    path("policies/new/", views_admin.policy_edit, name="policy_new"),
    path("policies/<int:pk>/", views_admin.policy_edit, name="policy_edit"),
    path("policies/<int:pk>/activate/", views_admin.policy_activate, name="policy_activate"),
    path("policies/<int:pk>/delete/", views_admin.policy_delete, name="policy_delete"),
    path("policies/examples/", views_admin.policy_examples, name="policy_examples"),
    path("roster/", views_admin.roster, name="roster"),
    path("roster/<int:pk>/cancel/", views_admin.shift_cancel, name="shift_cancel"),
    path("roster/<int:pk>/handover/", views_admin.handover, name="handover"),
]
