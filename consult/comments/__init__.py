"""Comments and the municipality's answers to them, one model for every kind that takes
comments: a draft act's article (or the whole act), a budget line (or the whole draft budget)
of a hearing cycle, raised on a form or at a public meeting. Each kind keeps its own rules for
taking, confirming and listing comments in its own package; the tables and the recording of an
answer are here."""
