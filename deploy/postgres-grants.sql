-- xinbao on PostgreSQL: two database roles, so that the running application cannot rewrite
-- the audit log (等保2.0 三级 安全审计: audit records protected from deletion and modification).
--
--   xinbao_owner  owns the tables; used only to run `manage.py migrate` and `manage.py audit_purge`.
--   xinbao_app    used by the web processes and workers (DATABASE_URL of the service).
--
-- 1. As a superuser, once (choose real passwords):
--      CREATE ROLE xinbao_owner LOGIN PASSWORD 'change-me-owner';
--      CREATE ROLE xinbao_app   LOGIN PASSWORD 'change-me-app';
--      CREATE DATABASE xinbao OWNER xinbao_owner;
-- 2. Migrate as the owner:
--      DATABASE_URL=postgres://xinbao_owner:…@host/xinbao python manage.py migrate
-- 3. Run this file as the owner, after every `migrate` that adds tables:
--      psql "postgres://xinbao_owner:…@host/xinbao" -v ON_ERROR_STOP=1 -f deploy/postgres-grants.sql
-- 4. Run the service with DATABASE_URL=postgres://xinbao_app:…@host/xinbao

REVOKE ALL ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO xinbao_app;

-- Everything the application needs on every table and sequence …
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO xinbao_app;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO xinbao_app;
ALTER DEFAULT PRIVILEGES FOR ROLE xinbao_owner IN SCHEMA public
    GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO xinbao_app;
ALTER DEFAULT PRIVILEGES FOR ROLE xinbao_owner IN SCHEMA public
    GRANT USAGE, SELECT ON SEQUENCES TO xinbao_app;

-- … except on the audit log: read and append only. (The triggers of migration 0003 refuse
-- UPDATE, DELETE and TRUNCATE for everyone as well; only the owner may disable them, which
-- `manage.py audit_purge` does inside its own transaction.)
REVOKE UPDATE, DELETE, TRUNCATE ON audit_auditrecord FROM xinbao_app;
GRANT SELECT, INSERT ON audit_auditrecord TO xinbao_app;

-- The application role owns nothing and cannot change the schema.
REVOKE CREATE ON SCHEMA public FROM xinbao_app;
