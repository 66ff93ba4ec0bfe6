#!/usr/bin/env bash
# Builds the Debian package from this checkout, in one command:
#
#   packaging/build-deb.sh      -> build/package/stackdeck_<version>_amd64.deb
#
# It runs the `package` workflow preset (CMakePresets.json): a release
# configuration without the tests in build/package, a build of the two
# programs and of their man pages, then CPack's DEB generator (dependencies
# from dpkg-shlibdeps). Build dependencies: packaging/install-deps.sh.
# packaging/check-deb.sh checks the result.
set -euo pipefail
cd "$(dirname "$0")/.."
cmake --workflow --preset package
deb=$(ls -t build/package/stackdeck_*_amd64.deb | head -n1)
echo "built $deb"
