"""The `wholeroute` command: every admin task (seed, createorg, import, forecast, worker, serve …).

It is Django's management command runner under the project's name, so `wholeroute help` lists everything.
"""

import os
import sys


def main(argv=None):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wholeroute.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["wholeroute", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    main()
