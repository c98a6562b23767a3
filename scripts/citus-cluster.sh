#!/usr/bin/env bash
# A local Citus cluster for tests and benchmarks: a coordinator and two workers, each a Debian
# PostgreSQL 15 cluster on its own port (5440, 5441, 5442), trust auth on localhost only.
# Installs Citus from ../shared/citus when it is missing. Idempotent: run it again to start a
# stopped cluster. Usage: scripts/citus-cluster.sh [path/to/shared/citus]
set -euo pipefail
citus_dir=${1:-${LINLI_CITUS_DIR:-$(cd "$(dirname "$0")/../.." && pwd)/shared/citus}}
if [ ! -f /usr/share/postgresql/15/extension/citus.control ]; then
  bash "$citus_dir/install.sh"
fi
for n in coord:5440 w1:5441 w2:5442; do
  name=citus_${n%%:*}
  port=${n##*:}
  pg_lsclusters | grep -q "$name" || pg_createcluster 15 "$name" -p "$port" >/dev/null
  conf=/etc/postgresql/15/$name
  grep -q "^shared_preload_libraries = 'citus'" "$conf/postgresql.conf" ||
    echo "shared_preload_libraries = 'citus'" >>"$conf/postgresql.conf"
  # tests create a database per file: room for many connections, little memory each
  grep -q "^max_connections = 300" "$conf/postgresql.conf" || echo "max_connections = 300" >>"$conf/postgresql.conf"
  sed -i 's/scram-sha-256\|peer\|md5/trust/' "$conf/pg_hba.conf" # a local test cluster only
  pg_ctlcluster --skip-systemctl-redirect 15 "$name" start 2>/dev/null || true
  for _ in $(seq 1 30); do pg_isready -h 127.0.0.1 -p "$port" -q && break; sleep 1; done
  psql -h 127.0.0.1 -p "$port" -U postgres -qc 'CREATE EXTENSION IF NOT EXISTS citus'
done
psql -h 127.0.0.1 -p 5440 -U postgres -qAt \
  -c "SELECT citus_set_coordinator_host('127.0.0.1', 5440)" \
  -c "SELECT citus_add_node('127.0.0.1', 5441)" -c "SELECT citus_add_node('127.0.0.1', 5442)" >/dev/null
psql -h 127.0.0.1 -p 5440 -U postgres -qAt -c "SELECT 'citus ' || citus_version()" \
  -c "SELECT count(*) || ' workers' FROM pg_dist_node WHERE noderole = 'primary' AND groupid > 0"
