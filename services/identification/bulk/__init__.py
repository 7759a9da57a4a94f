"""Bulk import jobs and streamed exports of the register (批量导入导出)."""
