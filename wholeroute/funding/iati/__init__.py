"""IATI 2.03 activity files: hardened streaming import (`parse`) and validated export (`export`)."""
