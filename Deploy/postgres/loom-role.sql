-- The least-privileged role Loom loads as (docs/OPERATIONS.md, "A database role for Loom").
-- Run as a superuser or the database owner, connected to the target database:
--   psql -v loom_role=loom -v loom_password=SECRET -v loom_database=DB -f Deploy/postgres/loom-role.sql DB
-- The role is no superuser and owns only what it creates: the ledger schema `loom`, the
-- tables it loads, and their keys and indexes.
\set ON_ERROR_STOP on
CREATE ROLE :"loom_role" LOGIN PASSWORD :'loom_password';
-- CONNECT to the database; CREATE to make the schemas `loom` (the ledger) and, with
-- --schema NAME, the target schema.
GRANT CONNECT, CREATE ON DATABASE :"loom_database" TO :"loom_role";
-- Loading into `public` (PostgreSQL 15 and newer no longer let every role create there).
GRANT USAGE, CREATE ON SCHEMA public TO :"loom_role";
