"""Models of the polls feature."""
