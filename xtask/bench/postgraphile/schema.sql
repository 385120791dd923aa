-- The schema PostGraphile (v5 and v4) serves in the W1 benchmark (`cargo xtask bench --workload
-- webshop`, see xtask/src/bench/postgraphile.rs): views over Tillit's own tables and the SQL
-- functions a PostGraphile user would write for the webshop's lookup. Applied by xtask as the
-- superuser to each PostgreSQL bench database before the servers start; idempotent.
--
-- PostGraphile connects as `pgl_reader`, which may only use the schema `pgl` and read its views.
-- The views run with their owner's rights; every function reads only `pgl` views.
--
-- Smart tags carry both dialects: `@omit`/`@simpleCollections` for v4, `@behavior` for v5 (each
-- version ignores the other's).

SET client_min_messages = warning;

-- The search's folding (W3) removes accents as Tillit's does.
CREATE EXTENSION IF NOT EXISTS unaccent;

DROP SCHEMA IF EXISTS pgl CASCADE;
CREATE SCHEMA pgl;

DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = 'pgl_reader') THEN
        CREATE ROLE pgl_reader LOGIN;
    END IF;
END
$$;

-- No JIT for PostGraphile's queries, as a PostGraphile deployment tuned for this would have it:
-- the search function's patterns come from a CTE, so the planner cannot estimate them, and at
-- 1 M customers its cost estimate crossed `jit_above_cost` — PostgreSQL then compiled every
-- search (~57 of its 64 ms for a customer number). Tillit's statements stay below the threshold.
ALTER ROLE pgl_reader SET jit = off;

-- Customers a reporting key sees: active and not restricted to access groups.
CREATE VIEW pgl.customer AS
SELECT id, number, display_name, sort_name, email, phone, search_doc, created_at
FROM public.customers
WHERE state = 'active' AND NOT restricted;

-- Contacts the webshop key may see: the filter of `webshop::service::find` for a key without
-- access groups (not archived, customer not anonymized, customer not restricted).
CREATE VIEW pgl.contact AS
SELECT ct.id, ct.customer_id, ct.external_id, ct.email, ct.created_at
FROM public.contacts ct
JOIN public.customers c ON c.id = ct.customer_id
WHERE NOT ct.archived AND c.state <> 'anonymized' AND NOT c.restricted;

CREATE VIEW pgl.current_consent AS
SELECT cc.contact_id, p.key AS purpose, cc.decision, cc.declaration_version, cc.valid_until,
       cc.changed_at
FROM public.current_consents cc
JOIN public.consent_purposes p ON p.id = cc.purpose_id;

-- The same rows by purpose id, for the W1 function: joined by id, as Tillit's statement does.
CREATE VIEW pgl.consent_row AS
SELECT contact_id, purpose_id, decision, declaration_version, valid_until, changed_at
FROM public.current_consents;

CREATE VIEW pgl.purpose AS
SELECT id, key, sort_order FROM public.consent_purposes WHERE active;

CREATE VIEW pgl.declaration AS
SELECT version FROM public.consent_declarations;

COMMENT ON VIEW pgl.consent_row IS E'@omit\n@behavior -*';
COMMENT ON VIEW pgl.purpose IS E'@omit\n@behavior -*';
COMMENT ON VIEW pgl.declaration IS E'@omit\n@behavior -*';
COMMENT ON VIEW pgl.customer IS E'@primaryKey id';
COMMENT ON VIEW pgl.contact IS
    E'@primaryKey id\n@foreignKey (customer_id) references pgl.customer (id)';
COMMENT ON VIEW pgl.current_consent IS
    E'@primaryKey contact_id,purpose\n@foreignKey (contact_id) references pgl.contact (id)';
COMMENT ON COLUMN pgl.customer.search_doc IS E'@omit\n@behavior -*';

CREATE TYPE pgl.consent AS (purpose text, status text, decision text, changed_at timestamptz);

-- W1: one consent per active purpose, in the purposes' order, the status computed like
-- `consents::ConsentStatus::of` (an unknown decision counts as denied).
CREATE FUNCTION pgl.contact_consents(ct pgl.contact) RETURNS SETOF pgl.consent
LANGUAGE sql STABLE AS $$
    SELECT p.key,
           CASE
               WHEN cc.decision IS NULL THEN 'NOT_ASKED'
               WHEN cc.decision = 'granted' AND cc.valid_until <= now() THEN 'EXPIRED'
               WHEN cc.decision = 'granted'
                    AND cc.declaration_version < (SELECT max(version) FROM pgl.declaration)
                   THEN 'OUTDATED'
               WHEN cc.decision = 'granted' THEN 'GRANTED'
               WHEN cc.decision = 'withdrawn' THEN 'WITHDRAWN'
               ELSE 'DENIED'
           END,
           cc.decision,
           cc.changed_at
    FROM pgl.purpose p
    LEFT JOIN pgl.consent_row cc ON cc.purpose_id = p.id AND cc.contact_id = ct.id
    ORDER BY p.sort_order, p.key
