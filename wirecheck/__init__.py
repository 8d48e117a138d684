"""wirecheck: a property-based conformance suite for the socket servers of a Python
networking course."""

__version__ = "0.1.0"
