"""Shared domain of every consultation kind."""
