#!/usr/bin/env bash
# A local Citus cluster for tests and benchmarks: a coordinator and two workers, each a Debian
# PostgreSQL 15 cluster on its own port (5440, 5441, 5442), trust auth on localhost only.
# Installs Citus from ../shared/citus when it is missing. Idempotent: run it again to start a
# stopped cluster. With --database NAME it also (re)creates that database on every node, with the
# extension and the workers registered, ready for DATABASE_URL=postgres://postgres@127.0.0.1:5440/NAME.
# Usage: scripts/citus-cluster.sh [--database NAME] [path/to/shared/citus]
set -euo pipefail
database=""
if [ "${1:-}" = "--database" ]; then
  database=$2
  shift 2
fi
citus_dir=${1:-${LINLI_CITUS_DIR:-}}
if [ -z "$citus_dir" ]; then
  for d in "$(cd "$(dirname "$0")/../.." && pwd)/shared/citus" /work/shared/citus; do
    if [ -f "$d/install.sh" ]; then citus_dir=$d; break; fi
  done
fi
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
  # tests create a database per file: room for many connections, and a maintenance worker for each
  # database that has the extension
  changed=""
  for setting in "max_connections = 300" "max_worker_processes = 64"; do
    grep -q "^$setting" "$conf/postgresql.conf" || { echo "$setting" >>"$conf/postgresql.conf"; changed=1; }
  done
  sed -i 's/scram-sha-256\|peer\|md5/trust/' "$conf/pg_hba.conf" # a local test cluster only
  if [ -n "$changed" ]; then pg_ctlcluster --skip-systemctl-redirect 15 "$name" stop 2>/dev/null || true; fi
  pg_ctlcluster --skip-systemctl-redirect 15 "$name" start 2>/dev/null || true
  for _ in $(seq 1 30); do pg_isready -h 127.0.0.1 -p "$port" -q && break; sleep 1; done
  psql -h 127.0.0.1 -p "$port" -U postgres -qc 'CREATE EXTENSION IF NOT EXISTS citus'
done
psql -h 127.0.0.1 -p 5440 -U postgres -qAt \
  -c "SELECT citus_set_coordinator_host('127.0.0.1', 5440)" \
  -c "SELECT citus_add_node('127.0.0.1', 5441)" -c "SELECT citus_add_node('127.0.0.1', 5442)" >/dev/null
psql -h 127.0.0.1 -p 5440 -U postgres -qAt -c "SELECT 'citus ' || citus_version()" \
  -c "SELECT count(*) || ' workers' FROM pg_dist_node WHERE noderole = 'primary' AND groupid > 0"

if [ -n "$database" ]; then
  psql -h 127.0.0.1 -p 5440 -U postgres -qAt -c "SET citus.enable_create_database_propagation TO on" \
    -c "DROP DATABASE IF EXISTS $database WITH (FORCE)" -c "CREATE DATABASE $database" 2>&1 | grep -v NOTICE || true
  for port in 5441 5442 5440; do psql -h 127.0.0.1 -p "$port" -U postgres -d "$database" -qc 'CREATE EXTENSION IF NOT EXISTS citus'; done
  psql -h 127.0.0.1 -p 5440 -U postgres -d "$database" -qAt -c "SELECT citus_set_coordinator_host('127.0.0.1', 5440)" \
    -c "SELECT citus_add_node('127.0.0.1', 5441)" -c "SELECT citus_add_node('127.0.0.1', 5442)" >/dev/null
  echo "database $database on the coordinator and both workers"
fi
