-- The version of the default channel group rules the models implement (macro channel_rules_version,
-- sql/models/macros/channels.sql), named in reports built on raw events.
SELECT channel_rules_version() AS version;
