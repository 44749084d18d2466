"""Evaluation against the shared data (language ID, lemmas, retrieval)."""
