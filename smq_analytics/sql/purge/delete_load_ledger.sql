-- Purge: the ledger rows themselves, last (the statements above find their rows through them). No
-- tombstone is kept: a file name can name a person, and the store's fingerprint (status/snapshot.sql)
-- changes when ledger rows disappear, so a report run in progress notices the purge.
DELETE FROM load_ledger
WHERE museum_id = $museum_id OR load_id = $load_id;
