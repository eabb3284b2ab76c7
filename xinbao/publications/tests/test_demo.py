from xinbao.items import demo as items_demo
from xinbao.items.models import Adoption
from xinbao.orgs import demo as org_demo
from xinbao.publications import demo
from xinbao.publications.models import Issue, IssueState, Periodical


def test_demo_periodicals_and_issues(db):
    city = org_demo.build_demo_city()
    items_demo.extend_demo(city)  # runs first in demo_data (app order)
    demo.extend_demo(city)
    assert Periodical.objects.filter(name__in=["清河信息", "清河要情", "江州信息", "每日要情"]).count() == 4
    states = sorted(Issue.objects.values_list("state", flat=True))
    assert states == [IssueState.PUBLISHED, IssueState.PUBLISHED, IssueState.REVIEW]
    published = Issue.objects.filter(state=IssueState.PUBLISHED)
    entries = sum(issue.entries.count() for issue in published)
    assert Adoption.objects.filter(issue_id__in=published.values("pk")).count() == entries
    assert all(issue.docx_file for issue in published)
