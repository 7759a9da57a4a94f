"""Visits (遍访) of the five levels of secretaries, their coverage and who is not yet visited."""
