-- Provinces and territories other than Quebec (disclosure audit).
SELECT province_code AS province FROM ref_provinces WHERE province_code <> 'QC' ORDER BY province_code;
