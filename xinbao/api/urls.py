from django.urls import path

from . import views
from .api import api

# The token pages come first; everything else under /api/ is the ninja API.
urlpatterns = [
    path("tokens/", views.tokens, name="api_tokens"),
    path("tokens/<int:token_id>/revoke/", views.revoke, name="api_token_revoke"),
    path("", api.urls),
]
