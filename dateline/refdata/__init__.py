"""Converters that turn upstream reference data into the compact CSVs in seeds/reference."""
