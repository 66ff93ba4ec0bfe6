#!/bin/sh
# Writes the help2man include file for stackdeck-cli(1): BASE (the hand-written
# sections) plus a COMMANDS section, verbatim from `stackdeck-cli --help`.
#   cli-h2m.sh STACKDECK-CLI BASE.h2m OUT.h2m
set -eu
{
    cat "$2"
    printf '\n[COMMANDS]\n.nf\n'
    "$1" --help | sed -n '/^commands:/,/^$/p' | sed -e '1d' -e '/^$/d' -e 's/\\/\\e/g' -e 's/-/\\-/g' \
        -e "s/^\([.']\)/\\\\\&\1/"
    printf '.fi\n'
} >"$3"
