"""URL configuration: each app owns its prefix; the API lives under /api/."""

from django.contrib.auth import views as auth_views
from django.urls import include, path

from xinbao.core import views as core_views
from xinbao.orgs import account_views

handler400 = "xinbao.core.views.bad_request"
handler403 = "xinbao.core.views.permission_denied"
handler404 = "xinbao.core.views.page_not_found"

urlpatterns = [
    path("", core_views.home, name="home"),
    path("accounts/login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password/", account_views.password_change, name="password_change"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("orgs/", include("xinbao.orgs.urls")),
    path("audit/", include("xinbao.audit.urls")),
    path("inbox/", include("xinbao.notify.urls")),
    path("items/", include("xinbao.items.urls")),
    path("instructions/", include("xinbao.instructions.urls")),
    path("commissions/", include("xinbao.commissions.urls")),
    path("publications/", include("xinbao.publications.urls")),
    path("urgent/", include("xinbao.urgent.urls")),
    path("scoring/", include("xinbao.scoring.urls")),
    path("insights/", include("xinbao.insights.urls")),
    path("api/", include("xinbao.api.urls")),
]
