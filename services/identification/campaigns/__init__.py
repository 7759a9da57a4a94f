"""Re-verification campaigns (回头看) and the cases they open."""
