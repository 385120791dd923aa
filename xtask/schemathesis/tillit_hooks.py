"""schemathesis hooks for `cargo xtask fuzz`.

Tillit answers expected outcomes (unknown id, forbidden, bad input, conflict) as GraphQL errors
with a `code`, so schemathesis' own "GraphQL server error" check (any error entry fails) does not
fit. What must never happen is checked here instead: a 5xx, an error without a code, or the
`INTERNAL` code (a resolver that failed). The custom scalars get generators.
"""

from datetime import date, datetime, timedelta, timezone

import schemathesis
from hypothesis import strategies as st
from schemathesis import graphql

EPOCH = date(2000, 1, 1)

graphql.scalar(
    "NaiveDate",
    st.integers(min_value=-40_000, max_value=40_000).map(
        lambda d: graphql.nodes.String((EPOCH + timedelta(days=d)).isoformat())
    ),
)
graphql.scalar(
    "DateTime",
    st.integers(min_value=-2_000_000_000, max_value=4_000_000_000).map(
        lambda s: graphql.nodes.String(
            datetime.fromtimestamp(s, tz=timezone.utc).isoformat()
        )
    ),
)
graphql.scalar("JSON", st.just(graphql.nodes.String("{}")))


@schemathesis.check
def no_internal_errors(ctx, response, case):
    if response.status_code >= 500:
        raise AssertionError(f"HTTP {response.status_code}: {response.text[:500]}")
    try:
        body = response.json()
    except ValueError:
        raise AssertionError(f"not JSON: {response.text[:500]}")
    for error in body.get("errors") or []:
        code = (error.get("extensions") or {}).get("code")
        if code is None or code == "INTERNAL":
            raise AssertionError(f"an error without a code, or INTERNAL: {error}")
