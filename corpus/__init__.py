"""The evidence store: a SQLite database with a documented schema (the SQL contract)."""
