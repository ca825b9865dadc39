"""members stage."""
