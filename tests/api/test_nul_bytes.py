"""A NUL character anywhere in a JSON body is refused with 400 (szansa/api/parsers.py): PostgreSQL stores
no NUL, and schemathesis found one reaching a slug lookup of the eligibility-rules API as a 500."""

import json

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "body",
    [
        {"name": "x", "mode": "all_of", "target_group": 1, "criteria": [{"criterion": "age\x00"}]},
        {
            "name": "x",
            "mode": "all_of",
            "target_group": 1,
            "criteria": [{"criterion": "age", "parameters": {"k\x00": 1}}],
        },
    ],
)
def test_a_nul_in_a_value_or_a_key_is_a_400(cast, client_for, body):
    answer = client_for(cast.admin).post(
        "/api/v1/eligibility-rules/", json.dumps(body), content_type="application/json"
    )
    assert answer.status_code == 400
    assert answer.json()["detail"] == "Text may not contain NUL characters."
