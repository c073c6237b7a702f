"""The citizen survey of the Istog demo, as data (loaded by `consult.surveys.demo`)."""
