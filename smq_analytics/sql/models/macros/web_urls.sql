-- URLs of the web sources (docs/ARCHITECTURE.md, « Web analytics » and « Privacy »): the one place that
-- parses a URL. ingest/ga4_events.py stores page_location and page_referrer through web_clean_url, so
-- personal data never reaches the store; the models read hosts and paths with url_host and url_path.
--
-- A macro is expanded as text: each macro below names its parameter once (or only through the fields
-- of one url_parts value, which DuckDB computes once), so that a call costs one parse of the URL.

-- The parts of a URL (RFC 3986, appendix B): origin ('https://user@Host:8080', '' when the text has
-- no scheme and host), path (as written, possibly ''), query (after '?', '' when none). The fragment
-- ('#…') is never part of them.
CREATE OR REPLACE MACRO url_parts(url) AS
    regexp_extract(url, '^([A-Za-z][A-Za-z0-9+.\-]*://[^/?#]*)?([^?#]*)(?:\?([^#]*))?',
                   ['origin', 'path', 'query']);

-- Anything that looks like an e-mail address, written plainly or with its @ percent-encoded (%40, as a
-- form's GET request writes it), becomes '[courriel]' (the store's mask, whatever the reader's language).
CREATE OR REPLACE MACRO mask_emails(text) AS
    regexp_replace(text, '[A-Za-z0-9._%+\-]+(?:@|%40)[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}',
                   '[courriel]', 'g');

-- The query of a URL reduced to the keys it may keep (campaign tags, click ids, the page language), in
-- their order, with '?' before it; '' when none is left. Every other key goes with its value: forms and
-- sites put names, e-mails and postal codes in queries.
CREATE OR REPLACE MACRO url_kept_query(query) AS
    coalesce('?' || nullif(array_to_string(list_filter(string_split(query, '&'), lambda pair:
        lower(split_part(pair, '=', 1)) IN ('utm_source', 'utm_medium', 'utm_campaign', 'utm_term',
            'utm_content', 'utm_id', 'gclid', 'dclid', 'fbclid', 'lang')), '&'), ''), '');

-- web_clean_url of a url_parts value: origin in lower case without user information ('marie:pw@'),
-- port kept; path as written; kept query; e-mail addresses masked everywhere.
CREATE OR REPLACE MACRO web_clean_url_parts(parts) AS
    mask_emails(lower(regexp_replace(parts.origin, '//[^/]*@', '//')) || parts.path
                || url_kept_query(parts.query));

-- A URL fit to store: scheme and host in lower case, no user information, no fragment, the query
-- reduced to its allowed keys, e-mail addresses masked. NULL stays NULL.
CREATE OR REPLACE MACRO web_clean_url(url) AS web_clean_url_parts(url_parts(url));

-- The host of a URL: lower case, no 'www.', no port, no user information; NULL when the text has no
-- scheme and host ('/fr/page', '').
CREATE OR REPLACE MACRO url_host(url) AS
    nullif(lower(regexp_extract(url, '^[A-Za-z][A-Za-z0-9+.\-]*://(?:[^/?#@]*@)?(?:[wW]{3}\.)?([^/?#:]*)', 1)), '');

-- The path of a URL: no query, no fragment, '/' when empty, e-mail addresses masked. NULL stays NULL.
CREATE OR REPLACE MACRO url_path(url) AS mask_emails(regexp_replace(url_parts(url).path, '^$', '/'));