$$;

-- W1: the contacts with an e-mail address, oldest first, at most 20 (`MAX_MATCHES`). The address
-- is normalised like Tillit's (trimmed, lower-case); the parameter is qualified, since inside the
-- function a bare `email` would be the column.
CREATE FUNCTION pgl.webshop_contacts(email text) RETURNS SETOF pgl.contact
LANGUAGE sql STABLE AS $$
    SELECT c.*
    FROM pgl.contact c
    WHERE c.email = lower(btrim(webshop_contacts.email))
    ORDER BY c.created_at, c.id
    LIMIT 20
$$;

-- W3: the customer search a PostGraphile user would write, with Tillit's rules: the term folded
-- in the database (unaccent, lower case, other punctuation as a space), the exact customer
-- number first, then every customer whose search document holds each of the first three words
-- (`LIKE` on the pg_trgm index; `LIKE ALL (array)` could not use it), or, when every word is
-- shorter than three characters, whose folded name starts with them (the B-tree on
-- `sort_name`); by name in byte order, 25 at most. Staff who search are administrators here:
-- restricted customers are found too.
CREATE VIEW pgl.staff_customer AS
SELECT id, number, display_name, sort_name, search_doc
FROM public.customers
WHERE state = 'active';

COMMENT ON VIEW pgl.staff_customer IS E'@primaryKey id';
COMMENT ON COLUMN pgl.staff_customer.search_doc IS E'@omit\n@behavior -*';
COMMENT ON COLUMN pgl.staff_customer.sort_name IS E'@omit\n@behavior -*';

CREATE FUNCTION pgl.fold(term text) RETURNS text
LANGUAGE sql STABLE STRICT AS $$
    SELECT btrim(regexp_replace(lower(public.unaccent(term)), '[^[:alnum:]@.+_-]+', ' ', 'g'))
$$;

COMMENT ON FUNCTION pgl.fold(text) IS E'@omit\n@behavior -*';

CREATE FUNCTION pgl.search_customers(term text) RETURNS SETOF pgl.staff_customer
LANGUAGE sql STABLE AS $$
    WITH folded AS (
        SELECT CASE WHEN pgl.fold(term) ~ '^[0-9 +().-]+$'
                    THEN regexp_replace(pgl.fold(term), '[^0-9]', '', 'g')
                    ELSE pgl.fold(term) END AS f
    ), q AS (
        -- The words, longest first (the first one is looked up in the index).
        SELECT CASE WHEN btrim(term) ~ '^\d{1,18}$' THEN btrim(term)::bigint END AS number,
               coalesce(w[1], '') AS t1, coalesce(w[2], '') AS t2, coalesce(w[3], '') AS t3,
               coalesce(length(w[1]), 0) >= 3 AS long
        FROM (SELECT ARRAY(SELECT x FROM unnest(string_to_array(f, ' ')) WITH ORDINALITY AS t(x, i)
                           WHERE x <> '' ORDER BY length(x) DESC, i) AS w
              FROM folded) words
    )
    SELECT x.id, x.number, x.display_name, x.sort_name, x.search_doc
    FROM (
        SELECT c.*, 0 AS r FROM pgl.staff_customer c, q WHERE c.number = q.number
        UNION ALL
        SELECT c.*, 1 FROM pgl.staff_customer c, q
        WHERE q.long
          AND c.search_doc LIKE '%' || q.t1 || '%'
          AND (q.t2 = '' OR c.search_doc LIKE '%' || q.t2 || '%')
          AND (q.t3 = '' OR c.search_doc LIKE '%' || q.t3 || '%')
          AND c.number IS DISTINCT FROM q.number
        UNION ALL
        SELECT c.*, 1 FROM pgl.staff_customer c, q
        WHERE NOT q.long AND q.t1 <> ''
          AND c.sort_name COLLATE "C" >= concat_ws(' ', q.t1, nullif(q.t2, ''))
          AND c.sort_name COLLATE "C" < concat_ws(' ', q.t1, nullif(q.t2, '')) || chr(1114111)
          AND c.number IS DISTINCT FROM q.number
    ) x
    ORDER BY x.r, x.sort_name COLLATE "C", x.number
    LIMIT 25
$$;

COMMENT ON FUNCTION pgl.contact_consents(pgl.contact) IS
    E'@simpleCollections only\n@behavior -connection +list';
COMMENT ON FUNCTION pgl.webshop_contacts(text) IS
    E'@simpleCollections only\n@behavior -connection +list';
COMMENT ON FUNCTION pgl.search_customers(text) IS
    E'@simpleCollections only\n@behavior -connection +list';

REVOKE ALL ON SCHEMA pgl FROM PUBLIC;
GRANT USAGE ON SCHEMA pgl TO pgl_reader;
GRANT SELECT ON ALL TABLES IN SCHEMA pgl TO pgl_reader;
REVOKE EXECUTE ON ALL FUNCTIONS IN SCHEMA pgl FROM PUBLIC;
GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA pgl TO pgl_reader;
