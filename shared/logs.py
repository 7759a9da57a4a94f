"""JSON log lines on stdout, each carrying the request id and trace of the request being served."""

from __future__ import annotations

import json
import logging
import os
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from shared.context import request_id_var
from shared.tracing import trace_var

FIELDS = "fields"  # `extra={"fields": {...}}` adds structured fields to a line


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, request id, trace, fields.

    An exception is rendered by its type and where it was raised, never by its message or a
    traceback's source lines (they may quote the input).
    """

    def format(self, record: logging.LogRecord) -> str:
        """Render a record as one line of JSON."""
        line: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        request_id, trace = request_id_var.get(), trace_var.get()
        if request_id:
            line["request_id"] = request_id
        if trace:
            line["trace_id"], line["span_id"] = trace.trace_id, trace.span_id
        line.update(getattr(record, FIELDS, None) or {})
        if record.exc_info and record.exc_info[1] is not None:
            exc = record.exc_info[1]
            tb = exc.__traceback__
            while tb is not None and tb.tb_next is not None:
                tb = tb.tb_next
            line["error"] = type(exc).__name__
            if tb is not None:
                line["error_at"] = f"{Path(tb.tb_frame.f_code.co_filename).name}:{tb.tb_lineno}"
        return json.dumps(line, ensure_ascii=False, default=str)


def configure_logging(level: int = logging.INFO) -> None:
    """Send the suite's loggers to stdout as JSON lines (once per process)."""
    suite = logging.getLogger("suite")
    suite.setLevel(level)
    if not any(getattr(h, "_suite_json", False) for h in suite.handlers):
        handler = logging.StreamHandler(sys.stdout)
        handler.setFormatter(JsonFormatter())
        handler._suite_json = True  # type: ignore[attr-defined]
        suite.addHandler(handler)
    # `make run` quiets the access lines of its consumers' feed polls (SUITE_ACCESS_LOG=warning).
    logging.getLogger("suite.access").setLevel(os.environ.get("SUITE_ACCESS_LOG", "INFO").upper())
    logging.getLogger("httpx").setLevel(logging.WARNING)  # its INFO lines quote outgoing URLs and queries
