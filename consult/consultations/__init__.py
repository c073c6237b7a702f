"""Draft-act consultations: articles, comments, answers and the final report."""
