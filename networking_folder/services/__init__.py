"""Use-cases: one method = one transaction. The only code that writes to the folder. No Qt."""

from networking_folder.services.folder import Change, Folder

__all__ = ["Change", "Folder"]
