"""One member's contact details, read one at a time for an end user and a purpose, each read audited."""
