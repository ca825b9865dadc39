"""territory stage."""
