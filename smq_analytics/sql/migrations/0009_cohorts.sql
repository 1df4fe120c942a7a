-- 0009 peer groups in the store, so that a report run from the store knows its museum's peers
-- (docs/ARCHITECTURE.md, « Peer groups »): the peer groups each museum declares
-- (parameters/museums/<id>.yaml, peer_groups), the cohorts (parameters/cohorts/<id>.yaml) with their
-- members and whether the members agreed to be named (peers_named), and the region class of each
-- tourist region (data/reference/tourist_regions.csv, region_class: urban | regional). All are written
-- by `smq-analytics init` (params.sync_museums), replaced whole at each sync.
CREATE TABLE museum_peer_groups (
    museum_id   VARCHAR NOT NULL,
    peer_group  VARCHAR NOT NULL,              -- a slug, e.g. petits-musees
    PRIMARY KEY (museum_id, peer_group)
);
CREATE TABLE cohorts (
    cohort_id    VARCHAR PRIMARY KEY,
    name         VARCHAR NOT NULL,
    year         INTEGER NOT NULL,
    peers_named  BOOLEAN NOT NULL DEFAULT false  -- true only when the cohort's members agreed to be named
);
CREATE TABLE cohort_members (
    cohort_id  VARCHAR NOT NULL,
    museum_id  VARCHAR NOT NULL,
    PRIMARY KEY (cohort_id, museum_id)
);
ALTER TABLE ref_tourist_regions ADD COLUMN region_class VARCHAR;
