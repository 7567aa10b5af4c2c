"""conflictwatch: warehouse."""
