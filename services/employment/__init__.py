"""The employment service: labour force, jobs, matching, training (就业帮扶)."""

PORT = 8003  # under `make run`; SUITE_PORT_BASE shifts every service alike
