"""One module per ``muragat`` subcommand; each exposes ``register(subparsers)``."""
