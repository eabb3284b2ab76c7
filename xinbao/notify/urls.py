from django.urls import path

from . import views

app_name = "notify"

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("read/", views.mark_read, name="mark_read"),
    path("channels/", views.channels, name="channels"),
    path("channels/endpoints/new/", views.endpoint_edit, name="endpoint_new"),
    path("channels/endpoints/<int:endpoint_id>/", views.endpoint_edit, name="endpoint_edit"),
    path("channels/endpoints/<int:endpoint_id>/delete/", views.endpoint_delete, name="endpoint_delete"),
    path("channels/deliveries/<int:delivery_id>/retry/", views.delivery_retry, name="delivery_retry"),
]
