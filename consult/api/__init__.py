"""Open data: read-only JSON and CSV of published consultations, described by OpenAPI."""
