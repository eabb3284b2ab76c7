from django.urls import path

from . import views

app_name = "instructions"

urlpatterns = [
    path("", views.index, name="index"),
    path("due/", views.due, name="due"),
    path("tasks/", views.tasks, name="tasks"),
    path("plan/", views.plan, name="plan"),
    path("new/", views.new, name="new"),
    path("stats/", views.stats_page, name="stats"),
    path("stats/chart/", views.stats_chart, name="stats_chart"),
    path("stats/review.docx", views.review_docx, name="review_docx"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/scan/", views.scan, name="scan"),
    path("<int:pk>/assign/", views.assign, name="assign"),
    path("<int:pk>/close/", views.close, name="close"),
    path("<int:pk>/confirm/", views.confirm, name="confirm"),
    path("assignments/<int:pk>/accept/", views.accept, name="accept"),
    path("assignments/<int:pk>/report/", views.report, name="report"),
    path("assignments/<int:pk>/extension/", views.extension, name="extension"),
    path("assignments/<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("feedback/<int:pk>/review/", views.review, name="review"),
    path("extensions/<int:pk>/decide/", views.decide_extension, name="decide_extension"),
    path("opinions/<int:submission_id>/send/", views.opinion_new, name="opinion_new"),
    path("feedback/<int:pk>/rate/", views.rate, name="rate"),
    path("issue/<int:issue_id>/", views.for_issue, name="for_issue"),
    path("item/<int:item_id>/", views.for_item, name="for_item"),
]
