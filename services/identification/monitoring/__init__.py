"""Monitoring of exited households and statistics (跟踪和动态监测)."""
