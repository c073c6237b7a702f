"""The names of the counting rules and of the ways to score a ranking, in one place.

The models (CHECK constraints), the forms and the counting rules (`consult.polls.rules`, which
defines each) all use these tuples; this module imports nothing, so the models need not load
the counting libraries.
"""

#: the rules a poll can be counted by, as the Pabulib format names them
RULES: tuple[str, ...] = (
    "greedy",
    "greedy-no-skip",
    "greedy-threshold",
    "greedy-exclusive",
    "equalshares",
    "equalshares/add1",
    "equalshares-comparison",
    "equalshares/add1-comparison",
)
#: rule names of the Pabulib archive that no count can follow: the city's own rule described
#: in META comment, or none recorded
ARCHIVE_ONLY_RULES: tuple[str, ...] = ("greedy-custom", "unknown")
#: how ranked places become points: Pabulib's (the last named gets 1) or Borda's (0)
ORDINAL_SCORINGS: tuple[str, ...] = ("positions", "borda")
#: the META key of a .pb file holding the minimum support of greedy-threshold
THRESHOLD_META_KEY = "min_project_score_threshold"
