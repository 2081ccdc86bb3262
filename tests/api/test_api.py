from pathlib import Path

import pytest

from tracker.settings import Secret

FIXTURES = Path(__file__).parents[1] / "reports" / "fixtures"


@pytest.fixture
def upload(client):
    def send(name: str, data: bytes, **headers: str):
        return client.post(
            "/api/v1/reports",
            data={"file": (__import__("io").BytesIO(data), name)},
            headers=headers,
        )

    return send


def test_healthz_is_open(client):
    assert client.get("/healthz").get_json() == {"status": "ok"}


def test_upload_returns_items_and_list_filters_them(client, upload):
    data = (FIXTURES / "search-outage.md").read_bytes()

    created = upload("search-outage.md", data)
    again = upload("search-outage.md", data)

    assert created.status_code == 201
    assert created.get_json()["items"][0]["owner"] == "diyer"
    assert again.get_json()["state"] == "unchanged"
    done = client.get("/api/v1/items?status=done").get_json()
    assert [i["text"] for i in done["items"]] == ["Roll back the analyzer change"]


@pytest.mark.parametrize(
    "query,field", [("status=finished", "status"), ("limit=ten", "limit")]
)
def test_bad_filters_get_the_json_error_shape(client, query, field):
    response = client.get(f"/api/v1/items?{query}")

    assert response.status_code == 400
    error = response.get_json()["error"]
    assert error["code"] == "invalid_field" and error["field"] == field


def test_unreadable_upload_names_the_file(upload):
    response = upload("empty.md", b"")

    assert response.status_code == 400
    assert "empty.md" in response.get_json()["error"]["message"]


def test_tokens_when_configured_are_required(app, client):
    runtime = app.extensions["tracker"]
    runtime.settings = runtime.settings.__class__(
        **{**runtime.settings.__dict__, "api_tokens": (Secret("s3cret"),)}
    )

    assert client.get("/api/v1/items").status_code == 401
    wrong = client.get("/api/v1/items", headers={"Authorization": "Bearer nope"})
    assert wrong.status_code == 401
    ok = client.get("/api/v1/items", headers={"Authorization": "Bearer s3cret"})
    assert ok.status_code == 200


@pytest.mark.parametrize(
    "query", ["limit=²", "report=²", "offset=99999999999999999999"]
)
def test_odd_numbers_are_refused_not_crashed_on(client, query):
    response = client.get(f"/api/v1/items?{query}")

    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "invalid_field"


@pytest.mark.parametrize(
    "content_type", ["application/x-www-form-urlencoded", "text/markdown", None]
)
def test_raw_body_upload_works_whatever_the_content_type(client, content_type):
    data = (FIXTURES / "search-outage.md").read_bytes()

    response = client.post(
        "/api/v1/reports?filename=raw.md", data=data, content_type=content_type
    )

    assert response.status_code == 201, response.get_json()
    assert len(response.get_json()["items"]) == 3
