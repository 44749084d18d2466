"""Muragat: search engine for multilingual library archives (CLI and settings)."""

__version__ = "0.1.0"
