"""Property-based run of the whole API (schemathesis): no input makes a server error, and every
answer matches the schema the API publishes. A few seconds per operation, a fixed seed, as a hub
editor and as an officer of the small test city. (Issue 8: the tester's run found 500s.)"""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import content_type_conformance, response_schema_conformance

from xinbao.api.actions import issue_token
from xinbao.api.api import api
from xinbao.orgs.testing import build_small_city

schema = schemathesis.openapi.from_dict(api.get_openapi_schema())
CHECKS = [not_a_server_error, response_schema_conformance, content_type_conformance]
EXAMPLES = 12


@pytest.fixture(params=["county_editor", "officer"])
def bearer(request, django_db_blocker, db):
    city = build_small_city()
    _token, key = issue_token(city.people[request.param], "schemathesis")
    return {"Authorization": f"Bearer {key}"}


@pytest.fixture
def wsgi_app():
    """The real WSGI application, minus closing the database connection at the end of each
    request (the test's transaction lives on it; Django's own test client does the same)."""
    from django.core import signals
    from django.core.wsgi import get_wsgi_application
    from django.db import close_old_connections

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield get_wsgi_application()
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    derandomize=True,
    deadline=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)
def test_api_answers_every_input_without_a_server_error(case, bearer, wsgi_app):
    case.call_and_validate(headers=bearer, checks=CHECKS, app=wsgi_app)
