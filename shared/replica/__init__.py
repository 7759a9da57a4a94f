"""The register replica: identification's regions, households and members, without personal data."""
