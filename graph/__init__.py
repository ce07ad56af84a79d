"""Citation graphs built from the evidence store, topic tagging and graph exports."""
