"""The officers' back office under /manage: consultations, their texts and documents."""
