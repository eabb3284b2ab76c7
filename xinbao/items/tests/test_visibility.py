"""Who sees which items: per role, with classification and 知悉范围 narrowing it."""

from __future__ import annotations

from xinbao.items import actions, queries
from xinbao.items.testing import make_submitted_item


def _ids(user):
    return set(queries.visible_items(user).values_list("pk", flat=True))


def test_drafts_stay_in_the_unit(city):
    draft = actions.create_draft(city.officer, category="news", title="草稿", body="x")
    assert draft.pk in _ids(city.officer) and draft.pk in _ids(city.signer)
    for other in ("officer2", "county_editor", "city_editor", "county_leader", "sysadmin"):
        assert draft.pk not in _ids(city.people[other]), other


def test_hub_sees_what_reached_it_and_nothing_else(city):
    sub = make_submitted_item(city)
    item = sub.item
    assert item.pk in _ids(city.county_editor)
    assert item.pk not in _ids(city.city_editor)  # not forwarded yet
    assert item.pk not in _ids(city.county2_editor)
    assert item.pk not in _ids(city.county_gov_editor)  # sent in the party channel only
    actions.adopt(city.county_editor, sub)
    actions.forward(city.county_editor, sub)
    assert item.pk in _ids(city.city_editor)
    assert item.pk not in _ids(city.province_editor)


def test_secret_item_only_for_author_and_signer_in_the_unit(city):
    sub = make_submitted_item(city, classification="secret")
    colleague = city.people["officer"]
    from xinbao.orgs import actions as org_actions

    other, _pw = org_actions.create_person(
        None, username="officer_b", display_name="同事", unit=city.township, roles=["officer"]
    )
    assert sub.item.pk in _ids(colleague) and sub.item.pk in _ids(city.signer)
    assert sub.item.pk not in _ids(other)
    assert sub.item.pk in _ids(city.county_editor)  # 秘密: hub staff may screen it


def test_confidential_or_restricted_item_only_for_hub_seniors(city):
    confidential = make_submitted_item(city, classification="confidential")
    restricted = make_submitted_item(city, title="限定范围", readers="restricted")
    for sub in (confidential, restricted):
        assert sub.item.pk not in _ids(city.county_editor)
        assert sub.item.pk in _ids(city.county_chief) and sub.item.pk in _ids(city.county_director)
        assert not queries.screenable_submissions(city.county_editor).filter(pk=sub.pk).exists()
        assert queries.screenable_submissions(city.county_chief).filter(pk=sub.pk).exists()


def test_queue_is_the_hub_own(city):
    sub = make_submitted_item(city)
    assert list(queries.screenable_submissions(city.county_editor)) == [sub]
    assert not queries.screenable_submissions(city.county2_editor).exists()
    assert not queries.screenable_submissions(city.officer).exists()
    assert queries.queue_counts(city.county_editor)["pending"] == 1
    assert list(queries.adoptable_submissions(city.county_editor)) == [sub]
    assert not queries.adoptable_submissions(city.officer).exists()


def test_reclassified_revision_reaches_the_editors_queue(city):
    sub = make_submitted_item(city, classification="confidential")
    assert not queries.screenable_submissions(city.county_editor).exists()
    actions.return_submission(city.county_chief, sub, "请降低密级后重报")
    actions.update_draft(city.officer, sub.item, classification="internal", body="可以公开的正文")
    actions.resubmit(city.officer, sub.item)
    actions.sign_off(city.signer, sub.item)
    assert list(queries.screenable_submissions(city.county_editor)) == [sub]


def test_keyword_search_follows_the_hub_edits(city):
    sub = make_submitted_item(city, body="原稿提到冷链物流")
    find = queries.QueueFilters(q="冷链物流")
    assert list(queries.screenable_submissions(city.county_editor, find)) == [sub]
    actions.edit_submission(city.county_editor, sub, sub.title, "改稿只谈仓储")
    assert not queries.screenable_submissions(city.county_editor, find).exists()
    assert queries.screenable_submissions(city.county_editor, queries.QueueFilters(q="仓储")).exists()


def test_keyword_with_latin_letters_ignores_case(city):
    sub = make_submitted_item(city, body="全镇GDP同比增长8%")
    assert list(queries.screenable_submissions(city.county_editor, queries.QueueFilters(q="gdp"))) == [sub]
    assert list(queries.unit_items(city.officer, queries.ItemFilters(q="gdp"))) == [sub.item]
