-- 0007 survey scales: the rating scale each load's satisfaction and recommendation items were asked on.
-- Surveys use 4-point, 5-point or 0–10 scales (data/reference/codebook.yaml, rating_scales); a file's
-- mapping declares its scale and the answers are stored as given (raw_survey's UTINYINT columns hold
-- 0–10), never recoded onto another scale. Each load records here the scale of every rating item its
-- file held, so two seasons on different scales are compared with a warning, not as a trend
-- (docs/ARCHITECTURE.md, « Survey scales »). stg_survey exposes it per response (satisfaction_scale,
-- recommend_scale); a load made before 0007 has no rows here and reads as scale4, the only scale
-- ingest knew then.
CREATE TABLE survey_item_scales (
    load_id        BIGINT NOT NULL,
    item           VARCHAR NOT NULL,          -- canonical item, e.g. sat_overall, recommend
    scale_group    VARCHAR NOT NULL,          -- the item's label group: satisfaction | recommendation
    scale          VARCHAR NOT NULL,          -- scale4 | scale5 | scale0_10
    PRIMARY KEY (load_id, item)
);
