"""Capital-projects polls: verified one person one secret vote, paper ballots, counting rules."""
