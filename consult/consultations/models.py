"""Models of the consultations feature."""
