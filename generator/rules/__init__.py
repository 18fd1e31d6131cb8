"""Rules written by strangers: where rule files are, the variables rule code may use, the
sandbox it runs in with its time and size limits, and compiling one rule."""
