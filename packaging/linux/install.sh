#!/bin/sh
# Networking Folder: install it for you alone (no administrator password needed), or take it
# away again.
#
#   ./install.sh               install, or replace an installed version with this one
#   ./install.sh --uninstall   remove the program (your data stays where it is)
#
# What it puts where (and the only things --uninstall removes):
#   the program        ~/.local/lib/networking-folder/
#   the command        ~/.local/bin/networking-folder
#   the menu entry     ~/.local/share/applications/networking-folder.desktop
#   the icon           ~/.local/share/icons/hicolor/*/apps/networking-folder.{png,svg}
# Your data, ~/.local/share/networking-folder/, is never touched by either.
set -eu

NAME=networking-folder
HERE=$(cd "$(dirname "$0")" && pwd)
: "${HOME:?HOME is not set}"
DATA_HOME=${XDG_DATA_HOME:-$HOME/.local/share}
case $DATA_HOME in /*) ;; *) DATA_HOME=$HOME/.local/share ;; esac
PROGRAM_DIR=$HOME/.local/lib/$NAME
BIN_DIR=$HOME/.local/bin
COMMAND=$BIN_DIR/$NAME
DESKTOP_FILE=$DATA_HOME/applications/$NAME.desktop
ICON_DIR=$DATA_HOME/icons/hicolor
ICON_SIZES="16 24 32 48 64 128 256"
USER_DATA=$DATA_HOME/$NAME

say() { printf '%s\n' "$*"; }

refresh_menus() {
    # Ask the desktop to read the menu entries and icons again (where these tools exist).
    if command -v update-desktop-database >/dev/null 2>&1; then
        update-desktop-database -q "$DATA_HOME/applications" 2>/dev/null || true
    fi
    if command -v gtk-update-icon-cache >/dev/null 2>&1 && [ -f "$ICON_DIR/index.theme" ]; then
        gtk-update-icon-cache -q -t "$ICON_DIR" 2>/dev/null || true
    fi
}

remove_program() {
    # Only what install.sh put there.
    if [ -L "$COMMAND" ] || [ -f "$COMMAND" ]; then
        rm -f "$COMMAND"
    fi
    rm -f "$DESKTOP_FILE"
    for size in $ICON_SIZES; do
        rm -f "$ICON_DIR/${size}x${size}/apps/$NAME.png"
    done
    rm -f "$ICON_DIR/scalable/apps/$NAME.svg"
    # And the folders made for the icons, if nothing else is in them (rmdir leaves the rest).
    for size in $ICON_SIZES scalable; do
        case $size in scalable) dir=$ICON_DIR/scalable ;; *) dir=$ICON_DIR/${size}x${size} ;; esac
        rmdir "$dir/apps" "$dir" 2>/dev/null || true
    done
    rmdir "$ICON_DIR" 2>/dev/null || true
    if [ -d "$PROGRAM_DIR" ]; then
        rm -rf "$PROGRAM_DIR"
    fi
}

if [ "${1:-}" = "--uninstall" ]; then
    if [ ! -e "$PROGRAM_DIR" ] && [ ! -e "$COMMAND" ] && [ ! -e "$DESKTOP_FILE" ]; then
        say "Networking Folder is not installed for $(id -un) (nothing in $PROGRAM_DIR)."
    else
        remove_program
        refresh_menus
        say "Networking Folder is removed: the program ($PROGRAM_DIR), the command"
        say "($COMMAND), the menu entry and the icon."
    fi
    if [ -d "$USER_DATA" ]; then
        say "Your data is still there, untouched: $USER_DATA"
        say "(Delete that folder yourself only if you are sure you no longer need it.)"
    fi
    exit 0
elif [ $# -gt 0 ]; then
    say "usage: $0 [--uninstall]" >&2
    exit 2
fi

if [ ! -x "$HERE/$NAME/$NAME" ]; then
    say "install.sh: the program is missing beside this script ($HERE/$NAME/$NAME)." >&2
    say "Unpack the whole archive and run install.sh from the folder it made." >&2
    exit 1
fi

# The program: copied next to its final place first, then swapped in, so a failed copy never
# leaves half a program behind.
mkdir -p "$HOME/.local/lib" "$BIN_DIR" "$DATA_HOME/applications"
NEW_DIR=$PROGRAM_DIR.new.$$
rm -rf "$NEW_DIR"
trap 'rm -rf "$NEW_DIR"' EXIT
cp -RP "$HERE/$NAME" "$NEW_DIR"
cp "$HERE/install.sh" "$NEW_DIR/install.sh"
if [ -d "$PROGRAM_DIR" ]; then
    replaced=yes
    rm -rf "$PROGRAM_DIR"
else
    replaced=no
fi
mv "$NEW_DIR" "$PROGRAM_DIR"
trap - EXIT

ln -sf "$PROGRAM_DIR/$NAME" "$COMMAND"

# The menu entry, pointing at the program by its full path: quoted, and escaped as the desktop
# entry specification asks (a backslash four times, " ` $ twice, % doubled).
escaped=$(printf '%s' "$PROGRAM_DIR/$NAME" |
    sed -e 's/\\/\\\\\\\\/g' -e 's/["`$]/\\\\&/g' -e 's/%/%%/g')
EXEC_LINE="Exec=\"$escaped\"" awk '/^Exec=/ { print ENVIRON["EXEC_LINE"]; next } { print }' \
    "$HERE/share/applications/$NAME.desktop" > "$DESKTOP_FILE"
chmod 644 "$DESKTOP_FILE"

for size in $ICON_SIZES; do
    mkdir -p "$ICON_DIR/${size}x${size}/apps"
    cp "$HERE/share/icons/hicolor/${size}x${size}/apps/$NAME.png" "$ICON_DIR/${size}x${size}/apps/"
done
mkdir -p "$ICON_DIR/scalable/apps"
cp "$HERE/share/icons/hicolor/scalable/apps/$NAME.svg" "$ICON_DIR/scalable/apps/"
refresh_menus

version=$("$PROGRAM_DIR/$NAME" --version 2>/dev/null || echo "Networking Folder")
if [ "$replaced" = yes ]; then
    say "Updated to $version, for $(id -un) only."
else
    say "Installed $version, for $(id -un) only."
fi
say "  the program:     $PROGRAM_DIR"
say "  the command:     $COMMAND"
say "  the menu entry:  Networking Folder (in your applications menu; it may take a moment)"
say "Your data will live in $USER_DATA (this script never touches it)."
case ":${PATH:-}:" in
    *":$BIN_DIR:"*)
        say "Start it from the menu, or type: $NAME" ;;
    *)
        say "Start it from the menu, or type: $COMMAND"
        say "Typing just '$NAME' works once $BIN_DIR is on your PATH, which it is not yet."
        say "On most systems that happens the next time you log in. If it does not, add this"
        say "line at the end of the file .profile in your home folder, then log in again:"
        say "    PATH=\"\$HOME/.local/bin:\$PATH\"" ;;
esac
say "To remove it later: $PROGRAM_DIR/install.sh --uninstall"
