"""Change-feed consumers: handlers applied exactly once, with checkpoints and dead letters."""
