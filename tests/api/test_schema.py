"""The OpenAPI schema and the browsable docs."""

from drf_spectacular.drainage import GENERATOR_STATS
from drf_spectacular.generators import SchemaGenerator


def test_the_schema_describes_the_registry_endpoints(cast, client_for):
    response = client_for(cast.pracownik).get("/api/schema/")

    assert response.status_code == 200
    text = response.content.decode()
    for path in ("/api/v1/persons/", "/api/v1/persons/{id}/assessment/", "/api/v1/households/{id}/members/"):
        assert path in text


def test_the_schema_generates_without_warnings(db):
    GENERATOR_STATS.reset()

    schema = SchemaGenerator().get_schema(request=None, public=True)

    assert dict(GENERATOR_STATS._warn_cache) == {}
    assert dict(GENERATOR_STATS._error_cache) == {}
    assessment = schema["paths"]["/api/v1/persons/{id}/assessment/"]["get"]
    assert {p["name"] for p in assessment["parameters"]} == {"id", "on"}
    assert "delete" not in schema["paths"]["/api/v1/persons/{id}/"]


def test_the_schema_describes_the_eu_project_endpoints(db):
    schema = SchemaGenerator().get_schema(request=None, public=True)

    paths = schema["paths"]
    for path in ("/api/v1/calls/", "/api/v1/projects/", "/api/v1/expenditures/"):
        assert path in paths
    assert {p["name"] for p in paths["/api/v1/projects/"]["get"]["parameters"]} >= {"status", "programme"}
    assert {p["name"] for p in paths["/api/v1/expenditures/"]["get"]["parameters"]} >= {"project", "line"}
    assert "post" in paths["/api/v1/expenditures/"]
    for method in ("put", "patch", "delete"):
        assert method not in paths["/api/v1/expenditures/{id}/"]
    assert "delete" not in paths["/api/v1/projects/{id}/"]
    detail = schema["components"]["schemas"]["ProjectDetail"]["properties"]
    assert {"budget", "indicators", "target_groups", "cofinancing_rate"} <= set(detail)


def test_the_swagger_docs_page_serves_without_external_assets(cast, client_for):
    response = client_for(cast.pracownik).get("/api/docs/")

    assert response.status_code == 200
    assert "swagger-ui" in response.content.decode()
    assert "cdn.jsdelivr.net" not in response.content.decode()


def test_every_operation_has_its_apps_tag_and_documents_its_errors(db):
    schema = SchemaGenerator().get_schema(request=None, public=True)

    tags = [tag["name"] for tag in schema["tags"]]
    assert tags == [
        "people",
        "projects",
        "work",
        "housing",
        "recruitment",
        "support",
        "interviews",
        "privacy",
    ]
    assert all(tag["description"] for tag in schema["tags"])
    errors = {
        "Error": {"$ref": "#/components/schemas/Error"},
        "ValidationError": {"$ref": "#/components/schemas/ValidationError"},
    }
    assert set(errors) <= set(schema["components"]["schemas"])
    used = set()
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            where = f"{method.upper()} {path}"
            assert len(operation["tags"]) == 1 and operation["tags"][0] in tags, where
            used.add(operation["tags"][0])
            responses = operation["responses"]
            parameters = operation.get("parameters", [])
            expected = {"403": "Error"}
            if method in ("post", "put", "patch") or any(
                p["in"] == "query" and p["name"] != "page" for p in parameters
            ):
                expected["400"] = "ValidationError"
            if any(p["in"] == "path" for p in parameters):
                expected["404"] = "Error"
            elif any(p["in"] == "query" and p["name"] == "page" for p in parameters):
                expected["404"] = "Error"  # a page past the end of the list
            for code, body in expected.items():
                assert responses[code]["description"], (where, code)
                assert responses[code]["content"]["application/json"]["schema"] == errors[body], (where, code)
    assert used == set(tags)

    paths = schema["paths"]
    assert paths["/api/v1/persons/{id}/"]["get"]["tags"] == ["people"]
    assert paths["/api/v1/projects/{id}/ranking/"]["get"]["tags"] == ["recruitment"]
    assert paths["/api/v1/sessions/"]["post"]["tags"] == ["support"]
    assert "400" not in paths["/api/v1/projects/{id}/indicators/{code}/"]["get"]["responses"]  # only `page`
    assert "400" in paths["/api/v1/support/plans/"]["get"]["responses"]  # its filters can be refused
    # A response the view documents keeps its description and gets the error body.
    overrun = paths["/api/v1/expenditures/"]["post"]["responses"]["400"]
    assert "`amount`" in overrun["description"]
    assert overrun["content"]["application/json"]["schema"] == errors["ValidationError"]
