from django.urls import path

from . import views

app_name = "instructions"

urlpatterns = [
    path("new/", views.new, name="new"),
    path("issue/<int:issue_id>/", views.for_issue, name="for_issue"),
    path("item/<int:item_id>/", views.for_item, name="for_item"),
]
