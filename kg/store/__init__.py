"""The embedded store: one indexed file, its backend and its query twins."""
