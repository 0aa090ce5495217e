"""Soát xét (issue #11): check the arithmetic of a report typed by hand.

Pure core, no file I/O: `quantities` reads the printed numbers of one paragraph with their units,
`claims` finds what the text states about them (ratios, sums, changes), `check` recomputes each
claim with the project's one rounding rule and judges it. The door is addin/commands/soat.py.
"""
