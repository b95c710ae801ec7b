#!/usr/bin/env bash
# Builds the image's base, Debian bookworm with OpenJDK 17's runtime and a user that is not root,
# as a `docker save` tarball that Jib takes as its base (`tar://`). It is made from Debian's own
# packages with debootstrap, so that no container registry and no Docker engine are needed.
#
#   base-image.sh OUTPUT.tar
#
# Needs root (debootstrap and chroot) and Debian's mirror; DEBIAN_MIRROR picks another one.
# An OUTPUT that already exists is kept: delete it (or `./mvnw clean`) to build it anew.
set -euo pipefail

out=$1
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
user_id=10001

if [ -s "$out" ]; then
  echo "base image: keeping $out"
  exit 0
fi
if [ "$(id -u)" != 0 ]; then
  echo "base image: debootstrap and chroot need root; run the image build as root" >&2
  exit 1
fi
if ! command -v debootstrap >/dev/null; then
  echo "base image: debootstrap is missing: apt-get install debootstrap" >&2
  exit 1
fi

work=$(mktemp -d "$(dirname "$out")/base-image.XXXXXX")
trap 'rm -rf "$work"' EXIT
root=$work/rootfs

echo "base image: debootstrap bookworm from $mirror"
debootstrap --variant=minbase --include=openjdk-17-jre-headless,curl \
  bookworm "$root" "$mirror" >"$work/debootstrap.log" 2>&1 \
  || { tail -20 "$work/debootstrap.log" >&2; exit 1; }

# The service's user, and the folder its H2 data goes to (the image's working directory).
chroot "$root" groupadd --gid $user_id allocation
chroot "$root" useradd --no-create-home --uid $user_id --gid $user_id --home-dir /var/lib/allocation \
  --shell /usr/sbin/nologin allocation
mkdir -p "$root/var/lib/allocation/data"
chroot "$root" chown -R $user_id:$user_id /var/lib/allocation

# What a runtime image does not need; /dev, /proc and /sys are the container runtime's to mount.
rm -rf "$root"/var/cache/apt/* "$root"/var/lib/apt/lists/* "$root"/var/log/* \
  "$root"/usr/share/doc/* "$root"/usr/share/man/* "$root"/usr/share/info/* \
  "$root"/dev/* "$root"/proc/* "$root"/sys/* "$root"/tmp/* "$root"/debootstrap

image=$work/image
mkdir "$image"
tar --numeric-owner --sort=name --mtime=@0 -C "$root" -cf "$image/layer.tar" .
diff_id=$(sha256sum "$image/layer.tar" | cut -d' ' -f1)
java_home=$(cd "$root" && echo usr/lib/jvm/java-17-openjdk-*)

cat >"$image/config.json" <<EOF
{"architecture":"amd64","os":"linux",
 "config":{"Env":["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin","JAVA_HOME=/$java_home","LANG=C.UTF-8"],
           "Cmd":["bash"]},
 "rootfs":{"type":"layers","diff_ids":["sha256:$diff_id"]}}
EOF
cat >"$image/manifest.json" <<EOF
[{"Config":"config.json","RepoTags":["allocation-service-base:bookworm-jre17"],"Layers":["layer.tar"]}]
EOF
tar -C "$image" -cf "$out.partial" manifest.json config.json layer.tar
mv "$out.partial" "$out"
echo "base image: $out ($(du -h "$out" | cut -f1))"
