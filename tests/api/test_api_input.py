"""API input that no database can take, or that the API used to misread."""

import pytest


@pytest.mark.parametrize("field", ["owner", "team", "severity", "kind", "status"])
def test_a_nul_in_a_filter_is_a_400_naming_it(client, field):
    response = client.get(f"/api/v1/items?{field}=%00")

    assert response.status_code == 400
    error = response.get_json()["error"]
    assert (error["code"], error["field"]) == ("invalid_field", field)


def test_an_oversize_upload_names_the_limit(app, client):
    limit = app.extensions["tracker"].settings.max_report_bytes

    response = client.post(
        "/api/v1/reports?filename=big.md", data=b"x" * (limit + 70_000)
    )

    assert response.status_code == 413
    error = response.get_json()["error"]
    assert error["code"] == "too_large" and error["limit"] == limit
    assert f"{limit:,} bytes" in error["message"]
    assert "TRACKER_MAX_REPORT_BYTES" in error["message"]


@pytest.mark.parametrize("method", ["PUT", "DELETE"])
def test_a_wrong_method_on_the_health_check_is_a_json_405(client, method):
    response = client.open("/healthz", method=method)

    assert response.status_code == 405
    assert response.get_json()["error"]["code"] == "method_not_allowed"


def test_api_answers_are_not_cached(client):
    ok = client.get("/api/v1/items")
    refused = client.get("/api/v1/items?status=x")

    assert ok.headers["Cache-Control"] == refused.headers["Cache-Control"] == "no-store"
