"""Every route refuses anonymous callers, except health, sign-in and webhooks."""

from __future__ import annotations

import pytest
from werkzeug.routing import AnyConverter, IntegerConverter

from tracker.auth.guard import PUBLIC_ENDPOINTS, is_signed_webhook

IGNORED_METHODS = {"HEAD", "OPTIONS"}


def every_route(app) -> list[tuple[str, str, str]]:
    """(endpoint, method, url) for each rule, its arguments filled in."""
    adapter = app.url_map.bind("localhost")
    routes = []
    for rule in app.url_map.iter_rules():
        values = {}
        for name, converter in rule._converters.items():
            if isinstance(converter, AnyConverter):
                values[name] = sorted(converter.items)[0]
            elif isinstance(converter, IntegerConverter):
                values[name] = 1
            else:
                values[name] = "x"
        url = adapter.build(rule.endpoint, values)
        for method in sorted(rule.methods - IGNORED_METHODS):
            routes.append((rule.endpoint, method, url))
    return routes


def test_the_route_list_covers_the_dashboard_and_the_api(app):
    endpoints = {endpoint for endpoint, _, _ in every_route(app)}

    assert {"web.items", "web.edit", "web.teams", "api.list_items"} <= endpoints


def test_every_route_refuses_an_anonymous_caller(app, client):
    with client.session_transaction() as session:
        session["csrf"] = "known"  # so that refusals come from auth, not CSRF

    refused = []
    for endpoint, method, url in every_route(app):
        if endpoint in PUBLIC_ENDPOINTS:
            continue
        response = client.open(url, method=method, data={"csrf_token": "known"})
        refused.append((endpoint, method, response.status_code))
        if is_signed_webhook(url):
            assert response.status_code in (400, 401, 403), (endpoint, method)
        elif url.startswith("/api/"):
            assert response.status_code == 401, (endpoint, method)
            assert response.get_json()["error"]["code"] == "unauthorized"
        else:
            assert response.status_code == 302, (endpoint, method)
            assert response.location.startswith("/login?next="), (endpoint, method)

    assert len(refused) >= 12


@pytest.mark.parametrize(
    "url,status",
    [("/healthz", 200), ("/login", 200), ("/static/tracker.css", 200)],
)
def test_the_public_routes_are_open(client, url, status):
    with client.get(url) as response:
        assert response.status_code == status


def test_the_public_list_is_exactly_the_sign_in_pages_health_and_static():
    assert PUBLIC_ENDPOINTS == {
        "healthz",
        "static",
        "auth.login",
        "oidc.start",
        "oidc.callback",
    }


def test_an_unknown_page_also_asks_for_a_sign_in(client):
    response = client.get("/no/such/page")

    assert response.status_code == 302
    assert response.location == "/login?next=/no/such/page"
