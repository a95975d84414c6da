"""Test stand-in for PIL: see ../README."""
