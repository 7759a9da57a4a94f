"""The funds service: project libraries, money by progress, notices, performance, credit (资金项目)."""

PORT = 8002  # under `make run`; SUITE_PORT_BASE shifts every service alike
