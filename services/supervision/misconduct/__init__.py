"""Misconduct leads in the poverty field (§31) and the credit blacklist (§13)."""
