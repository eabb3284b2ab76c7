from django.urls import path

from . import roster_views, views

app_name = "orgs"

urlpatterns = [
    path("units/", views.unit_list, name="unit_list"),
    path("units/new/", views.unit_create, name="unit_create"),
    path("units/<int:unit_id>/", views.unit_detail, name="unit_detail"),
    path("units/<int:unit_id>/edit/", views.unit_edit, name="unit_edit"),
    path("units/<int:unit_id>/move/", views.unit_move, name="unit_move"),
    path("units/<int:unit_id>/delete/", views.unit_delete, name="unit_delete"),
    path("units/<int:unit_id>/restore/", views.unit_restore, name="unit_restore"),
    path("units/<int:unit_id>/channel/", views.unit_channel, name="unit_channel"),
    path("units/<int:unit_id>/channel/<int:channel_id>/leave/", views.unit_leave_channel, name="unit_leave_channel"),
    path("units/<int:unit_id>/officers/new/", views.officer_register, name="officer_register"),
    path("officers/<int:assignment_id>/end/", views.officer_end, name="officer_end"),
    path("classes/", views.classes, name="classes"),
    path("classes/<int:class_id>/edit/", views.class_edit, name="class_edit"),
    path("vacancies/", views.vacancies, name="vacancies"),
    path("roster/", roster_views.roster, name="roster"),
    path("roster.xlsx", roster_views.roster_xlsx, name="roster_xlsx"),
    path("roster/<int:unit_id>/urge/", roster_views.urge, name="roster_urge"),
    path("people/", views.people_list, name="people_list"),
    path("people/new/", views.person_create, name="person_create"),
    path("people/<int:person_id>/", views.person_detail, name="person_detail"),
    path("people/<int:person_id>/edit/", views.person_edit, name="person_edit"),
    path("people/<int:person_id>/deactivate/", views.person_deactivate, name="person_deactivate"),
    path("people/<int:person_id>/reactivate/", views.person_reactivate, name="person_reactivate"),
    path("people/<int:person_id>/unlock/", views.person_unlock, name="person_unlock"),
    path("people/<int:person_id>/reset-password/", views.person_reset_password, name="person_reset_password"),
    path("set-password/<str:uidb64>/<str:token>/", views.set_password, name="set_password"),
    path("people/<int:person_id>/roles/grant/", views.person_grant_role, name="person_grant_role"),
    path("people/<int:person_id>/roles/revoke/", views.person_revoke_role, name="person_revoke_role"),
    path("export/units.xlsx", views.export_units, name="export_units"),
    path("export/people.xlsx", views.export_people, name="export_people"),
    path("import/letters.docx", views.initial_letters, name="initial_letters"),
    path("import/<slug:kind>/", views.import_data, name="import"),
    path("import/<slug:kind>/template.xlsx", views.import_template, name="import_template"),
]
