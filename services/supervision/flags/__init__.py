"""Red flags the data raises by itself (§31): far from the target, impossible journeys, missed households."""
