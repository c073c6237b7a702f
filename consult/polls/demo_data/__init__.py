"""The demo's data for capital-investment polls (the projects).

`demo.py` beside this package loads it.
"""
