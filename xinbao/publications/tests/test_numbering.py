import datetime

import pytest
import time_machine

from xinbao.publications.models import Series

from .factories import composed, periodical, sign_off

SHANGHAI = datetime.timezone(datetime.timedelta(hours=8))


def at(y, m, d, hh=10):
    return time_machine.travel(datetime.datetime(y, m, d, hh, tzinfo=SHANGHAI), tick=False)


def test_numbers_restart_each_year_while_the_running_total_goes_on(city):
    paper = periodical(city, running_total=True, total_base=340)
    with at(2026, 12, 30):
        first = sign_off(city, composed(city, paper, ["一"]))
    with at(2026, 12, 31, 23):  # 23:00 in Shanghai is still 2026
        second = sign_off(city, composed(city, paper, ["二"]))
    with at(2027, 1, 1, 8):
        third = sign_off(city, composed(city, paper, ["三"]))
    assert (first.year, first.number, first.total_number) == (2026, 1, 341)
    assert (second.year, second.number, second.total_number) == (2026, 2, 342)
    assert (third.year, third.number, third.total_number) == (2027, 1, 343)
    assert third.issue_date == datetime.date(2027, 1, 1)
    assert second.issue_date == datetime.date(2026, 12, 31)


def test_supplements_are_numbered_apart_and_carry_no_running_total(city):
    paper = periodical(city, running_total=True)
    with at(2026, 3, 2):
        regular1 = sign_off(city, composed(city, paper, ["正刊一"]))
        supplement1 = sign_off(city, composed(city, paper, ["增刊一"], series=Series.SUPPLEMENT))
        regular2 = sign_off(city, composed(city, paper, ["正刊二"]))
        supplement2 = sign_off(city, composed(city, paper, ["增刊二"], series=Series.SUPPLEMENT))
    assert [regular1.number, regular2.number] == [1, 2]
    assert [supplement1.number, supplement2.number] == [1, 2]
    assert [regular1.total_number, regular2.total_number] == [1, 2]
    assert supplement1.total_number is None
    assert supplement2.label == "2026年增刊第2期"
    assert regular2.label == "2026年第2期"


def test_a_supplement_periodical_numbers_its_issues_as_supplements(city):
    paper = periodical(city, name="清河信息增刊", kind="supplement")
    with at(2026, 5, 5):
        issue = sign_off(city, composed(city, paper, ["增刊稿"]))
    assert issue.series == Series.SUPPLEMENT and issue.number == 1


def test_periodicals_are_numbered_independently(city):
    a = periodical(city, name="清河信息")
    b = periodical(city, name="每日要情")
    with at(2026, 6, 1):
        sign_off(city, composed(city, a, ["甲"]))
        issue_b = sign_off(city, composed(city, b, ["乙"]))
    assert issue_b.number == 1


def test_a_draft_has_no_number_until_signed(city):
    paper = periodical(city)
    issue = composed(city, paper, ["草稿"])
    assert issue.number is None and issue.issue_date is None


@pytest.mark.parametrize("name", ["", "  ", "《》"])
def test_periodical_needs_a_name(city, name):
    from xinbao.core.errors import DomainError

    with pytest.raises(DomainError, match="刊名"):
        periodical(city, name=name)
