"""conflictwatch: conflictwatch."""
