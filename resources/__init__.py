"""Icons and desktop files, installed as networking_folder.resources."""
