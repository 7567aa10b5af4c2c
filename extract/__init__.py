"""conflictwatch: extract."""
