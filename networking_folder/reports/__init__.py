"""Printable output, made with ReportLab from plain data. No Qt, no database."""
