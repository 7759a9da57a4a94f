"""Interviews (约谈) and inspections (督查巡查) feeding one rectification tracking (整改台账)."""
