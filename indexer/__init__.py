"""The indexer: archive files -> readers -> ``Document`` -> analysis -> index writer."""
