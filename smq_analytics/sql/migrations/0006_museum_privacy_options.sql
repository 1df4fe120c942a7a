-- 0006 a museum may ask to keep full postal codes (parameters/museums/<id>.yaml,
-- keep_full_postal_code: true); by default only the FSA (first three characters) is stored.
ALTER TABLE museums ADD COLUMN keep_full_postal_code BOOLEAN DEFAULT false;
