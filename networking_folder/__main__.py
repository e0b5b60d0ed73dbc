import sys

from networking_folder.cli import main

sys.exit(main())
