"""The forms for warnings, proposals and decisions (proposals.py), and reviews."""
