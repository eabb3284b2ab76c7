import pytest

from xinbao.orgs.testing import PEOPLE


@pytest.mark.parametrize("username", [p[0] for p in PEOPLE])
def test_home_page_renders_for_every_role(city, login, username):
    client = login(city.people[username])
    response = client.get("/")
    assert response.status_code == 200
    assert "您好" in response.content.decode()
