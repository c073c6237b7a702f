"""The budget hearings of the Istog demo: the hearings held, proposals, changes and programme
names, as data (loaded by `consult.hearings.demo`)."""
