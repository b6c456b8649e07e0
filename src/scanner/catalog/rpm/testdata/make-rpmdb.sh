#!/bin/sh
# Regenerates rpmdb.sqlite (Debian: apt-get install rpm gpg). Not run by the tests.
# Builds the tiny packages in specs/, imports a throwaway signing key (a gpg-pubkey record),
# and installs them with --justdb into a fresh sqlite rpmdb; then shrinks the file (1 KiB
# pages) and leaves it in WAL mode, as rpm does.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
export GNUPGHOME="$work/gnupg"
mkdir -m 700 "$GNUPGHOME" "$work/db"
for spec in "$here"/specs/*.spec; do
  rpmbuild --define "_topdir $work" --define '_build_id_links none' \
    --define 'debug_package %{nil}' --define '__os_install_post %{nil}' -bb "$spec" >/dev/null
done
gpg --batch --passphrase '' --quick-gen-key 'Drydock Test <test@example.invalid>' rsa2048 sign never
gpg --armor --export >"$work/key.asc"
rpm --dbpath "$work/db" --define '_db_backend sqlite' --initdb
rpm --dbpath "$work/db" --define '_db_backend sqlite' --import "$work/key.asc"
rpm --dbpath "$work/db" --define '_db_backend sqlite' -i --justdb --nodeps --ignorearch --ignoreos \
  "$work"/RPMS/*/*.rpm
cd "$here/../../../../.." # the repo root, for node_modules/better-sqlite3
node -e '
const D = require("better-sqlite3");
const d = new D(process.argv[1]);
d.pragma("journal_mode=DELETE"); d.pragma("page_size=1024"); d.exec("VACUUM"); d.pragma("journal_mode=WAL");
d.close();' "$work/db/rpmdb.sqlite"
cp "$work/db/rpmdb.sqlite" "$here/rpmdb.sqlite"
rm -rf "$work"
