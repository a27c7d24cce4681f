"""Spa Copilot: a staff-facing Slack copilot for boutique spas on Mangomint."""

__version__ = "0.1.0"
