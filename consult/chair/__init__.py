"""The Council chair: dashboard, participation trends, the annual consultation report."""
