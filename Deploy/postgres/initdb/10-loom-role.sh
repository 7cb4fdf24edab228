#!/usr/bin/env bash
# Run once by the postgres image when it initialises its volume: creates the role Loom loads
# as, with the password from LOOM_DB_PASSWORD (Deploy/postgres.env.example).
set -euo pipefail
psql --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
  -v loom_role=loom -v loom_password="$LOOM_DB_PASSWORD" -v loom_database="$POSTGRES_DB" \
  -f /etc/loom/loom-role.sql
