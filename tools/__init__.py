"""Build scripts for the derived data files Muragat ships (run by hand; see each module)."""
