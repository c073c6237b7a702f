"""The capital projects of the Istog demo polls, as data (loaded by `consult.polls.demo`)."""
