"""The data file: peewee records, connection settings, migrations and backups. No Qt."""
