"""Other programs' files: reading contacts from vCards and CSV exports, writing vCards, CSV,
JSON archives and calendars. Plain Python over plain data (domain dataclasses): no Qt, no
database; the services decide what goes into the folder."""
