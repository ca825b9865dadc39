"""directory stage."""
