#!/bin/bash
# The access log's chain before (UPDATE of every event, five indexes) and after (insert-only
# audit_links, three indexes on the events), on PostgreSQL, without Tillit: W1's steady state of
# 2 048 rows written (4 group commits of 512) then sealed, 100 rounds each way.
# Usage: xtask/bench/micro/audit_chain.sh  (PostgreSQL on 127.0.0.1:5432, user postgres)
set -e
psql -U postgres -h 127.0.0.1 -q <<'SQL'
DROP DATABASE IF EXISTS audit_micro;
CREATE DATABASE audit_micro;
\c audit_micro
CREATE TABLE ev_old (id bigserial PRIMARY KEY, occurred_at timestamptz NOT NULL, actor_kind varchar NOT NULL,
  actor_id varchar, action varchar NOT NULL, entity_type varchar, entity_id varchar, outcome varchar NOT NULL,
  ip varchar, request_id varchar, details jsonb, seq bigint, prev_hash varchar, hash varchar);
CREATE INDEX ON ev_old (entity_type, entity_id); CREATE INDEX ON ev_old (actor_id, id);
CREATE INDEX ON ev_old (action, id); CREATE UNIQUE INDEX ON ev_old (seq);
CREATE TABLE ev_new (id bigserial PRIMARY KEY, occurred_at timestamptz NOT NULL, actor_kind varchar NOT NULL,
  actor_id varchar, action varchar NOT NULL, entity_type varchar, entity_id varchar, outcome varchar NOT NULL,
  ip varchar, request_id varchar, details jsonb);
CREATE INDEX ON ev_new (actor_id, id); CREATE INDEX ON ev_new (action, id);
CREATE TABLE links (seq bigint PRIMARY KEY, event_id bigint NOT NULL, hash varchar NOT NULL);
CREATE UNIQUE INDEX ON links (event_id);
SQL
# The old sealer found unsealed rows by `seq IS NULL` and linked them with an UPDATE; the new one
# anti-joins ids above the last link and INSERTs links. Each round: write 2 048, seal 3 × ≤ 1 000.
P="psql -U postgres -h 127.0.0.1 -d audit_micro -qAt"
gen="SELECT now() - interval '2 seconds', 'api_key', gen_random_uuid()::text, 'webshop.lookup', 'customer', gen_random_uuid()::text, 'success', '127.0.0.1', gen_random_uuid()::text, '{\"contacts\":1}'::jsonb FROM generate_series(1,512)"
cols="occurred_at, actor_kind, actor_id, action, entity_type, entity_id, outcome, ip, request_id, details"
old_round() {
  for i in 1 2 3 4; do echo "INSERT INTO ev_old ($cols) $gen;"; done
  for b in 1 2 3; do
  echo "WITH h AS (SELECT COALESCE(max(seq),0) AS s FROM ev_old WHERE seq IS NOT NULL),
   c AS (SELECT id FROM ev_old WHERE seq IS NULL AND occurred_at < now() - interval '1 second' ORDER BY id LIMIT 1000),
   v AS (SELECT c.id, h.s + row_number() OVER (ORDER BY c.id) AS seq FROM c, h)
  UPDATE ev_old SET seq = v.seq, prev_hash = md5(v.id::text) || md5(v.seq::text), hash = md5(v.seq::text) || md5(v.id::text) FROM v WHERE ev_old.id = v.id;"
  done
}
new_round() {
  for i in 1 2 3 4; do echo "INSERT INTO ev_new ($cols) $gen;"; done
  for b in 1 2 3; do
  echo "WITH h AS (SELECT COALESCE(max(seq),0) AS s, COALESCE(max(event_id),0) AS f FROM links),
   c AS (SELECT e.id FROM ev_new e, h WHERE e.id > h.f AND e.occurred_at < now() - interval '1 second' AND NOT EXISTS (SELECT 1 FROM links l WHERE l.event_id = e.id) ORDER BY e.id LIMIT 1000)
  INSERT INTO links (seq, event_id, hash) SELECT h.s + row_number() OVER (ORDER BY c.id), c.id, md5(c.id::text) || md5(c.id::text) FROM c, h;"
  done
}
for kind in old new; do
  $P -c "SELECT pg_stat_reset()" >/dev/null
  s=$(date +%s%N)
  for r in $(seq 1 100); do ${kind}_round; done | $P
  e=$(date +%s%N); echo "$kind: 204 800 rows written and sealed in $(( (e-s)/1000000 )) ms"
done
$P -c "SELECT relname, pg_size_pretty(pg_total_relation_size(relid)), n_dead_tup FROM pg_stat_user_tables ORDER BY relname"
$P -c "SELECT sum(blks_hit) , sum(tup_inserted), sum(tup_updated) FROM pg_stat_database WHERE datname='audit_micro'"
