"""The supervision service: visits, quotas, interviews, assessments, blacklist (督查考核)."""

PORT = 8004  # under `make run`; SUITE_PORT_BASE shifts every service alike
