"""The code tables: each enum with its Chinese label, for apps to display."""

from __future__ import annotations

from services.identification.codes import CODE_TABLES
from services.identification.deps import Reader
from shared.codes import codes_router

router = codes_router(CODE_TABLES, Reader)
