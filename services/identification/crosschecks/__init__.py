"""Cross-checks against other departments' data (部门数据比对)."""
