"""Istog demo data shared by every kind and the seed-demo command that loads each kind's demo."""
