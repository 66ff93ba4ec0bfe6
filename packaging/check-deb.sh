#!/usr/bin/env bash
# Checks the Debian package that packaging/build-deb.sh built. Each check
# prints PASS or FAIL; the exit status is the number of failed checks.
#
#   packaging/check-deb.sh [PATH.deb]     (default: the newest build/package/stackdeck_*_amd64.deb)
#
# 1. lintian: no error or warning (each overridden tag is explained in
#    packaging/debian/lintian-overrides).
# 2. desktop-file-validate on the installed .desktop file.
# 3. appstreamcli validate --no-net on the installed metainfo.
# 4. A clean Debian 12 root (debootstrap --variant=minbase bookworm, cached as
#    a tarball, unpacked afresh each run): apt installs the .deb and what its
#    Depends name, then as an ordinary user: stackdeck-cli --version, stackdeck
#    --version without a display, an import of demo files and the issue list,
#    the GUI started offscreen with --screenshot (PNGs copied out), the man
#    pages, icons and completion; then the package is purged and nothing may be
#    left outside the user's home.
#
# Needs root (debootstrap, chroot) and the network to a Debian mirror
# ($STACKDECK_MIRROR, default http://deb.debian.org/debian). Installs its own
# tools (lintian, desktop-file-utils, appstream, debootstrap) when missing.
# Slow (minutes): by hand, not in CI. Output: build/package/check/.
set -uo pipefail
cd "$(dirname "$0")/.."
source_dir=$PWD

deb=${1:-$(ls -t build/package/stackdeck_*_amd64.deb 2>/dev/null | head -n1)}
if [ -z "$deb" ] || [ ! -f "$deb" ]; then
    echo "check-deb: no package; build it with packaging/build-deb.sh" >&2
    exit 2
