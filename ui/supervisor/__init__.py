"""The supervisor's screens (issue 14 §1, §5): deadlines of every officer and the indicators."""
