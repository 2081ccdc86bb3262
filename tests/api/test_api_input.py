"""API input that no database can take, or that the API used to misread."""

import io

import pytest

from tests.factories import make_item, make_person
from tracker.reports.models import Report

REPORT = b"# Disk full\n\nSeverity: SEV2\n\n## Action items\n\n- Add a disk alarm\n"


@pytest.mark.parametrize("field", ["owner", "team", "severity", "kind", "status"])
def test_a_nul_in_a_filter_is_a_400_naming_it(client, field):
    response = client.get(f"/api/v1/items?{field}=%00")

    assert response.status_code == 400
    error = response.get_json()["error"]
    assert (error["code"], error["field"]) == ("invalid_field", field)


def test_the_owner_filter_reads_wildcards_literally(client, db):
    with db.session() as s:
        ann = make_person(s, name="Ann", email="ann@example.com")
        make_item(s, owner_person_id=ann.id, owner_raw="Ann", owner_kind="person")

    for owner in ("%25", "_nn", "a%25"):
        found = client.get(f"/api/v1/items?owner={owner}").get_json()
        assert found["total"] == 0, owner
    assert client.get("/api/v1/items?owner=ann").get_json()["total"] == 1


@pytest.mark.parametrize("value", ["2", "", "maybe"])
def test_a_bad_boolean_is_refused(client, value):
    response = client.get(f"/api/v1/items?overdue={value}")

    assert response.status_code == 400
    assert response.get_json()["error"]["field"] == "overdue"


@pytest.mark.parametrize("value", ["1", "true", "no", "0"])
def test_a_good_boolean_is_read(client, value):
    assert client.get(f"/api/v1/items?overdue={value}").status_code == 200


@pytest.mark.parametrize(
    "name", ["a%00.md", "a%01b.md", "line%0Abreak.md", "x" * 5000 + ".md"]
)
def test_a_bad_raw_upload_file_name_is_refused(client, name):
    response = client.post(f"/api/v1/reports?filename={name}", data=REPORT)

    assert response.status_code == 400
    error = response.get_json()["error"]
    assert (error["code"], error["field"]) == ("invalid_field", "filename")
    assert client.get("/api/v1/items").get_json()["total"] == 0


@pytest.mark.parametrize("name", ["a\x00.md", "tab\there.md", "y" * 300])
def test_a_bad_multipart_file_name_is_refused(client, name):
    response = client.post("/api/v1/reports", data={"file": (io.BytesIO(REPORT), name)})

    assert response.status_code == 400
    assert response.get_json()["error"]["field"] == "filename"


def test_an_upload_echoes_the_severity_it_stored(client, db):
    report = b"---\nseverity: " + b"x" * 300 + b"\n---\n" + REPORT

    response = client.post("/api/v1/reports?filename=long.md", data=report)

    echoed = response.get_json()["severity"]
    assert response.status_code == 201 and len(echoed) <= 20
    with db.session() as s:
        stored = s.get(Report, response.json["report_id"])
        assert stored.severity == echoed


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