fi
deb=$(realpath "$deb")
out=$source_dir/build/package/check
mkdir -p "$out"
mirror=${STACKDECK_MIRROR:-http://deb.debian.org/debian}
failed=0
pass() { echo "PASS  $*"; }
fail() {
    echo "FAIL  $*"
    failed=$((failed + 1))
}

if [ "$(id -u)" -ne 0 ]; then
    echo "check-deb: run as root (debootstrap and chroot)" >&2
    exit 2
fi
tools=(lintian desktop-file-utils appstream debootstrap)
missing=()
for p in "${tools[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
    echo "check-deb: installing ${missing[*]}"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

echo "package: $deb"
dpkg-deb --field "$deb" Package Version Architecture Section Priority Depends Recommends | sed 's/^/  /'

# --- 1. lintian -------------------------------------------------------------
echo
echo "== lintian"
lintian --fail-on error,warning --display-info --show-overrides "$deb" 2>&1 | tee "$out/lintian.log"
if [ "${PIPESTATUS[0]}" -eq 0 ]; then
    pass "lintian: no error or warning ($(grep -c '^O: ' "$out/lintian.log") overridden tags, each with its reason" \
        "in packaging/debian/lintian-overrides; I:/P: lines above are informational)"
else
    fail "lintian (see $out/lintian.log)"
fi

contents=$(mktemp -d)
trap 'rm -rf "$contents"' EXIT
dpkg-deb -x "$deb" "$contents"

# --- 2. desktop entry -------------------------------------------------------
echo
echo "== desktop-file-validate"
desktop=$contents/usr/share/applications/io.stackdeck.Stackdeck.desktop
if [ -f "$desktop" ] && desktop-file-validate "$desktop"; then
    icon=$(sed -n 's/^Icon=//p' "$desktop")
    if [ -f "$contents/usr/share/icons/hicolor/scalable/apps/$icon.svg" ]; then
        pass "desktop-file-validate io.stackdeck.Stackdeck.desktop (Icon=$icon is installed)"
    else
        fail "the desktop entry's Icon=$icon is not in the package"
    fi
else
    fail "desktop-file-validate io.stackdeck.Stackdeck.desktop"
fi

# --- 3. AppStream -----------------------------------------------------------
echo
echo "== appstreamcli validate --no-net"
metainfo=$contents/usr/share/metainfo/io.stackdeck.Stackdeck.metainfo.xml
if appstreamcli validate --no-net "$metainfo"; then
    pass "appstreamcli validate --no-net io.stackdeck.Stackdeck.metainfo.xml"
else
    fail "appstreamcli validate --no-net io.stackdeck.Stackdeck.metainfo.xml"
fi
echo "-- pedantic remarks, for the record:"
appstreamcli validate --no-net --pedantic "$metainfo" | grep -E '^[PIW]:' || true
cat <<'EOF'
   cid-contains-uppercase-letter: the id is the application id the program
     sets (QGuiApplication::desktopFileName), as the desktop file's name; it
     stays as it is.
   Not listed, because they need a hosted web page or image: <url
     type="homepage">, and <screenshots> (AppStream wants https:// images;
     packaging/screenshots/ is not published anywhere yet). Software centres
     show the entry without them. --no-net skips the URL checks themselves.
EOF

# --- 4. clean Debian 12 root ------------------------------------------------
echo
echo "== clean Debian 12 root"
base=$out/bookworm-minbase.tar
if [ ! -f "$base" ]; then
    echo "debootstrap --variant=minbase bookworm ($mirror), cached as $base"
    rm -rf "$out/base"
    if ! debootstrap --variant=minbase bookworm "$out/base" "$mirror" >"$out/debootstrap.log" 2>&1; then
        fail "debootstrap (see $out/debootstrap.log)"
        exit "$failed"
    fi
    tar -C "$out/base" -cf "$base" . && rm -rf "$out/base"
fi
root=$out/root
rm -rf "$root"
mkdir -p "$root"
tar -C "$root" -xf "$base"
mount -t proc proc "$root/proc"
mount --bind /dev "$root/dev"
cleanup_root() {
    umount "$root/dev" 2>/dev/null
    umount "$root/proc" 2>/dev/null
}
trap 'cleanup_root; rm -rf "$contents"' EXIT
cp /etc/resolv.conf "$root/etc/resolv.conf"
cp "$deb" "$root/tmp/"
mkdir -p "$root/tmp/demo"
cp "$source_dir"/resources/demo/sdk/* "$root/tmp/demo/"
log=$out/chroot.log
: >"$log"
in_root() { chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 "$@"; }
as_user() { chroot --userspec=tester:tester "$root" /usr/bin/env -i HOME=/home/tester PATH=/usr/bin:/bin LANG=C.UTF-8 "$@"; }
step() {
    # step NAME COMMAND...: runs it, its output to the log, PASS/FAIL by exit status
    local name=$1
    shift
    echo "\$ $*" >>"$log"
    if "$@" >>"$log" 2>&1; then pass "$name"; else fail "$name (see $log)"; fi
}

# The file system before and after (apt's and dpkg's bookkeeping, logs,
# caches and /tmp left out), to find what the package leaves behind.
snapshot() {
    (cd "$root" && find . -xdev \( -path ./proc -o -path ./dev -o -path ./sys -o -path ./run -o -path ./tmp \
        -o -path ./var/lib/dpkg -o -path ./var/lib/apt -o -path ./var/cache -o -path ./var/log \) -prune \
        -o -print | sort)
}

step "apt-get update in the clean root" in_root apt-get update -qq
echo "\$ apt-get install --no-install-recommends ./$(basename "$deb")" >>"$log"
if in_root env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "/tmp/$(basename "$deb")" \
    >"$out/apt-install.log" 2>&1; then
    pass "apt installs the package and its Depends ($(grep -cE '^(Setting up|Unpacking)' "$out/apt-install.log") dpkg steps;" \
        "$(grep -E 'newly installed' "$out/apt-install.log"))"
else
    fail "apt-get install (see $out/apt-install.log)"
    exit "$failed"
fi
in_root useradd --create-home --shell /bin/bash tester
in_root dpkg -L stackdeck | sort >"$out/package-paths.txt"
# Its files (the folders it shares with other packages, /usr/bin..., stay in the picture).
while read -r f; do [ -d "$root$f" ] || echo "$f"; done <"$out/package-paths.txt" >"$out/package-files.txt"
snapshot | grep -vxF -f <(sed 's|^/|./|' "$out/package-files.txt") >"$out/before.txt"
cp -r "$root/tmp/demo" "$root/home/tester/demo" && in_root chown -R tester:tester /home/tester/demo

version=$(dpkg-deb --field "$deb" Version)
check_output() {
    # check_output NAME EXPECTED COMMAND...: the output must contain EXPECTED
    local name=$1 expected=$2
    shift 2
    local got
    got=$("$@" 2>&1)
    printf '$ %s\n%s\n' "$*" "$got" >>"$log"
    if grep -qF -- "$expected" <<<"$got"; then pass "$name: $(head -n1 <<<"$got")"; else fail "$name: got '$got'"; fi
}
check_output "stackdeck-cli --version" "stackdeck-cli $version" as_user stackdeck-cli --version
check_output "stackdeck --version (no display)" "$version" as_user stackdeck --version
screenshot() {
    # screenshot NAME ARGS...: the GUI offscreen, as the user, its PNG copied to $out
    local name=$1
    shift
    step "stackdeck${*:+ $*} --screenshot (offscreen) -> $name.png" \
        as_user env QT_QPA_PLATFORM=offscreen stackdeck "$@" --screenshot "/home/tester/$name.png"
    cp "$root/home/tester/$name.png" "$out/$name.png" 2>/dev/null
}
# First start: no workspace yet, so the window offers the demo.
screenshot first-start
step "stackdeck-cli import of the demo files" as_user stackdeck-cli import /home/tester/demo
issues=$(as_user stackdeck-cli issues --json 2>>"$log")
echo "$issues" >"$out/issues.json"
count=$(python3 -c 'import json, sys; print(len(json.load(sys.stdin)))' <<<"$issues" 2>/dev/null || echo 0)
if [ "$count" -gt 0 ]; then pass "stackdeck-cli issues lists $count issues"; else fail "stackdeck-cli issues: none"; fi
as_user stackdeck-cli issues --limit 5 >>"$log" 2>&1
# The default workspace, which the CLI filled; then the demo one and Help > About.
screenshot workspace
screenshot demo --demo
screenshot about --demo --screenshot-dialog about
step "man pages stackdeck(1), stackdeck-cli(1)" test -s "$root/usr/share/man/man1/stackdeck.1.gz" \
    -a -s "$root/usr/share/man/man1/stackdeck-cli.1.gz"
step "hicolor icons (PNG sizes and scalable)" test -s "$root/usr/share/icons/hicolor/48x48/apps/io.stackdeck.Stackdeck.png" \
    -a -s "$root/usr/share/icons/hicolor/scalable/apps/io.stackdeck.Stackdeck.svg"
check_output "bash completion lists the commands" "regroup" as_user bash -c \
    'source /usr/share/bash-completion/completions/stackdeck-cli 2>/dev/null; _stackdeck_cli_commands | tr "\n" " "'
echo "\$ ls -la /home/tester/.local/share/Stackdeck/Stackdeck /home/tester/.config/Stackdeck" >>"$log"
in_root ls -la /home/tester/.local/share/Stackdeck/Stackdeck /home/tester/.config/Stackdeck >>"$log" 2>&1

step "apt-get purge stackdeck" in_root env DEBIAN_FRONTEND=noninteractive apt-get purge -y stackdeck
snapshot >"$out/after.txt"
left=$(comm -13 "$out/before.txt" "$out/after.txt" | grep -v '^\./home/tester\(/\|$\)')
# Its files must be gone, and so must its folders that no other package owns.
still=$(while read -r f; do
    if [ -d "$root$f" ]; then
        in_root dpkg-query -S "$f" >/dev/null 2>&1 || echo "$f"
    elif [ -e "$root$f" ]; then
        echo "$f"
    fi
done <"$out/package-paths.txt")
if [ -z "$left$still" ]; then
    pass "after the purge nothing is left outside the user's home (user data: $(find "$root/home/tester" -type f | wc -l) files)"
else
    fail "left behind: $left $still"
fi

echo
if [ "$failed" -eq 0 ]; then echo "all checks PASS"; else echo "$failed check(s) FAIL"; fi
echo "logs and screenshots: $out"
exit "$failed"
