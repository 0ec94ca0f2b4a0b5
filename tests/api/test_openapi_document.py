from __future__ import annotations

from huanjie.api.api import api


def test_it_serves_the_openapi_document_without_sign_in(client, db):
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    assert set(response.json()["paths"]) == set(api.get_openapi_schema()["paths"])
    assert response.json()["components"]["securitySchemes"]["SessionAuth"]["in"] == "cookie"


def test_every_operation_documents_its_errors(client, db):
    for path, operations in client.get("/api/openapi.json").json()["paths"].items():
        for operation in operations.values():
            if path != "/api/health":
                assert "401" in operation["responses"], path
            if "{slug}" in path:
                assert "404" in operation["responses"], path


def test_the_docs_page_uses_this_servers_copy_of_swagger_ui(client, db):
    page = client.get("/api/docs").content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in page
    assert "cdn" not in page.lower()
    assert client.get("/static/ninja/swagger-ui-bundle.js").status_code == 200
