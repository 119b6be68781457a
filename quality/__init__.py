"""The quality gate: Great Expectations suites over the raw and mart tables, and the settlement
rules the Department of Finance relies on before it settles a contract."""
