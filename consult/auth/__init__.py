"""Accounts: sign-in, roles and the access rules of the back office."""
