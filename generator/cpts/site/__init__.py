"""site stage."""
