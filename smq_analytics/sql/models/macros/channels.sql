-- Google's default channel group for GA4 (docs/ARCHITECTURE.md, « Web analytics »): the session's
-- channel from its source, medium, campaign and the source's category.
--
-- Rule set 'ga4-2024-07': the rules for manual traffic of Google's help article « [GA4] Default channel
-- group », as published from mid-2024, in its order; the first rule that matches wins. Google does not
-- enforce case, so every comparison here ignores it, and regular expressions match the whole value.
-- How the published versions differ, and what this set takes:
--   * the paid-medium expression: older copies read ^(.*cp.*|ppc|paid.*)$; the current one adds
--     'retargeting' (^(.*cp.*|ppc|retargeting|paid.*)$). Taken: the current one.
--   * Referral: older copies accept medium 'referral' only; the current one 'referral', 'app' or
--     'link'. Taken: the current one.
--   * Email and Affiliates: some published copies put them before Referral. Only Email can collide
--     with Referral (source 'email' with medium 'referral'); taken: Referral first, then Email,
--     Affiliates, Audio, SMS, Mobile Push Notifications, as the current article lists them.
-- Absent on purpose: the platform rules that come first in Google's list (Google Ads ad network type
-- « Cross-network » / « Google Display Network », DV360 and SA360 campaigns, Merchant Center shopping
-- ads). They read fields the BigQuery export does not carry for a session (the Ads platform's own
-- metadata), so they cannot be reproduced from the exported events; a gclid without UTM parameters is
-- attributed google / cpc by stg_ga4__events, which lands in Paid Search here, as Google's reports do.
-- A change of rules is a new version: a new string from channel_rules_version(), named in reports.
--
-- source_category: the category of Google's source list (ref_ga4_source_categories, loaded from
-- data/reference/ga4_source_categories.csv), matched on the exact lower-case source by the caller;
-- 'SOURCE_CATEGORY_SEARCH' or its short form 'SEARCH' (likewise SOCIAL, SHOPPING, VIDEO), NULL when the
-- source is not listed. Direct: the source '(direct)' with medium '(none)' or '(not set)'; a session
-- with no source and no medium at all is Direct too.

CREATE OR REPLACE MACRO channel_rules_version() AS 'ga4-2024-07';

-- The paid media of the rules (a regular expression on the whole medium, any case).
CREATE OR REPLACE MACRO channel_paid_medium(medium) AS
    regexp_full_match(coalesce(medium, ''), '^(.*cp.*|ppc|retargeting|paid.*)$', 'i');

-- A shopping campaign (Google's expression as published): 'shopping' anywhere, or 'shop' at the start
-- or after anything but a letter other than e ('shop-ete', 'e-shop', 'eshop' match; 'workshop' does not).
CREATE OR REPLACE MACRO channel_shopping_campaign(campaign) AS
    regexp_full_match(coalesce(campaign, ''), '^(.*(([^a-df-z]|^)shop|shopping).*)$', 'i');

-- The short category name (SEARCH, SOCIAL, SHOPPING, VIDEO) of a category value, '' when none.
CREATE OR REPLACE MACRO channel_category(source_category) AS
    regexp_replace(upper(trim(coalesce(source_category, ''))), '^SOURCE_CATEGORY_', '');

CREATE OR REPLACE MACRO default_channel_group(source, medium, campaign, source_category) AS
    CASE
        WHEN lower(coalesce(source, '(direct)')) = '(direct)'
             AND lower(coalesce(medium, '(none)')) IN ('(not set)', '(none)') THEN 'Direct'
        WHEN contains(lower(coalesce(campaign, '')), 'cross-network') THEN 'Cross-network'
        WHEN (channel_category(source_category) = 'SHOPPING' OR channel_shopping_campaign(campaign))
             AND channel_paid_medium(medium) THEN 'Paid Shopping'
        WHEN channel_category(source_category) = 'SEARCH' AND channel_paid_medium(medium) THEN 'Paid Search'
        WHEN channel_category(source_category) = 'SOCIAL' AND channel_paid_medium(medium) THEN 'Paid Social'
        WHEN channel_category(source_category) = 'VIDEO' AND channel_paid_medium(medium) THEN 'Paid Video'
        WHEN lower(coalesce(medium, '')) IN ('display', 'banner', 'expandable', 'interstitial', 'cpm') THEN 'Display'
        WHEN channel_paid_medium(medium) THEN 'Paid Other'
        WHEN channel_category(source_category) = 'SHOPPING' OR channel_shopping_campaign(campaign)
            THEN 'Organic Shopping'
        WHEN channel_category(source_category) = 'SOCIAL'
             OR lower(coalesce(medium, '')) IN ('social', 'social-network', 'social-media', 'sm', 'social network',
                                               'social media') THEN 'Organic Social'
        WHEN channel_category(source_category) = 'VIDEO' OR contains(lower(coalesce(medium, '')), 'video')
            THEN 'Organic Video'
        WHEN channel_category(source_category) = 'SEARCH' OR lower(coalesce(medium, '')) = 'organic'
            THEN 'Organic Search'
        WHEN lower(coalesce(medium, '')) IN ('referral', 'app', 'link') THEN 'Referral'
        WHEN regexp_full_match(coalesce(source, ''), 'email|e-mail|e_mail|e mail', 'i')
             OR regexp_full_match(coalesce(medium, ''), 'email|e-mail|e_mail|e mail', 'i') THEN 'Email'
        WHEN lower(coalesce(medium, '')) = 'affiliate' THEN 'Affiliates'
        WHEN lower(coalesce(medium, '')) = 'audio' THEN 'Audio'
        WHEN lower(coalesce(source, '')) = 'sms' OR lower(coalesce(medium, '')) = 'sms' THEN 'SMS'
        WHEN ends_with(lower(coalesce(medium, '')), 'push')
             OR contains(lower(coalesce(medium, '')), 'mobile')
             OR contains(lower(coalesce(medium, '')), 'notification')
             OR lower(coalesce(source, '')) = 'firebase' THEN 'Mobile Push Notifications'
        ELSE 'Unassigned'
    END;

-- A host within a domain: the domain itself or one of its subdomains, any case (www.billets.example and
-- billets.example are within billets.example; notbillets.example is not). Used for the museum's key
-- events (link_domain), its ticketing clicks and the self-referrals of sessions (docs/ARCHITECTURE.md,
-- « Web analytics »); NULL host or domain: false.
CREATE OR REPLACE MACRO host_in_domain(host, domain) AS
    coalesce(lower(host) = lower(domain) OR ends_with(lower(host), '.' || lower(domain)), false);
