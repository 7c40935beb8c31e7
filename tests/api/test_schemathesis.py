"""A real API client in the suite (issue 13): schemathesis reads the OpenAPI schema drf-spectacular
serves and calls every operation with generated requests (a bounded number of examples each), through
Django's WSGI application, signed in as an administrator with an API token; any 5xx answer, or an answer
that breaks the schema (status, content type, headers, body), fails the test with the operations named."""

import contextlib

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from szansa.domain.accounts import tokens
from tests.factories.projects import make_project

EXAMPLES = 5  # per operation and generation mode: ~60 operations x 2 modes in about three minutes
# A 5xx, or an answer the schema does not describe. Not the checks that expect every schema-valid request
# to be accepted: a schema cannot say which ids exist, so a made-up foreign key is rightly refused (400).
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]


@pytest.fixture
def api_token(cast):
    make_project(cast.admin)
    return tokens.issue(cast.admin, name="schemathesis", days=1).key


@pytest.fixture
def wsgi_app(settings):
    """Django's WSGI application inside the test's transaction: like Django's test client, it must not
    close the database connection at the end of each request."""
    settings.ALLOWED_HOSTS = ["*"]
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield get_wsgi_application()
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def _failures_of(operation, mode, headers) -> list[str]:
    failures = []

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        derandomize=True,
        phases=[Phase.explicit, Phase.generate],  # no shrinking: the first failure is reported as is
        suppress_health_check=list(HealthCheck),
    )
    def run(case):
        try:
            case.call_and_validate(headers=headers, checks=CHECKS)
        except (Exception, BaseExceptionGroup) as failure:  # collected and reported per operation
            failures.append(f"{operation.label} [{mode.value}]: {failure}")
            raise

    with contextlib.suppress(Exception, BaseExceptionGroup):  # already in `failures`
        run()
    return failures[:1]


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_every_operation_answers_without_5xx_and_as_documented(api_token, wsgi_app, mode):
    headers = {"Authorization": f"Token {api_token}"}
    schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", wsgi_app, headers=headers)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) > 40
    failures = [failure for operation in operations for failure in _failures_of(operation, mode, headers)]
    assert not failures, f"{len(failures)} operations fail:\n\n" + "\n\n".join(failures)
