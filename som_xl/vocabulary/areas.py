"""Areas (områder): the policy areas an item belongs to and results are grouped by."""

AREAS: tuple[str, ...] = ("socialt", "sundhed", "beskaeftigelse", "retsvaesen", "skat", "uddannelse")
"""Allowed ``area`` of an item (knowledge tables, own items, the Område drop-down)."""
