"""Models of budget hearings."""
