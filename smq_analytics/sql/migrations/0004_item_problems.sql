-- 0004 item problems: an invalid answer to an item voids that item, not the response.
-- The row is accepted (raw_survey, the item NULL) and the problem is kept here, so the museum can
-- fix its file; rejected rows stay in quarantine with every reason. rows_read = rows_accepted +
-- rows_rejected is unchanged: these rows are accepted rows.
CREATE TABLE item_problems (
    load_id        BIGINT NOT NULL,
    row_number     INTEGER NOT NULL,          -- spreadsheet row number in the file (header = 1)
    column_name    VARCHAR NOT NULL,          -- canonical item stored NULL, e.g. postal_code
    value          VARCHAR,                   -- the value as read; postal codes masked to their FSA ('D1A ***')
    reason_fr      VARCHAR NOT NULL,          -- « ligne 5 : code postal impossible … »
    reason_en      VARCHAR NOT NULL,
    PRIMARY KEY (load_id, row_number, column_name)
);
