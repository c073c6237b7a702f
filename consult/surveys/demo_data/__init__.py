"""The demo's data for surveys (the citizens' survey).

`demo.py` beside this package loads it.
"""
