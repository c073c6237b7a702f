"""Istog demo data and the seed-demo command."""
