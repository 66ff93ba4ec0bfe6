"""Runs a Python Sentry generator with the DSN in $STACKDECK_DSN.

    STACKDECK_DSN=http://KEY@127.0.0.1:PORT/ID python3 with_dsn.py gen_python.py run ...

The shared generators (../shared/tools/sdk-corpus) hard-wire the capture sink's
DSN, http://publickey@127.0.0.1:<sink port>/1; a `stackdeck-cli serve` DSN has
a random key per workspace project. This replaces the dsn option of
sentry_sdk.init, as a user pasting the endpoint's DSN into the app would, and
runs the script unchanged (same argv, run as __main__).
"""
import os
import runpy
import sys

import sentry_sdk

_dsn = os.environ["STACKDECK_DSN"]
_init = sentry_sdk.init


def _init_with_dsn(*args, **kwargs):
    kwargs["dsn"] = _dsn
    return _init(*args, **kwargs)


sentry_sdk.init = _init_with_dsn
sys.argv = sys.argv[1:]
runpy.run_path(sys.argv[0], run_name="__main__")
