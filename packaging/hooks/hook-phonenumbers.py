# Takes the place of pyinstaller-hooks-contrib's hook, which collects every phonenumbers module:
# the program parses and formats numbers (phonenumbers.data, .shortdata, loaded by name at run
# time) and never asks for place names, carriers or time zones (5 MB; see bundle.py).
from PyInstaller.utils.hooks import collect_submodules

hiddenimports = collect_submodules("phonenumbers.data") + collect_submodules(
    "phonenumbers.shortdata"
)
