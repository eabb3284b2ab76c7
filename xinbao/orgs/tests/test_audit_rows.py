"""Every write of the foundation apps leaves an audit row naming the action, the actor and the object."""

import datetime

import pytest

from xinbao.api import actions as api_actions
from xinbao.audit.models import AuditRecord
from xinbao.orgs import actions
from xinbao.orgs.models import Unit
from xinbao.orgs.testing import PASSWORD


def link_token(person):
    from xinbao.orgs.passwords import link_parts

    return link_parts(person)[1]


def fresh_unit(city):
    return actions.create_unit(None, name="新单位", code="NEW", parent=city.county)


CASES = {
    "orgs.create_unit": ("sysadmin", lambda c, u: actions.create_unit(u, name="甲", code="A1", parent=c.county)),
    "orgs.update_unit": ("sysadmin", lambda c, u: actions.update_unit(u, c.township, short_name="城关")),
    "orgs.move_unit": ("sysadmin", lambda c, u: actions.move_unit(u, c.township, c.county2)),
    "orgs.delete_unit": ("sysadmin", lambda c, u: actions.delete_unit(u, fresh_unit(c))),
    "orgs.restore_unit": (
        "sysadmin",
        lambda c, u: actions.restore_unit(u, actions.delete_unit(None, fresh_unit(c))),
    ),
    "orgs.set_unit_channel": (
        "sysadmin",
        lambda c, u: actions.set_unit_channel(u, c.township2, c.channels["gov"]).unit,
    ),
    "orgs.leave_channel": (
        "sysadmin",
        lambda c, u: actions.leave_channel(u, c.township, c.channels["gov"]) or c.township,
    ),
    "orgs.create_person": (
        "sysadmin",
        lambda c, u: actions.create_person(u, username="new1", display_name="新人", unit=c.township)[0],
    ),
    "orgs.update_person": ("sysadmin", lambda c, u: actions.update_person(u, c.officer, phone="123")),
    "orgs.deactivate_person": ("sysadmin", lambda c, u: actions.deactivate_person(u, c.officer)),
    "orgs.reactivate_person": (
        "sysadmin",
        lambda c, u: actions.reactivate_person(u, actions.deactivate_person(None, c.officer)),
    ),
    "orgs.grant_role": ("secadmin", lambda c, u: actions.grant_role(u, c.officer, "signer").user),
    "orgs.revoke_role": ("secadmin", lambda c, u: actions.revoke_role(u, c.signer, "signer") or c.signer),
    "orgs.reset_password": ("secadmin", lambda c, u: actions.reset_password(u, c.officer) and c.officer),
    "orgs.issue_initial_password": (
        "sysadmin",
        lambda c, u: actions.issue_initial_passwords(
            u, [actions.create_person(None, username="new2", display_name="新人二", unit=c.township)[0]]
        )[0][0],
    ),
    "orgs.set_password_by_link": (
        "officer",
        lambda c, u: actions.set_password_by_link(u, link_token(u), "Linked-pass-2026"),
    ),
    "orgs.password_expired": ("secadmin", lambda c, u: actions.expire_password(u, c.officer)),
    "orgs.unlock_account": ("secadmin", lambda c, u: actions.unlock_account(u, c.officer) or c.officer),
    "orgs.change_own_password": (
        "officer",
        lambda c, u: actions.change_own_password(u, PASSWORD, "Another-pass-2026"),
    ),
    "orgs.register_officer": (
        "sysadmin",
        lambda c, u: actions.register_officer(
            u, unit=c.township, person=c.officer, start_date=datetime.date(2026, 1, 1)
        ),
    ),
    "orgs.end_officer_assignment": (
        "sysadmin",
        lambda c, u: actions.end_officer_assignment(
            u,
            actions.register_officer(None, unit=c.township, person=c.officer, start_date=datetime.date(2026, 1, 1)),
            datetime.date(2026, 2, 1),
        ),
    ),
    "orgs.import_unit": (
        "sysadmin",
        lambda c, u: actions.bulk_create_units(u, [{"code": "B1", "name": "乙", "parent_code": "QH"}])[0],
    ),
    "orgs.import_person": (
        "sysadmin",
        lambda c, u: actions.bulk_create_people(
            u, [{"username": "imp1", "display_name": "导入", "unit": c.township}], password_hash="x"
        )[0],
    ),
    "orgs.create_assessment_class": (
        "sysadmin",
        lambda c, u: actions.create_assessment_class(u, name="三类", order=3),
    ),
    "orgs.update_assessment_class": (
        "sysadmin",
        lambda c, u: actions.update_assessment_class(
            u, actions.create_assessment_class(None, name="三类"), name="第三类", order=3
        ),
    ),
    "api.issue_token": ("officer", lambda c, u: api_actions.issue_token(u, "对接")[0]),
    "api.revoke_token": ("officer", lambda c, u: api_actions.revoke_token(u, api_actions.issue_token(u, "对接")[0])),
}


@pytest.mark.parametrize("action", list(CASES))
def test_action_writes_an_audit_row(city, action):
    who, call = CASES[action]
    actor = city.people[who]
    obj = call(city, actor)
    row = AuditRecord.objects.filter(action=action, actor=actor).get()
    assert row.actor_name == str(actor) and row.unit_name == actor.unit.name
    assert (row.object_type, row.object_id) == (obj._meta.label_lower, str(obj.pk))


def test_every_orgs_action_is_covered():
    """A new write action in orgs must be added above (and so be audited)."""
    import inspect

    writes = {
        f"orgs.{name}"
        for name, fn in inspect.getmembers(actions, inspect.isfunction)
        if fn.__module__ == actions.__name__ and hasattr(fn, "__wrapped__")
    }
    renamed = {
        "orgs.bulk_create_units": "orgs.import_unit",
        "orgs.bulk_create_people": "orgs.import_person",
        "orgs.issue_initial_passwords": "orgs.issue_initial_password",
        "orgs.expire_password": "orgs.password_expired",
        "orgs.issue_reset_link": "orgs.reset_password",  # the same row, method "link"
    }
    covered = {renamed.get(w, w) for w in writes} - {"orgs.insert_generated_tree"}  # see test_generate.py
    assert covered <= set(CASES)


def test_refused_action_leaves_no_audit_row(city):
    before = AuditRecord.objects.count()
    with pytest.raises(Exception, match="已被使用"):
        actions.create_unit(city.sysadmin, name="重复", code="QH-T01")
    assert AuditRecord.objects.count() == before
    assert not Unit.objects.filter(name="重复").exists()
