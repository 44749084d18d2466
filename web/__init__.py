"""The web front end and JSON API (Flask app factory: ``web.app.create_app``)."""
