-- --replace: mark superseded loads (their raw and quarantine rows are deleted alongside).
UPDATE load_ledger SET replaced_at = $replaced_at
WHERE list_contains($load_ids, load_id);
