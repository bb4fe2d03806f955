"""Warnings, restriction proposals, decisions and reviews."""
