"""The demo's data for draft acts (comments on articles, meetings, notes).

`demo.py` beside this package loads it.
"""
