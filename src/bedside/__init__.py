"""Bedside: a self-hosted social media command center for health systems."""

__version__ = "0.1.0"
