#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# A real `dpkg -i` of the package, maintainer scripts and all, into a throwaway copy of this
# machine: an overlay of / in a private mount namespace, so nothing reaches the real system.
#   dpkg-install.sh DEB WORKDIR
# Exit 0 when the install, the service user's run of the collector and the purge behave;
# 77 when this machine does not allow it (not root, no mount namespaces or overlayfs, as in
# unprivileged containers); anything else is a failure.
set -euo pipefail

deb=$(realpath "$1")
work=$(realpath -m "$2")
mkdir -p "$work/upper" "$work/work" "$work/root"

if [ "$(id -u)" -ne 0 ] || ! unshare -m true 2>/dev/null; then
    echo "skip: needs root and mount namespaces"
    exit 77
fi

# Everything below runs in the private namespace; its mounts vanish when it exits.
exec unshare -m --propagation private bash -euo pipefail -s "$deb" "$work" <<'SANDBOX'
deb=$1
work=$2
root=$work/root
if ! mount -t overlay overlay -o "lowerdir=/,upperdir=$work/upper,workdir=$work/work" "$root" 2>/dev/null; then
    echo "skip: overlayfs is not available"
    exit 77
fi
mount --rbind /dev "$root/dev"
mount -t proc proc "$root/proc"
mount -t tmpfs tmpfs "$root/run" # no /run/systemd/system: as on a machine without systemd
mount -t tmpfs tmpfs "$root/tmp"
cp "$deb" "$root/tmp/traceflow.deb"
# man-db's trigger rebuilds the whole manual index, which takes most of the time.
rm -f "$root/var/lib/man-db/auto-update"
in_root() { chroot "$root" "$@"; }
fail() { echo "FAIL: $*"; exit 1; }

if in_root getent passwd traceflow >/dev/null; then
    echo "skip: this machine already has a traceflow user"
    exit 77
fi
# Only the package's own dependencies may be missing here, never its files' conflicts.
in_root dpkg -i /tmp/traceflow.deb || fail "dpkg -i"
echo "installed: $(in_root dpkg-query -W -f='${Package} ${Version} ${Status}' traceflow)"

# postinst: a system user and group, the state directory, the configuration readable by it.
in_root getent passwd traceflow | grep -q ':/var/lib/traceflow:/usr/sbin/nologin$' \
    || fail "traceflow user: $(in_root getent passwd traceflow)"
[ "$(in_root stat -c '%U:%G %a' /var/lib/traceflow)" = "traceflow:traceflow 750" ] \
    || fail "/var/lib/traceflow: $(in_root stat -c '%U:%G %a' /var/lib/traceflow)"
[ "$(in_root stat -c '%U:%G %a' /etc/traceflow/collector.conf)" = "root:traceflow 640" ] \
    || fail "collector.conf: $(in_root stat -c '%U:%G %a' /etc/traceflow/collector.conf)"
# Installed disabled: no wants link, whatever deb-systemd-helper recorded.
[ ! -e "$root/etc/systemd/system/multi-user.target.wants/traceflow-collector.service" ] \
    || fail "the service was enabled"

# What the service runs: the collector as the traceflow user with /etc/traceflow/collector.conf
# (free ports here: the real ones may be taken on this machine).
output=$(in_root timeout -s TERM 2 runuser -u traceflow -- /usr/bin/traceflow-collector \
    --config /etc/traceflow/collector.conf --port 0 --otlp-port 0 2>&1) || [ $? -eq 124 ] || true
echo "$output" | grep -q "listening on 127.0.0.1:" || fail "collector as traceflow: $output"
echo "service command: $output"

# A second install over the first (an upgrade's path through the scripts) keeps working.
in_root dpkg -i /tmp/traceflow.deb >/dev/null || fail "reinstall"

in_root dpkg --purge traceflow || fail "dpkg --purge"
[ ! -e "$root/usr/bin/traceflow-collector" ] || fail "purge left the collector"
[ ! -e "$root/etc/traceflow/collector.conf" ] || fail "purge left the configuration"
[ ! -e "$root/var/lib/traceflow" ] || fail "purge left /var/lib/traceflow"
! in_root dpkg-statoverride --list /etc/traceflow/collector.conf >/dev/null || fail "purge left the statoverride"
echo "purged"
SANDBOX
