"""Test stand-in for PIL.Image: the course scripts import it but never call it."""
