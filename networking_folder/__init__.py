"""Networking Folder: a referral networker's folder, kept on your own laptop."""

__version__ = "0.1.0"
APP_NAME = "Networking Folder"
