"""conflictwatch: transform."""
