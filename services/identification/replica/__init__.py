"""Replica rows for other services: the register without personal data (数据副本)."""
