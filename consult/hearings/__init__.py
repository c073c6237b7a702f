"""Budget hearings: the hearing cycle, the draft budget, proposals and the hearing report."""
