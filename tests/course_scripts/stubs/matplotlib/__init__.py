"""Test stand-in for matplotlib: see ../README."""
rcParams = {}
