"""The draft acts of the Istog demo: their articles, explanatory notes and comments, as data
(loaded by `consult.consultations.demo`)."""
