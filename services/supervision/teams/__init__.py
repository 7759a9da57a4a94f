"""Village work teams (驻村工作队) and first secretaries (第一书记): terms and hand-over."""
