"""The identification service: the register of poor households and people (精准识别)."""

PORT = 8001  # under `make run`; SUITE_PORT_BASE shifts every service alike
