"""The demo's data for budget hearings (meetings, proposals, programme names).

`demo.py` beside this package loads it.
"""
