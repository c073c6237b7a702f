"""Public pages: home, consultation list and detail, documents."""
